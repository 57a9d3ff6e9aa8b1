#include "common/http/retry_after.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "common/http/http_date.h"

namespace statusphere::http {

absl::Duration ParseRetryAfter(absl::string_view value, absl::Time now) {
  const absl::string_view v = absl::StripAsciiWhitespace(value);
  int64_t seconds = 0;
  if (absl::SimpleAtoi(v, &seconds))
    return seconds > 0 ? absl::Seconds(std::min<int64_t>(seconds, 86400)) : absl::ZeroDuration();
  if (std::optional<absl::Time> when = ParseHttpDate(v); when && *when > now) {
    return std::min(*when - now, absl::Hours(24));
  }
  return absl::ZeroDuration();
}

}  // namespace statusphere::http
