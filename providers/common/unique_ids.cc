#include "providers/common/unique_ids.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"

namespace statusphere::providers {

absl::StatusOr<ParsedPage> RequireUniqueIncidentIds(absl::string_view url, ParsedPage page) {
  std::set<std::string> seen;
  for (const auto& incident : page.incidents) {
    if (!seen.insert(incident.id()).second) {
      return absl::InvalidArgumentError(absl::StrCat(url, ": incident '", incident.id(), "' is listed twice"));
    }
  }
  return page;
}

}  // namespace statusphere::providers
