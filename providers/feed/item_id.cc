#include "providers/feed/item_id.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "providers/common/stable_hash.h"

namespace statusphere::providers {

std::string IncidentIdOf(absl::string_view link, absl::string_view guid) {
  const size_t at = link.find("/incidents/");
  if (at != absl::string_view::npos) {
    absl::string_view code = link.substr(at + 11);
    code = code.substr(0, code.find_first_of("/?#"));
    if (!code.empty()) return std::string(code);
  }
  return std::string(guid.empty() ? link : guid);
}

std::string DerivedItemId(absl::Time date, absl::string_view title, absl::string_view text) {
  // The instant, not the date as written: "GMT" and "+0000" are the same item.
  const std::string key = absl::StrCat(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", date, absl::UTCTimeZone()), "\n",
                                       title.empty() ? text : title);
  return absl::StrFormat("item-%016x", Fnv1a64(key));
}

}  // namespace statusphere::providers
