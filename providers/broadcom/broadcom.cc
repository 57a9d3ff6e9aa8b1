#include "providers/broadcom/broadcom.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusRole[] = "status";

// page.state in our component words; the API's spec says under_maintenance and it sends
// under-maintenance (as inket/stts found), so both are read.
constexpr std::pair<absl::string_view, absl::string_view> kComponentStatus[] = {
    {"operational", vocabulary::kComponentOperational},
    {"degraded", vocabulary::kComponentDegradedPerformance},
    {"under_maintenance", vocabulary::kComponentUnderMaintenance},
    {"under-maintenance", vocabulary::kComponentUnderMaintenance},
};

}  // namespace

Detection Broadcom::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.broadcom.com"});
  return d;
}

FetchPlan Broadcom::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kStatusRole, absl::StrCat(page_url, "/api/v1/status")}}};
}

absl::StatusOr<ParsedPage> Broadcom::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kStatusRole));
  ASSIGN_OR_RETURN(Json json, ParseJsonObject(doc->url, doc->body));
  const std::string state = json.contains("page") && json["page"].is_object() ? StringField(json["page"], "state") : "";
  if (state.empty())
    return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no page.state: not Broadcom's status"));
  ParsedPage page;
  page.platform_indicator = state;
  page.lists_every_open_incident = true;  // it lists none
  statusphere::v1::Component broadcom;
  broadcom.set_id("broadcom");
  broadcom.set_name("Broadcom");
  broadcom.set_status("unknown");
  for (const auto& [theirs, ours] : kComponentStatus) {
    if (theirs == state) broadcom.set_status(std::string(ours));
  }
  page.components.push_back(std::move(broadcom));
  return page;
}

}  // namespace statusphere::providers
