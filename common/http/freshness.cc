#include "common/http/freshness.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/http/http_date.h"

namespace statusphere::http {
namespace {

constexpr absl::Duration kLongest = absl::Hours(24);

// A delta-seconds value (RFC 9111 §1.2.2), quotes tolerated as caches tolerate them;
// nullopt when it is not one.
std::optional<absl::Duration> DeltaSeconds(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  if (value.empty() || !std::all_of(value.begin(), value.end(), absl::ascii_isdigit)) return std::nullopt;
  int64_t seconds = 0;
  // Too many digits to hold: the RFC's "a very large number" means as long as can be said.
  if (!absl::SimpleAtoi(value, &seconds)) return kLongest;
  return std::min(absl::Seconds(seconds), kLongest);
}

struct Directives {
  bool ask_every_time = false;  // no-cache or no-store
  std::optional<absl::Duration> max_age;
  std::optional<absl::Duration> s_maxage;
  bool invalid_age = false;  // a max-age or s-maxage that is not a number: stale, as the RFC says
};

Directives ReadCacheControl(absl::string_view cache_control) {
  Directives d;
  for (absl::string_view directive : absl::StrSplit(cache_control, ',', absl::SkipWhitespace())) {
    absl::string_view name = directive, value;
    bool has_value = false;
    if (const size_t eq = directive.find('='); eq != absl::string_view::npos) {
      name = directive.substr(0, eq);
      value = directive.substr(eq + 1);
      has_value = true;
    }
    const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
    if (lower == "no-cache" || lower == "no-store") d.ask_every_time = true;
    if (lower != "max-age" && lower != "s-maxage") continue;
    std::optional<absl::Duration>& slot = lower == "max-age" ? d.max_age : d.s_maxage;
    const std::optional<absl::Duration> seconds = has_value ? DeltaSeconds(value) : std::nullopt;
    if (!seconds) d.invalid_age = true;
    if (!slot) slot = seconds;  // the first of duplicates
  }
  return d;
}

}  // namespace

absl::Duration FreshFor(const CachingHeaders& headers, absl::Time now) {
  const Directives d = ReadCacheControl(headers.cache_control);
  if (d.ask_every_time || d.invalid_age) return absl::ZeroDuration();
  absl::Duration lifetime = absl::ZeroDuration();
  if (d.max_age) {
    lifetime = *d.max_age;
  } else if (d.s_maxage) {
    lifetime = *d.s_maxage;
  } else if (!headers.expires.empty()) {
    // An invalid Expires ("0", "-1") means already expired.
    const std::optional<absl::Time> expires = ParseHttpDate(headers.expires);
    if (!expires) return absl::ZeroDuration();
    // Against the server's own clock when it says it, so that our clock's skew does not count.
    const std::optional<absl::Time> date = ParseHttpDate(headers.date);
    lifetime = std::min(*expires - (date ? *date : now), kLongest);
  }
  // A CDN's copy may have been cached a while ago: only what is left of it counts.
  if (const std::optional<absl::Duration> age = DeltaSeconds(headers.age)) lifetime -= *age;
  return std::max(lifetime, absl::ZeroDuration());
}

}  // namespace statusphere::http
