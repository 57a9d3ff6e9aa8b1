// Signing of generic JSON webhooks (HMAC-SHA256) and generation of their secrets, through
// OpenSSL's libcrypto: a reviewed implementation rather than one of our own.
#ifndef STATUSPHERE_SERVER_NOTIFY_SIGNATURE_H_
#define STATUSPHERE_SERVER_NOTIFY_SIGNATURE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace statusphere::notify {

// Lowercase hex of HMAC-SHA256(key, message).
std::string HmacSha256Hex(absl::string_view key, absl::string_view message);

// `bytes` bytes from the operating system's CSPRNG, as lowercase hex.
std::string RandomHex(int bytes);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_SIGNATURE_H_
