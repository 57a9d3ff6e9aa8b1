#include "providers/oracle_cloud/status_rollup.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

// Statuspage's indicator words, in our component words.
constexpr std::pair<absl::string_view, absl::string_view> kComponentStatus[] = {
    {"none", vocabulary::kComponentOperational},
    {"minor", vocabulary::kComponentDegradedPerformance},
    {"major", vocabulary::kComponentPartialOutage},
    {"critical", vocabulary::kComponentMajorOutage},
    {"maintenance", vocabulary::kComponentUnderMaintenance},
};

}  // namespace

absl::StatusOr<StatusRollup> ParseStatusRollup(const Document& status_json, absl::string_view service_name) {
  if (status_json.http_status != 200) {
    return absl::UnavailableError(absl::StrCat(status_json.url, ": ", OutcomeOf(status_json)));
  }
  ASSIGN_OR_RETURN(Json json, ParseJsonObject(status_json.url, status_json.body));
  const Json empty = Json::object();
  const Json& status = json.contains("status") && json["status"].is_object() ? json["status"] : empty;
  StatusRollup rollup;
  rollup.indicator = StringField(status, "indicator");
  if (rollup.indicator.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(status_json.url, ": no status.indicator: not a status rollup"));
  }
  rollup.component.set_id(std::string(service_name));
  rollup.component.set_name(std::string(service_name));
  rollup.component.set_status("unknown");
  for (const auto& [theirs, ours] : kComponentStatus) {
    if (theirs == rollup.indicator) rollup.component.set_status(std::string(ours));
  }
  return rollup;
}

}  // namespace statusphere::providers
