#include "providers/rootly/rootly.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/json_values.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusRole[] = "status";
constexpr char kIncidentsRole[] = "incidents";

using statusphere::v1::Incident;
namespace vocabulary = statusphere::vocabulary;

// An incident's status (Rootly's incident lifecycle) and our word; an update's status is
// already one of ours (investigating, identified, monitoring, resolved, scheduled,
// in_progress, completed).
struct StatusWords {
  const char* rootly;
  const char* status;
};
constexpr StatusWords kIncidentStatuses[] = {
    {"started", vocabulary::kLifecycleInvestigating}, {"mitigated", vocabulary::kLifecycleMonitoring},
    {"resolved", vocabulary::kLifecycleResolved},     {"closed", vocabulary::kLifecycleResolved},
    {"cancelled", vocabulary::kLifecycleResolved},
};
constexpr const char* kUpdateStatuses[] = {"investigating", "identified",  "monitoring", "resolved",
                                           "scheduled",     "in_progress", "completed"};

std::string UpdateStatus(absl::string_view status) {
  for (absl::string_view same : kUpdateStatuses) {
    if (status == same) return std::string(same);
  }
  return vocabulary::kLifecycleUpdate;
}

std::string Impact(absl::string_view impact) {
  return vocabulary::IsImpact(impact) ? std::string(impact) : std::string(vocabulary::kImpactMinor);
}

bool IsStatus(const Json& json) {
  return json.contains("page") && json["page"].is_object() && json.contains("status") && json["status"].is_object() &&
         json["status"].contains("indicator") && json.contains("incidents") && json["incidents"].is_array();
}

// Incidents have no id in the published example: the last segment of their url is one.
std::string IncidentId(const Json& incident) {
  if (std::string id = IdText(incident); !id.empty()) return id;
  const std::string field = StringField(incident, "url");  // kept: the view below points into it
  absl::string_view url = absl::StripSuffix(field, "/");
  const size_t slash = url.rfind('/');
  return slash == absl::string_view::npos ? "" : std::string(url.substr(slash + 1));
}

absl::StatusOr<Incident> ReadIncident(absl::string_view page_url, const Json& incident) {
  Incident i;
  i.set_id(IncidentId(incident));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident without an id or url");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  absl::StatusOr<std::optional<absl::Time>> started = TimeField(incident, "started_at");
  absl::StatusOr<std::optional<absl::Time>> resolved = TimeField(incident, "resolved_at");
  if (!started.ok()) return error(started.status());
  if (!resolved.ok()) return error(resolved.status());
  if (!started->has_value()) return error(absl::InvalidArgumentError("no started_at"));
  i.set_title(StringField(incident, "name"));
  i.set_impact(Impact(StringField(incident, "impact")));
  i.set_deep_link(StringField(incident, "url").empty() ? std::string(page_url) : StringField(incident, "url"));
  *i.mutable_start_time() = ToProto(**started);
  std::vector<std::pair<absl::Time, statusphere::v1::IncidentEvent>> updates;
  for (const Json& u : ArrayField(incident, "incident_updates")) {
    absl::StatusOr<std::optional<absl::Time>> at = TimeField(u, "created_at");
    if (!at.ok()) return error(at.status());
    statusphere::v1::IncidentEvent e;
    e.set_id(IdText(u));
    e.set_status(UpdateStatus(StringField(u, "status")));
    e.set_title(HeadingOf(e.status()));
    e.set_description(TextOf(StringField(u, "body")));
    const absl::Time time = at->value_or(**started);
    *e.mutable_time() = ToProto(time);
    updates.emplace_back(time, std::move(e));
  }
  std::stable_sort(updates.begin(), updates.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [time, e] : updates) *i.add_events() = std::move(e);
  i.set_status(vocabulary::kLifecycleInvestigating);
  for (const StatusWords& w : kIncidentStatuses) {
    if (StringField(incident, "status") == w.rootly) i.set_status(w.status);
  }
  if (i.events_size() > 0 && i.events(0).status() != vocabulary::kLifecycleUpdate) i.set_status(i.events(0).status());
  // Maintenance is told by its updates' words (the example gives no type field).
  for (absl::string_view planned :
       {vocabulary::kLifecycleScheduled, vocabulary::kLifecycleInProgress, vocabulary::kLifecycleCompleted}) {
    if (i.status() == planned) i.set_impact(vocabulary::kImpactMaintenance);
  }
  if (i.status() == vocabulary::kLifecycleCompleted && !resolved->has_value())
    *i.mutable_end_time() = i.events(0).time();
  if (resolved->has_value()) {
    *i.mutable_end_time() = ToProto(**resolved);
    i.set_status(i.impact() == vocabulary::kImpactMaintenance ? vocabulary::kLifecycleCompleted
                                                              : vocabulary::kLifecycleResolved);
  }
  if (i.events_size() == 0) {
    auto* e = i.add_events();
    e->set_status(i.status());
    e->set_title(HeadingOf(i.status()));
    *e->mutable_time() = i.start_time();
  }
  return i;
}

}  // namespace

