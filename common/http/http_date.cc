#include "common/http/http_date.h"

#include <string>

#include "absl/strings/ascii.h"

namespace statusphere::http {

std::optional<absl::Time> ParseHttpDate(absl::string_view value) {
  absl::Time when;
  std::string error;
  if (!absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", std::string(absl::StripAsciiWhitespace(value)), absl::UTCTimeZone(),
                       &when, &error)) {
    return std::nullopt;
  }
  return when;
}

}  // namespace statusphere::http
