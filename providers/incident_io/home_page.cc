#include "providers/incident_io/home_page.h"

#include "absl/strings/str_cat.h"
#include "common/vocabulary.h"
#include "providers/common/flight_data.h"

namespace statusphere::providers {
namespace {

bool IsStatusPageSummary(const Json& j) {
  const auto summary = j.find("summary");
  return summary != j.end() && summary->is_object() &&
         (summary->contains("ongoing_incidents") || summary->contains("structure"));
}

// A sub-page's status, from whichever field names it; the captures show no parent page.
std::string SubPageStatus(const Json& sub_page) {
  for (const char* key : {"current_status", "status", "worst_component_status"}) {
    const std::string s = StringField(sub_page, key);
    if (s == "operational" || s == "degraded_performance" || s == "partial_outage" || s == "under_maintenance")
      return s;
    if (s == "full_outage" || s == "major_outage") return vocabulary::kComponentMajorOutage;
  }
  return "unknown";
}

void AddSubPages(const Json& summary, std::vector<statusphere::v1::Component>& components) {
  const auto structure = summary.find("structure");
  if (structure == summary.end() || !structure->is_object()) return;
  for (const Json& item : ArrayField(*structure, "items")) {
    if (!item.is_object()) continue;
    const auto sub = item.find("sub_page");
    if (sub == item.end() || !sub->is_object() || BoolField(*sub, "hidden")) continue;
    statusphere::v1::Component c;
    c.set_id(StringField(*sub, "id"));
    if (c.id().empty()) c.set_id(StringField(*sub, "status_page_id"));
    c.set_name(StringField(*sub, "name"));
    if (c.id().empty() || c.name().empty()) continue;
    c.set_status(SubPageStatus(*sub));
    components.push_back(std::move(c));
  }
}

}  // namespace

absl::StatusOr<NativeSummary> ParseIncidentIoHomePage(absl::string_view page_url, absl::string_view url,
                                                      absl::string_view html) {
  absl::StatusOr<Json> holder = FindInFlightData(url, html, "incident.io status-page summary", IsStatusPageSummary);
  if (!holder.ok()) return holder.status();
  // The widget API's document, so that both are read by one parser. A summary found but
  // unreadable is broken, not absent.
  const Json document = {{"summary", (*holder)["summary"]}};
  absl::StatusOr<NativeSummary> summary =
      ParseNativeSummary(page_url, url, document.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (absl::IsNotFound(summary.status())) return absl::InvalidArgumentError(summary.status().message());
  if (!summary.ok()) return summary.status();
  AddSubPages((*holder)["summary"], summary->components);
  return summary;
}

}  // namespace statusphere::providers
