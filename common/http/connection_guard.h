// Puts the SSRF guard (AddressPolicy) on a libcurl handle: every connection it opens, the
// first and each redirect's, is checked with the address DNS gave, before a byte is sent.
// Installed by the HTTP client on every transfer: its URLs (status pages, webhooks) come from outside.
#ifndef STATUSPHERE_COMMON_HTTP_CONNECTION_GUARD_H_
#define STATUSPHERE_COMMON_HTTP_CONNECTION_GUARD_H_

#include <curl/curl.h>

#include <string>

#include "common/address_policy.h"

namespace statusphere::http {

struct ConnectionGuard {
  const AddressPolicy* policy = nullptr;
  // Why a connection was refused ("address 10.0.0.1 is a private network, ..."); empty
  // when none was. A transfer that fails with this set failed because of the guard.
  std::string refused;
};

// `guard` must outlive the transfer.
void InstallConnectionGuard(CURL* easy, ConnectionGuard* guard);

}  // namespace statusphere::http

#endif  // STATUSPHERE_COMMON_HTTP_CONNECTION_GUARD_H_
