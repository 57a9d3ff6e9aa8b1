// A URL split into its parts, once for the whole house: the page URL normalizer, the address
// policy, the subscription redactor and the providers that build a platform's addresses from a
// page's all read a URL through SplitUrl instead of each finding "://" on its own.
#ifndef STATUSPHERE_COMMON_URL_H_
#define STATUSPHERE_COMMON_URL_H_

#include <string>

#include "absl/strings/string_view.h"

namespace statusphere {

// The parts as written: views into the split URL (which must outlive them), nothing decoded
// or checked. Whoever needs a valid URL judges the parts (NormalizePageUrl does).
struct UrlParts {
  // Whether the URL has a "://": without one ("status.example.com/x", as a person types it)
  // the scheme is empty and the authority starts at the beginning.
  bool absolute = false;
  absl::string_view scheme;     // before "://", e.g. "HTTPS"
  absl::string_view userinfo;   // before the authority's last '@'; empty when it has none
  absl::string_view authority;  // host and port as written, without userinfo: "[::1]:8080"
  absl::string_view host;       // without an IPv6 literal's brackets: "::1"
  absl::string_view port;       // after the host's ':', unchecked; empty when none
  absl::string_view origin;     // everything before the path: "https://user@host:8080"
  absl::string_view path;       // from the first '/' after the authority to '?' or '#'
  absl::string_view query;      // after '?' to '#', without the '?'
  absl::string_view fragment;   // after '#'

  // Hosts are case-insensitive: the one spelling to compare and store.
  std::string LowercaseHost() const;
};

// Splits any string (never fails): the authority ends at the first '/', '?' or '#'.
UrlParts SplitUrl(absl::string_view url);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_URL_H_
