#include "providers/atlassian_statuspage/statuspage_api.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/html_text.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Component;
using statusphere::v1::Incident;
using statusphere::v1::IncidentEvent;

absl::StatusOr<IncidentEvent> ParseUpdate(const Json& u) {
  IncidentEvent e;
  e.set_id(StringField(u, "id"));
  const std::string status = absl::AsciiStrToLower(StringField(u, "status"));
  e.set_status(vocabulary::IsLifecycleStatus(status) ? status : vocabulary::kLifecycleUpdate);
  e.set_title(HeadingOf(status));
  e.set_description(TextOf(StringField(u, "body")));
  absl::StatusOr<std::optional<absl::Time>> display = TimeField(u, "display_at");
  if (!display.ok()) return display.status();
  absl::StatusOr<std::optional<absl::Time>> created = TimeField(u, "created_at");
  if (!created.ok()) return created.status();
  const std::optional<absl::Time> when = display->has_value() ? *display : *created;
  if (!when) return absl::InvalidArgumentError(absl::StrCat("update '", e.id(), "' has no time"));
  *e.mutable_time() = ToProto(*when);
  return e;
}

absl::StatusOr<Incident> ParseIncident(absl::string_view page_url, const Json& j) {
  if (!j.is_object()) return absl::InvalidArgumentError("an incident is not an object");
  Incident i;
  i.set_id(StringField(j, "id"));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident '", i.id(), "': ", s.message()));
  };
  i.set_title(StringField(j, "name"));
  const std::string impact = absl::AsciiStrToLower(StringField(j, "impact"));
  i.set_impact(vocabulary::IsImpact(impact) ? impact : vocabulary::kImpactNone);
  const std::string status = absl::AsciiStrToLower(StringField(j, "status"));
  i.set_status(vocabulary::IsLifecycleStatus(status) ? status : vocabulary::kLifecycleInvestigating);
  const std::string shortlink = StringField(j, "shortlink");
  i.set_deep_link(absl::StartsWith(shortlink, "http") ? shortlink : absl::StrCat(page_url, "/incidents/", i.id()));
  i.set_description(TextOf(StringField(j, "postmortem_body")));
  for (const Json& c : ArrayField(j, "components")) {
    if (std::string name = StringField(c, "name"); !name.empty()) i.add_components(name);
  }
  for (const Json& u : ArrayField(j, "incident_updates")) {
    absl::StatusOr<IncidentEvent> e = ParseUpdate(u);
    if (!e.ok()) return error(e.status());
    *i.add_events() = std::move(*e);
  }

  absl::StatusOr<std::optional<absl::Time>> started = TimeField(j, "started_at");
  absl::StatusOr<std::optional<absl::Time>> created = TimeField(j, "created_at");
  absl::StatusOr<std::optional<absl::Time>> resolved = TimeField(j, "resolved_at");
  absl::StatusOr<std::optional<absl::Time>> scheduled_for = TimeField(j, "scheduled_for");
  absl::StatusOr<std::optional<absl::Time>> scheduled_until = TimeField(j, "scheduled_until");
  for (const auto* t : {&started, &created, &resolved, &scheduled_for, &scheduled_until}) {
    if (!t->ok()) return error(t->status());
  }
  // Incidents posted after the fact back-date created_at but not started_at: the earlier
  // of the two is when it began.
  std::optional<absl::Time> start = started->has_value() ? *started : *created;
  if (started->has_value() && created->has_value()) start = std::min(**started, **created);
  if (!start) start = scheduled_for->has_value() ? *scheduled_for : std::nullopt;
  if (!start) return error(absl::InvalidArgumentError("no start time (started_at / created_at)"));
  *i.mutable_start_time() = ToProto(*start);
  if (scheduled_for->has_value()) *i.mutable_scheduled_start_time() = ToProto(**scheduled_for);
  if (scheduled_until->has_value()) *i.mutable_scheduled_end_time() = ToProto(**scheduled_until);
  if (vocabulary::IsClosedStatus(i.status())) {
    // incident.io's compat layer gives no resolved_at: the last update closes it.
    absl::Time end = resolved->has_value() ? **resolved : *start;
    if (!resolved->has_value()) {
      for (const auto& e : i.events()) end = std::max(end, FromProto(e.time()));
    }
    *i.mutable_end_time() = ToProto(end);
  }
  return i;
}

