#include "providers/cstate/hugo_time.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers::cstate {

std::optional<absl::Time> ParseHugoTime(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (std::optional<absl::Time> t = ParseRfc3339(text)) return t;
  // Go's String(): "<date> <time> <numeric offset> <zone abbreviation>". The abbreviation
  // ("UTC", "CEST") only repeats the offset: drop it.
  absl::string_view numeric = text;
  const size_t last_space = numeric.rfind(' ');
  if (last_space != absl::string_view::npos && last_space + 1 < numeric.size() &&
      absl::ascii_isalpha(static_cast<unsigned char>(numeric[last_space + 1]))) {
    numeric = numeric.substr(0, last_space);
  }
  absl::Time t;
  std::string error;
  for (const char* format : {"%Y-%m-%d %H:%M:%E*S %z", "%Y-%m-%d %H:%M:%E*S", "%Y-%m-%d %H:%M", "%Y-%m-%d"}) {
    if (absl::ParseTime(format, numeric, absl::UTCTimeZone(), &t, &error)) {
      if (absl::ToCivilYear(t, absl::UTCTimeZone()).year() <= 1) return std::nullopt;  // Go's zero time
      return t;
    }
  }
  return std::nullopt;
}

}  // namespace statusphere::providers::cstate
