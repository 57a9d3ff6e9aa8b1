#include "providers/cachet/cachet.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

constexpr char kIncidentsRole[] = "incidents";
constexpr char kComponentsRole[] = "components";
constexpr char kSchedulesRole[] = "schedules";

using statusphere::v1::Incident;

// Incident and update statuses: 0 scheduled, 1 investigating, 2 identified, 3 watching, 4 fixed.
std::string Status(int code) {
  switch (code) {
    case 0:
      return vocabulary::kLifecycleScheduled;
    case 1:
      return vocabulary::kLifecycleInvestigating;
    case 2:
      return vocabulary::kLifecycleIdentified;
    case 3:
      return vocabulary::kLifecycleMonitoring;
    case 4:
      return vocabulary::kLifecycleResolved;
    default:
      return vocabulary::kLifecycleUpdate;
  }
}

// Component statuses: 1 operational, 2 performance issues, 3 partial outage, 4 major outage.
std::string ComponentStatus(int code) {
  switch (code) {
    case 1:
      return vocabulary::kComponentOperational;
    case 2:
      return vocabulary::kComponentDegradedPerformance;
    case 3:
      return vocabulary::kComponentPartialOutage;
    case 4:
      return vocabulary::kComponentMajorOutage;
    default:
      return "unknown";
  }
}

int IntField(const Json& j, const char* key, int fallback = -1) {
  if (!j.is_object() || !j.contains(key)) return fallback;
  const Json& v = j[key];
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
  return fallback;
}

// "2026-09-12 13:00:03" (no zone) -> UTC.
absl::StatusOr<std::optional<absl::Time>> LocalTime(const Json& j, const char* key) {
  const std::string text = StringField(j, key);
  if (text.empty()) return std::nullopt;
  std::optional<absl::Time> t = ParseRfc3339(absl::StrCat(absl::StrReplaceAll(text, {{" ", "T"}}), "Z"));
  if (!t) t = ParseRfc3339(text);
  if (!t) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time: '", text, "'"));
  if (!IsPlausibleTime(*t))
    return absl::InvalidArgumentError(absl::StrCat("'", key, "' is an absurd time: '", text, "'"));
  return t;
}

absl::StatusOr<Json> Data(const Document& doc) {
  if (doc.http_status != 200) return absl::UnavailableError(absl::StrCat(doc.url, ": HTTP ", doc.http_status));
  absl::StatusOr<Json> json = ParseJsonObject(doc.url, doc.body);
  if (!json.ok()) return json.status();
  if (!json->contains("data") || !(*json)["data"].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(doc.url, ": no 'data' array: not Cachet's API"));
  }
  return json;
}

}  // namespace

FetchPlan Cachet::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kIncidentsRole, absl::StrCat(page_url, "/api/v1/incidents?per_page=100&sort=id&order=desc")},
           {kComponentsRole, absl::StrCat(page_url, "/api/v1/components?per_page=100")},
           {kSchedulesRole, absl::StrCat(page_url, "/api/v1/schedules?per_page=100")}}};
}

Detection Cachet::detection() const {
  Detection d;
  d.probe_url = [](absl::string_view page_url) { return absl::StrCat(page_url, "/api/v1/components?per_page=1"); };
  d.probe_matches = [](const Document& probe) {
    absl::StatusOr<Json> json = Data(probe);
    return json.ok() && json->contains("meta") && (*json)["meta"].is_object() && (*json)["meta"].contains("pagination");
  };
  return d;
}

