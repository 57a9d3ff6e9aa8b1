#include "providers/betterstack/hosts.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "providers/common/host.h"

namespace statusphere::providers {

bool IsBetterStackHost(absl::string_view page_url) {
  const std::string host = absl::AsciiStrToLower(HostOf(page_url));
  if (host == "uptime.betterstack.com" || host == "www.betterstack.com" || host == "www.betteruptime.com") {
    return false;  // the app and the product site, not status pages
  }
  return absl::EndsWith(host, ".betteruptime.com") || absl::EndsWith(host, ".betterstack.com");
}

}  // namespace statusphere::providers
