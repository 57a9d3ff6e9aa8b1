#include "providers/heroku/heroku.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/host.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

constexpr char kCurrentStatusRole[] = "current-status";

using statusphere::v1::Incident;

int Severity(const std::string& colour) {
  if (colour == "red") return 3;
  if (colour == "yellow") return 2;
  if (colour == "blue") return 1;
  return 0;
}

std::string ComponentStatus(const std::string& colour) {
  if (colour == "green") return vocabulary::kComponentOperational;
  if (colour == "yellow") return vocabulary::kComponentDegradedPerformance;
  if (colour == "red") return vocabulary::kComponentMajorOutage;
  if (colour == "blue") return vocabulary::kComponentUnderMaintenance;
  return "unknown";
}

std::string Status(const std::string& update_type) {
  if (update_type == "issue" || update_type == "investigating") return vocabulary::kLifecycleInvestigating;
  if (update_type == "identified" || update_type == "monitoring" || update_type == "resolved" ||
      update_type == "scheduled" || update_type == "completed") {
    return update_type;
  }
  // A scheduled maintenance's updates while it runs ("The service update is now underway").
  if (update_type == "maintenance") return vocabulary::kLifecycleInProgress;
  return vocabulary::kLifecycleUpdate;
}

// When an incident without resolved_at was resolved: its scheduled maintenances say
// "resolved": true and nothing more. The newest update that resolved or completed it, else
// its newest update, else its start.
absl::Time ResolvedTime(const Incident& i) {
  std::optional<absl::Time> closing, newest;
  for (const auto& e : i.events()) {
    const absl::Time at = FromProto(e.time());
    if (!newest || at > *newest) newest = at;
    if ((e.status() == vocabulary::kLifecycleResolved || e.status() == vocabulary::kLifecycleCompleted) &&
        (!closing || at > *closing))
      closing = at;
  }
  if (closing) return *closing;
  return newest ? *newest : FromProto(i.start_time());
}

absl::StatusOr<Incident> ParseIncident(const Json& j, bool maintenance) {
  if (!j.is_object()) return absl::InvalidArgumentError("an incident is not an object");
  Incident i;
  const auto id = j.find("id");
  if (id == j.end() || !id->is_number_integer()) return absl::InvalidArgumentError("an incident has no numeric id");
  i.set_id(std::to_string(id->get<int64_t>()));
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  i.set_title(StringField(j, "title"));
  i.set_deep_link(StringField(j, "full_url"));
  absl::StatusOr<std::optional<absl::Time>> created = TimeField(j, "created_at");
  absl::StatusOr<std::optional<absl::Time>> resolved_at = TimeField(j, "resolved_at");
  if (!created.ok()) return error(created.status());
  if (!resolved_at.ok()) return error(resolved_at.status());
  if (!created->has_value()) return error(absl::InvalidArgumentError("no created_at"));
  *i.mutable_start_time() = ToProto(**created);
  int worst = 0;
  for (const Json& u : ArrayField(j, "updates")) {
    absl::StatusOr<std::optional<absl::Time>> at = TimeField(u, "created_at");
    if (!at.ok()) return error(at.status());
    if (!at->has_value()) continue;
    auto* e = i.add_events();
    e->set_id(u.contains("id") && u["id"].is_number_integer() ? std::to_string(u["id"].get<int64_t>()) : "");
    const std::string type = StringField(u, "update_type");
    e->set_status(Status(type));
    e->set_title(HeadingOf(type));
    e->set_description(TextOf(StringField(u, "contents")));
    *e->mutable_time() = ToProto(**at);
    worst = std::max({worst, Severity(StringField(u, "status_prod")), Severity(StringField(u, "status_dev"))});
  }
  i.set_impact(maintenance || worst == 1 ? vocabulary::kImpactMaintenance
               : worst == 3              ? vocabulary::kImpactMajor
               : worst == 2              ? vocabulary::kImpactMinor
                                         : vocabulary::kImpactNone);
  const bool resolved = BoolField(j, "resolved") || resolved_at->has_value();
  i.set_status(resolved ? vocabulary::kLifecycleResolved
                        : (i.events_size() ? i.events(0).status() : vocabulary::kLifecycleInvestigating));
  if (resolved) *i.mutable_end_time() = ToProto(resolved_at->has_value() ? **resolved_at : ResolvedTime(i));
  return i;
}

}  // namespace

Detection Heroku::detection() const {
  Detection d;
  d.known_host = HostIsOneOf({"status.heroku.com"});
  return d;
}

FetchPlan Heroku::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kCurrentStatusRole, absl::StrCat("https://", HostOf(page_url), "/api/v4/current-status")}}};
}

absl::StatusOr<ParsedPage> Heroku::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* current_status, documents.RequireOk(kCurrentStatusRole));
  const Document& doc = *current_status;
  absl::StatusOr<Json> json = ParseJsonObject(doc.url, doc.body);
  if (!json.ok()) return json.status();
  if (!json->contains("status") || !(*json)["status"].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(doc.url, ": no 'status' array: not Heroku's status API"));
  }
  ParsedPage page;
  page.lists_every_open_incident = true;  // the current-status API
  for (const Json& s : ArrayField(*json, "status")) {
    statusphere::v1::Component c;
    c.set_id(StringField(s, "system"));
    c.set_name(c.id());
    c.set_status(ComponentStatus(StringField(s, "status")));
    if (!c.name().empty()) page.components.push_back(std::move(c));
  }
  for (const auto& [key, maintenance] : {std::pair<const char*, bool>{"incidents", false}, {"scheduled", true}}) {
    for (const Json& j : ArrayField(*json, key)) {
      absl::StatusOr<Incident> incident = ParseIncident(j, maintenance);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": ", incident.status().message()));
      page.incidents.push_back(std::move(*incident));
    }
  }
  return RequireUniqueIncidentIds(doc.url, std::move(page));
}

}  // namespace statusphere::providers