// Placeholder rows some pages add ("Visit www.githubstatus.com for more information").
bool IsPlaceholderComponent(const std::string& name) {
  return absl::StartsWith(name, "Visit ") && absl::StrContains(name, "for more information");
}

absl::StatusOr<std::vector<Component>> ParseComponents(const Json& summary) {
  std::map<std::string, std::string> group_names;
  for (const Json& c : ArrayField(summary, "components")) {
    if (BoolField(c, "group")) group_names[StringField(c, "id")] = StringField(c, "name");
  }
  std::vector<Component> components;
  for (const Json& c : ArrayField(summary, "components")) {
    if (!c.is_object()) return absl::InvalidArgumentError("a component is not an object");
    if (BoolField(c, "group")) continue;  // a heading, not a component
    Component component;
    component.set_id(StringField(c, "id"));
    component.set_name(StringField(c, "name"));
    if (component.name().empty() || IsPlaceholderComponent(component.name())) continue;
    const std::string status = StringField(c, "status");
    component.set_status(vocabulary::IsComponentStatus(status) ? status : "unknown");
    if (auto it = group_names.find(StringField(c, "group_id")); it != group_names.end())
      component.set_group(it->second);
    components.push_back(std::move(component));
  }
  return components;
}

}  // namespace

bool IsStatuspageSummary(const Json& json) {
  const auto status = json.find("status");
  const bool has_indicator = status != json.end() && status->is_object() && status->contains("indicator");
  return json.contains("page") && (has_indicator || json.contains("components"));
}

absl::StatusOr<ParsedPage> ParseStatuspageApi(absl::string_view page_url, const Documents& documents) {
  ParsedPage page;
  std::map<std::string, Incident> by_id;  // later documents are fuller: they win
  for (absl::string_view role : {kSummaryRole, kIncidentsRole, kScheduledMaintenancesRole}) {
    const Document* doc = documents.Find(role);
    if (doc == nullptr) continue;
    if (doc->http_status != 200) {
      // incident.io answers 404 for scheduled maintenances
      if (role == kScheduledMaintenancesRole && doc->http_status == 404) continue;
      return absl::UnavailableError(absl::StrCat(doc->url, ": ", OutcomeOf(*doc)));
    }
    ASSIGN_OR_RETURN(Json json, ParseJsonObject(doc->url, doc->body));
    if (role == kSummaryRole) {
      if (!json.contains("page") && !json.contains("components")) {
        return absl::InvalidArgumentError(absl::StrCat(doc->url, ": not a Statuspage summary (no page or components)"));
      }
      absl::StatusOr<std::vector<Component>> components = ParseComponents(json);
      if (!components.ok())
        return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", components.status().message()));
      page.components = std::move(*components);
      // summary.json lists every unresolved incident and every upcoming or running maintenance.
      page.lists_every_open_incident = true;
      if (auto status = json.find("status"); status != json.end()) {
        page.platform_indicator = StringField(*status, "indicator");  // none, minor, major, critical
      }
    }
    for (const char* key : {"incidents", "scheduled_maintenances"}) {
      auto it = json.find(key);
      if (it == json.end() || it->is_null()) continue;
      if (!it->is_array()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": '", key, "' is not an array"));
      for (const Json& j : *it) {
        absl::StatusOr<Incident> incident = ParseIncident(page_url, j);
        if (!incident.ok())
          return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", incident.status().message()));
        by_id[incident->id()] = std::move(*incident);
      }
    }
    if (role == kIncidentsRole && !json.contains("incidents")) {
      return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'incidents' array"));
    }
  }
  for (auto& [id, incident] : by_id) page.incidents.push_back(std::move(incident));
  return page;
}

}  // namespace statusphere::providers
