// The host of a page URL, for providers that recognise their platform by it.
#ifndef STATUSPHERE_PROVIDERS_COMMON_HOST_H_
#define STATUSPHERE_PROVIDERS_COMMON_HOST_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/url.h"

namespace statusphere::providers {

inline absl::string_view HostOf(absl::string_view url) { return SplitUrl(url).host; }

// scheme://host[:port] of a page URL, to which a platform's paths are appended.
inline absl::string_view OriginOf(absl::string_view url) { return SplitUrl(url).origin; }

// Whether a page is served from this machine (localhost, 127.0.0.0/8): a copy of a platform's
// page, such as the end-to-end tests serve, never the platform's own. A platform whose API
// lives on a fixed host of its own reads such a copy's API relative to the page instead, as
// the vendors' pages whose data host differs from their page's do when off their known host.
inline bool IsLoopback(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  if (host == "localhost") return true;
  // An IPv4 address in 127.0.0.0/8, not a name that starts like one (127.0.0.1.example.com).
  return absl::StartsWith(host, "127.") &&
         std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

// A Detection::known_host: the page URL's host is one of these.
inline std::function<bool(absl::string_view)> HostIsOneOf(std::initializer_list<absl::string_view> hosts) {
  return [hosts = std::vector<std::string>(hosts.begin(), hosts.end())](absl::string_view page_url) {
    for (const std::string& host : hosts) {
      if (HostOf(page_url) == host) return true;
    }
    return false;
  };
}

// A Detection::known_host for a vendor's own status page: the page URL is one of these hosts'
// home page (no path), so that other pages on the host (a product's own page under a path)
// are left to detection rather than read from the home page's documents.
inline std::function<bool(absl::string_view)> HomeIsOneOf(std::initializer_list<absl::string_view> hosts) {
  return [is_host = HostIsOneOf(hosts)](absl::string_view page_url) {
    if (!is_host(page_url)) return false;
    const absl::string_view path = SplitUrl(page_url).path;
    return path.empty() || path == "/";
  };
}

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_HOST_H_