absl::StatusOr<ParsedPage> Cachet::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* incidents_doc, documents.RequireOk(kIncidentsRole));
  ASSIGN_OR_RETURN(const Json incidents, Data(*incidents_doc));
  ASSIGN_OR_RETURN(const Document* components_doc, documents.RequireOk(kComponentsRole));
  ASSIGN_OR_RETURN(const Json components, Data(*components_doc));
  ParsedPage page;
  std::map<int, std::string> component_names;
  for (const Json& c : ArrayField(components, "data")) {
    statusphere::v1::Component component;
    component.set_id(std::to_string(IntField(c, "id")));
    component.set_name(StringField(c, "name"));
    component.set_status(ComponentStatus(IntField(c, "status")));
    component_names[IntField(c, "id")] = component.name();
    page.components.push_back(std::move(component));
  }
  for (const Json& j : ArrayField(incidents, "data")) {
    Incident i;
    const int id = IntField(j, "id");
    if (id < 0) return absl::InvalidArgumentError(absl::StrCat(incidents_doc->url, ": an incident has no id"));
    i.set_id(std::to_string(id));
    auto error = [&](const absl::Status& s) {
      return absl::InvalidArgumentError(absl::StrCat(incidents_doc->url, ": incident ", id, ": ", s.message()));
    };
    i.set_title(StringField(j, "name"));
    i.set_deep_link(StringField(j, "permalink").empty() ? absl::StrCat(page_url, "/incidents/", id)
                                                        : StringField(j, "permalink"));
    i.set_description(StringField(j, "message"));  // markdown
    i.set_impact(IntField(j, "status") == 0 ? vocabulary::kImpactMaintenance
                                            : vocabulary::kImpactMinor);  // Cachet records no severity
    if (auto it = component_names.find(IntField(j, "component_id")); it != component_names.end()) {
      i.add_components(it->second);
    }
    absl::StatusOr<std::optional<absl::Time>> occurred = LocalTime(j, "occurred_at");
    absl::StatusOr<std::optional<absl::Time>> created = LocalTime(j, "created_at");
    if (!occurred.ok()) return error(occurred.status());
    if (!created.ok()) return error(created.status());
    const std::optional<absl::Time> start = occurred->has_value() ? *occurred : *created;
    if (!start) return error(absl::InvalidArgumentError("no occurred_at or created_at"));
    *i.mutable_start_time() = ToProto(*start);
    auto* opening = i.add_events();
    opening->set_id(absl::StrCat("incident-", id));
    opening->set_status(Status(IntField(j, "status")));
    opening->set_title(HeadingOf(opening->status()));
    opening->set_description(i.description());
    *opening->mutable_time() = ToProto(*start);
    absl::Time last = *start;
    int latest = IntField(j, "status");
    for (const Json& u : ArrayField(j, "updates")) {
      absl::StatusOr<std::optional<absl::Time>> at = LocalTime(u, "created_at");
      if (!at.ok()) return error(at.status());
      if (!at->has_value()) continue;
      auto* e = i.add_events();
      e->set_id(std::to_string(IntField(u, "id")));
      e->set_status(Status(IntField(u, "status")));
      e->set_title(HeadingOf(e->status()));
      e->set_description(StringField(u, "message"));
      *e->mutable_time() = ToProto(**at);
      if (**at >= last) {
        last = **at;
        latest = IntField(u, "status");
      }
    }
    // Older Cachet lacks is_resolved: the latest update being "fixed" closes it.
    const bool resolved = IntField(j, "is_resolved", latest == 4 ? 1 : 0) == 1;
    i.set_status(resolved ? vocabulary::kLifecycleResolved : Status(latest));
    if (resolved) *i.mutable_end_time() = ToProto(last);
    page.incidents.push_back(std::move(i));
  }
  // Older Cachet has no schedules (404): no maintenance then.
  ASSIGN_OR_RETURN(const Document* schedules_doc, documents.Require(kSchedulesRole));
  if (schedules_doc->http_status == 200) {
    ASSIGN_OR_RETURN(const Json schedules, Data(*schedules_doc));
    for (const Json& j : ArrayField(schedules, "data")) {
      Incident m;
      m.set_id(absl::StrCat("schedule-", IntField(j, "id")));
      m.set_title(StringField(j, "name"));
      m.set_description(StringField(j, "message"));
      m.set_impact(vocabulary::kImpactMaintenance);
      m.set_deep_link(std::string(page_url));
      absl::StatusOr<std::optional<absl::Time>> at = LocalTime(j, "scheduled_at");
      absl::StatusOr<std::optional<absl::Time>> done = LocalTime(j, "completed_at");
      if (!at.ok() || !done.ok() || !at->has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat(schedules_doc->url, ": schedule ", m.id(), " has no valid scheduled_at"));
      }
      *m.mutable_start_time() = ToProto(**at);
      *m.mutable_scheduled_start_time() = ToProto(**at);
      const int status = IntField(j, "status");  // 0 upcoming, 1 in progress, 2 complete
      m.set_status(status == 2   ? vocabulary::kLifecycleCompleted
                   : status == 1 ? vocabulary::kLifecycleInProgress
                                 : vocabulary::kLifecycleScheduled);
      if (done->has_value()) *m.mutable_scheduled_end_time() = ToProto(**done);
      if (status == 2 && done->has_value()) *m.mutable_end_time() = ToProto(**done);
      auto* e = m.add_events();
      e->set_status(m.status());
      e->set_title(HeadingOf(m.status()));
      e->set_description(m.description());
      *e->mutable_time() = ToProto(**at);
      page.incidents.push_back(std::move(m));
    }
  }
  return RequireUniqueIncidentIds(incidents_doc->url, std::move(page));
}

}  // namespace statusphere::providers
