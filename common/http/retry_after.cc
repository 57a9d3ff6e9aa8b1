#include "common/http/retry_after.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace statusphere::http {

absl::Duration ParseRetryAfter(absl::string_view value, absl::Time now) {
  const absl::string_view v = absl::StripAsciiWhitespace(value);
  int64_t seconds = 0;
  if (absl::SimpleAtoi(v, &seconds)) return seconds > 0 ? absl::Seconds(std::min<int64_t>(seconds, 86400)) : absl::ZeroDuration();
  absl::Time when;
  std::string error;
  if (absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", std::string(v), absl::UTCTimeZone(), &when, &error) && when > now) {
    return std::min(when - now, absl::Hours(24));
  }
  return absl::ZeroDuration();
}

}  // namespace statusphere::http
