#include "providers/signalwire/signalwire.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kComponentsRole[] = "components";

// SignalWire's status words, as its page prints them, in ours.
constexpr std::pair<absl::string_view, absl::string_view> kComponentStatus[] = {
    {"Operational", vocabulary::kComponentOperational},
    {"Under Maintenance", vocabulary::kComponentUnderMaintenance},
    {"Degraded Performance", vocabulary::kComponentDegradedPerformance},
    {"Partial Outage", vocabulary::kComponentPartialOutage},
    {"Major Outage", vocabulary::kComponentMajorOutage},
};

}  // namespace

Detection SignalWire::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.signalwire.com"});
  return d;
}

FetchPlan SignalWire::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kComponentsRole, absl::StrCat(page_url, "/api/components")}}};
}

absl::StatusOr<ParsedPage> SignalWire::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kComponentsRole));
  ASSIGN_OR_RETURN(Json json, ParseJsonArray(doc->url, doc->body));
  ParsedPage page;
  page.lists_every_open_incident = true;  // it lists none
  std::set<std::string> seen;
  for (const Json& entry : json) {
    statusphere::v1::Component c;
    c.set_name(StringField(entry, "name"));
    if (c.name().empty()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": a component has no name"));
    // Names are all the list gives to tell components apart.
    if (!seen.insert(c.name()).second) continue;
    c.set_id(c.name());
    const std::string status = StringField(entry, "status");
    c.set_status("unknown");
    for (const auto& [theirs, ours] : kComponentStatus) {
      if (theirs == status) c.set_status(std::string(ours));
    }
    page.components.push_back(std::move(c));
  }
  return page;
}

}  // namespace statusphere::providers
