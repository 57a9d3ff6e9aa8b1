#include "common/page_url.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/url.h"

namespace statusphere {
namespace {

constexpr size_t kMaxUrlLength = 2048;

bool IsHostChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }

}  // namespace

absl::StatusOr<std::string> NormalizePageUrl(absl::string_view url) {
  url = absl::StripAsciiWhitespace(url);
  if (url.empty()) return absl::InvalidArgumentError("url is empty");
  if (url.size() > kMaxUrlLength) {
    return absl::InvalidArgumentError(absl::StrCat("url is longer than ", kMaxUrlLength, " characters"));
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(absl::StrCat("url '", url, "' contains whitespace or control characters"));
    }
  }
  const UrlParts parts = SplitUrl(url);
  if (!parts.absolute) {
    return absl::InvalidArgumentError(absl::StrCat("url '", url, "' is not absolute: expected http:// or https://"));
  }
  const std::string scheme = absl::AsciiStrToLower(parts.scheme);
  if (scheme != "http" && scheme != "https") {
    return absl::InvalidArgumentError(
        absl::StrCat("url '", url, "' has scheme '", scheme, "': only http and https are allowed"));
  }
  if (parts.origin.find('@', scheme.size() + 3) != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("url '", url, "' carries credentials: status page urls must not"));
  }
  // An IPv6 literal keeps its brackets here, so that the host check below refuses it.
  absl::string_view host = parts.authority.substr(0, parts.authority.size() - parts.port.size());
  absl::ConsumeSuffix(&host, ":");
  const absl::string_view port = parts.port;
  if (host.empty()) return absl::InvalidArgumentError(absl::StrCat("url '", url, "' has no host"));
  for (char c : host) {
    if (!IsHostChar(c)) {
      return absl::InvalidArgumentError(absl::StrCat("url '", url, "' has an invalid character in its host"));
    }
  }
  std::string normalized = absl::StrCat(scheme, "://", absl::AsciiStrToLower(host));
  if (!port.empty()) {
    int port_number = 0;
    if (!absl::SimpleAtoi(port, &port_number) || port_number <= 0 || port_number > 65535) {
      return absl::InvalidArgumentError(absl::StrCat("url '", url, "' has an invalid port"));
    }
    const bool default_port = (scheme == "http" && port_number == 80) || (scheme == "https" && port_number == 443);
    if (!default_port) absl::StrAppend(&normalized, ":", port_number);
  }
  absl::string_view path = parts.path;
  while (absl::ConsumeSuffix(&path, "/")) {
  }
  absl::StrAppend(&normalized, path);
  if (!parts.query.empty()) absl::StrAppend(&normalized, "?", parts.query);
  return normalized;
}

}  // namespace statusphere
