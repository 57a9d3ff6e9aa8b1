// The host of a page URL, for providers that recognise their platform by it.
#ifndef STATUSPHERE_PROVIDERS_COMMON_HOST_H_
#define STATUSPHERE_PROVIDERS_COMMON_HOST_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/url.h"

namespace statusphere::providers {

inline absl::string_view HostOf(absl::string_view url) { return SplitUrl(url).host; }

// scheme://host[:port] of a page URL, to which a platform's paths are appended.
inline absl::string_view OriginOf(absl::string_view url) { return SplitUrl(url).origin; }

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