FetchPlan Rootly::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kStatusRole, absl::StrCat(page_url, "/api/v1/status.json")},
           {kIncidentsRole, absl::StrCat(page_url, "/api/v1/incidents.json?per_page=100")}}};
}

Detection Rootly::detection() const {
  Detection d;
  // Rootly serves this API on custom domains only, so there is no host to know it by. The
  // probe's path is Rootly's own (Statuspage's status.json is under /api/v2), and it is tried
  // as a last resort, after the home pages' markers: it costs no platform ahead a fetch.
  d.probe_url = [](absl::string_view page_url) { return absl::StrCat(page_url, "/api/v1/status.json"); };
  d.probe_matches = JsonProbeOfShape(IsStatus);
  d.probe_is_last_resort = true;
  return d;
}

absl::StatusOr<ParsedPage> Rootly::Parse(absl::string_view page_url, const Documents& documents) const {
  const Document* status_doc = documents.Find(kStatusRole);
  const Document* incidents_doc = documents.Find(kIncidentsRole);
  if (status_doc == nullptr && incidents_doc == nullptr)
    return absl::InvalidArgumentError("no Rootly documents to parse");
  ParsedPage page;
  Json incidents = Json::array();
  const Document* source = incidents_doc != nullptr ? incidents_doc : status_doc;
  if (status_doc != nullptr) {
    ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kStatusRole));
    ASSIGN_OR_RETURN(Json status, ParseJsonObject(doc->url, doc->body));
    if (!IsStatus(status)) {
      return absl::InvalidArgumentError(
          absl::StrCat(doc->url, ": no 'page', 'status.indicator' and 'incidents': not Rootly's status.json"));
    }
    page.platform_indicator = StringField(status["status"], "indicator");
    incidents = std::move(status["incidents"]);
  }
  if (incidents_doc != nullptr) {
    // The list holds the active incidents with their updates; it stands for status.json's.
    ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kIncidentsRole));
    ASSIGN_OR_RETURN(Json list, ParseJsonObject(doc->url, doc->body));
    if (!list.contains("incidents") || !list["incidents"].is_array()) {
      return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'incidents' array: not Rootly's incidents.json"));
    }
    incidents = std::move(list["incidents"]);
  }
  for (const Json& incident : incidents) {
    absl::StatusOr<Incident> i = ReadIncident(page_url, incident);
    if (!i.ok()) return absl::InvalidArgumentError(absl::StrCat(source->url, ": ", i.status().message()));
    page.incidents.push_back(*std::move(i));
  }
  // Both documents list the active incidents: one no longer listed has ended.
  page.lists_every_open_incident = true;
  return RequireUniqueIncidentIds(source->url, std::move(page));
}

}  // namespace statusphere::providers
