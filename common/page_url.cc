#include "common/page_url.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace statusphere {
namespace {

constexpr size_t kMaxUrlLength = 2048;

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

}  // namespace

absl::StatusOr<std::string> NormalizePageUrl(absl::string_view url) {
  url = absl::StripAsciiWhitespace(url);
  if (url.empty()) return absl::InvalidArgumentError("url is empty");
  if (url.size() > kMaxUrlLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("url is longer than ", kMaxUrlLength, " characters"));
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(
          absl::StrCat("url '", url, "' contains whitespace or control characters"));
    }
  }
  const size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("url '", url, "' is not absolute: expected http:// or https://"));
  }
  const std::string scheme = absl::AsciiStrToLower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") {
    return absl::InvalidArgumentError(
        absl::StrCat("url '", url, "' has scheme '", scheme, "': only http and https are allowed"));
  }
  absl::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('#'));
  const size_t authority_end = rest.find_first_of("/?");
  absl::string_view authority = rest.substr(0, authority_end);
  absl::string_view path_and_query =
      authority_end == absl::string_view::npos ? absl::string_view() : rest.substr(authority_end);
  if (absl::StrContains(authority, '@')) {
    return absl::InvalidArgumentError(
        absl::StrCat("url '", url, "' carries credentials: status page urls must not"));
  }
  absl::string_view host = authority;
  absl::string_view port;
  if (const size_t colon = authority.rfind(':'); colon != absl::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return absl::InvalidArgumentError(absl::StrCat("url '", url, "' has no host"));
  for (char c : host) {
    if (!IsHostChar(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat("url '", url, "' has an invalid character in its host"));
    }
  }
  std::string normalized = absl::StrCat(scheme, "://", absl::AsciiStrToLower(host));
  if (!port.empty()) {
    int port_number = 0;
    if (!absl::SimpleAtoi(port, &port_number) || port_number <= 0 || port_number > 65535) {
      return absl::InvalidArgumentError(absl::StrCat("url '", url, "' has an invalid port"));
    }
    const bool default_port =
        (scheme == "http" && port_number == 80) || (scheme == "https" && port_number == 443);
    if (!default_port) absl::StrAppend(&normalized, ":", port_number);
  }
  absl::string_view path = path_and_query.substr(0, path_and_query.find('?'));
  absl::string_view query = path.size() < path_and_query.size()
                                ? path_and_query.substr(path.size())
                                : absl::string_view();
  while (absl::ConsumeSuffix(&path, "/")) {
  }
  absl::StrAppend(&normalized, path);
  if (query.size() > 1) absl::StrAppend(&normalized, query);
  return normalized;
}

}  // namespace statusphere
