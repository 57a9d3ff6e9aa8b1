#include "providers/instatus/instatus.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/instatus/home_page.h"
#include "providers/instatus/words.h"

namespace statusphere::providers {
namespace {

constexpr char kSummaryRole[] = "summary";
constexpr char kComponentsRole[] = "components";

using statusphere::v1::Incident;

using instatus::ComponentStatus;
using instatus::Impact;
using instatus::Status;

absl::StatusOr<Incident> ParseIncident(const Json& j, bool maintenance) {
  Incident i;
  i.set_id(StringField(j, "id"));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  i.set_title(StringField(j, "name"));
  i.set_deep_link(StringField(j, "url"));
  i.set_impact(maintenance ? vocabulary::kImpactMaintenance : Impact(StringField(j, "impact")));
  i.set_status(Status(StringField(j, "status")));
  absl::StatusOr<std::optional<absl::Time>> start = TimeField(j, maintenance ? "start" : "started");
  absl::StatusOr<std::optional<absl::Time>> updated = TimeField(j, "updatedAt");
  if (!start.ok()) return error(start.status());
  if (!updated.ok()) return error(updated.status());
  if (!start->has_value()) return error(absl::InvalidArgumentError("no start time"));
  *i.mutable_start_time() = ToProto(**start);
  if (maintenance) {
    *i.mutable_scheduled_start_time() = ToProto(**start);
    if (j.contains("duration") && j["duration"].is_number()) {
      // Minutes; Instatus gives no end time.
      const absl::Time end = **start + absl::Minutes(j["duration"].get<double>());
      // A huge, negative or NaN duration would saturate to a nonsense end.
      if (end < **start || !IsPlausibleTime(end)) return error(absl::InvalidArgumentError("absurd duration"));
      *i.mutable_scheduled_end_time() = ToProto(end);
    }
  }
  auto* e = i.add_events();
  e->set_title(HeadingOf(i.status()));
  e->set_status(i.status());
  *e->mutable_time() = ToProto(updated->has_value() ? **updated : **start);
  if (i.status() == vocabulary::kLifecycleResolved || i.status() == vocabulary::kLifecycleCompleted)
    *i.mutable_end_time() = e->time();
  return i;
}

}  // namespace

namespace {

std::string SummaryUrl(absl::string_view page_url) { return absl::StrCat(page_url, "/summary.json"); }

bool IsSummary(const Json& json) {
  const auto page = json.find("page");
  if (page == json.end() || !page->is_object()) return false;
  const std::string status = StringField(*page, "status");
  return json.contains("activeIncidents") || json.contains("activeMaintenances") || status == "UP" ||
         status == "HASISSUES" || status == "UNDERMAINTENANCE";
}

}  // namespace

FetchPlan Instatus::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  // The home page on every scrape: only it has the update texts and the components of each
  // incident, and it stands in for summary.json when that is refused.
  return {{{kSummaryRole, SummaryUrl(page_url)},
           {kComponentsRole, absl::StrCat(page_url, "/v3/components.json")},
           {std::string(kInstatusHomeRole), std::string(page_url)}}};
}

Detection Instatus::detection() const {
  Detection d;
  d.probe_url = SummaryUrl;
  d.probe_matches = JsonProbeOfShape(IsSummary);
  // A home page whose flight data holds an Instatus site, for pages whose summary is refused.
  d.home_page_matches = [](const Document& home) { return ParseInstatusHomePage("", home.url, home.body).ok(); };
  return d;
}

namespace {

// summary.json and the components, without the home page.
absl::StatusOr<ParsedPage> ParseApi(const Documents& documents) {
  ASSIGN_OR_RETURN(const Document* summary_doc, documents.RequireOk(kSummaryRole));
  const Document& summary = *summary_doc;
  absl::StatusOr<Json> json = ParseJsonObject(summary.url, summary.body);
  if (!json.ok()) return json.status();
  if (!IsSummary(*json)) return absl::InvalidArgumentError(absl::StrCat(summary.url, ": not an Instatus summary"));
  ParsedPage page;
  page.lists_every_open_incident = true;  // the summary's active incidents and maintenances
  page.platform_indicator = StringField(*json->find("page"), "status");  // UP, HASISSUES, UNDERMAINTENANCE
  // Either array may be absent rather than empty.
  for (const auto& [key, maintenance] :
       {std::pair<const char*, bool>{"activeIncidents", false}, {"activeMaintenances", true}}) {
    for (const Json& j : ArrayField(*json, key)) {
      absl::StatusOr<Incident> incident = ParseIncident(j, maintenance);
      if (!incident.ok())
        return absl::InvalidArgumentError(absl::StrCat(summary.url, ": ", incident.status().message()));
      page.incidents.push_back(std::move(*incident));
    }
  }
  // The components only dress the page: when they do not answer, the summary is the page.
  ASSIGN_OR_RETURN(const Document* components, documents.Require(kComponentsRole));
  if (components->http_status == 200) {
    absl::StatusOr<Json> list = ParseJsonObject(components->url, components->body);
    if (!list.ok()) return list.status();
    std::set<std::string> group_ids;
    for (const Json& c : ArrayField(*list, "components")) {
      if (c.contains("group") && c["group"].is_object()) group_ids.insert(StringField(c["group"], "id"));
    }
    for (const Json& c : ArrayField(*list, "components")) {
      const std::string id = StringField(c, "id");
      if (group_ids.count(id)) continue;  // a group container, not a component
      statusphere::v1::Component component;
      component.set_id(id);
      component.set_name(StringField(c, "name"));
      component.set_status(ComponentStatus(StringField(c, "status")));
      if (c.contains("group") && c["group"].is_object()) component.set_group(StringField(c["group"], "name"));
      page.components.push_back(std::move(component));
    }
  }
  return RequireUniqueIncidentIds(summary.url, std::move(page));
}

}  // namespace

absl::StatusOr<ParsedPage> Instatus::Parse(absl::string_view page_url, const Documents& documents) const {
  return WithInstatusHomePage(page_url, ParseApi(documents), documents.Find(kInstatusHomeRole));
}

}  // namespace statusphere::providers
