#include "common/url.h"

#include <algorithm>

#include "absl/strings/ascii.h"

namespace statusphere {

std::string UrlParts::LowercaseHost() const { return absl::AsciiStrToLower(host); }

UrlParts SplitUrl(absl::string_view url) {
  UrlParts parts;
  size_t authority_start = 0;
  if (const size_t separator = url.find("://"); separator != absl::string_view::npos) {
    parts.absolute = true;
    parts.scheme = url.substr(0, separator);
    authority_start = separator + 3;
  }
  const size_t authority_end = std::min(url.size(), url.find_first_of("/?#", authority_start));
  parts.origin = url.substr(0, authority_end);
  absl::string_view authority = url.substr(authority_start, authority_end - authority_start);
  if (const size_t at = authority.rfind('@'); at != absl::string_view::npos) {
    parts.userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  parts.authority = authority;
  // A port follows the host's first ':' (a name has none), or an IPv6 literal's ']'.
  size_t host_end = authority.find(':');
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    host_end = close == absl::string_view::npos ? absl::string_view::npos : authority.find(':', close);
    parts.host = authority.substr(1, close == absl::string_view::npos ? absl::string_view::npos : close - 1);
  } else {
    parts.host = authority.substr(0, host_end);
  }
  if (host_end != absl::string_view::npos) parts.port = authority.substr(host_end + 1);

  absl::string_view rest = url.substr(authority_end);
  if (const size_t hash = rest.find('#'); hash != absl::string_view::npos) {
    parts.fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  if (const size_t question = rest.find('?'); question != absl::string_view::npos) {
    parts.query = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  parts.path = rest;
  return parts;
}

}  // namespace statusphere
