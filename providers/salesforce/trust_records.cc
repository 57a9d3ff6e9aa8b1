#include "providers/salesforce/trust_records.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "providers/common/html_text.h"

namespace statusphere::providers::salesforce {
namespace {

using statusphere::v1::Incident;

constexpr absl::string_view kSite = "https://status.salesforce.com";
constexpr absl::string_view kMaintenancePrefix = "maintenance-";

absl::StatusOr<std::string> RawId(const Json& record, absl::string_view what) {
  if (!record.is_object()) return absl::InvalidArgumentError(absl::StrCat(what, " is not an object"));
  const auto id = record.find("id");
  if (id != record.end() && id->is_number_integer()) return std::to_string(id->get<int64_t>());
  if (id != record.end() && id->is_string() && !id->get<std::string>().empty()) return id->get<std::string>();
  return absl::InvalidArgumentError(absl::StrCat(what, " has no id"));
}

// "investigatingCauseOfIssue" -> "Investigating cause of issue": what a type key reads as
// when the localizations do not know it.
std::string Humanize(absl::string_view key) {
  std::string out;
  for (char c : key) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c)) && !out.empty()) {
      out += ' ';
      out += absl::ascii_tolower(static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  if (!out.empty()) out[0] = absl::ascii_toupper(static_cast<unsigned char>(out[0]));
  return out;
}

// When the impacts of a record began and ended. Trust closes a record by giving every
// impact an endTime; one impact without it keeps the record open.
struct ImpactWindow {
  std::optional<absl::Time> start;
  std::optional<absl::Time> end;  // the latest endTime, set only when every impact has one
  int count = 0;
  std::string first_type;
  std::string worst_severity;  // "major" over "minor"; "" when none is recognised
};

absl::StatusOr<ImpactWindow> ReadImpacts(const Json& record, const char* key) {
  absl::StatusOr<const Json*> impacts = ListField(record, key);
  if (!impacts.ok()) return impacts.status();
  ImpactWindow w;
  bool all_ended = true;
  for (const Json& impact : **impacts) {
    if (!impact.is_object()) return absl::InvalidArgumentError("an impact is not an object");
    absl::StatusOr<std::optional<absl::Time>> start = TimeField(impact, "startTime");
    if (!start.ok()) return start.status();
    absl::StatusOr<std::optional<absl::Time>> end = TimeField(impact, "endTime");
    if (!end.ok()) return end.status();
    if (*start && (!w.start || **start < *w.start)) w.start = **start;
    if (*end) {
      if (!w.end || **end > *w.end) w.end = **end;
    } else {
      all_ended = false;
    }
    if (w.count++ == 0) w.first_type = StringField(impact, "type");
    const std::string severity = StringField(impact, "severity");
    if (severity == "major" || (severity == "minor" && w.worst_severity.empty())) w.worst_severity = severity;
  }
  if (!all_ended || w.count == 0) w.end.reset();
  return w;
}

// Reads IncidentEvents or MaintenanceEvents into `incident`, newest first as the proto
// asks. `status_of` maps an event type key to our lifecycle status.
absl::Status AddEvents(const Json& record, const char* key, absl::string_view model, const Localizations& texts,
                       std::string (*status_of)(absl::string_view), Incident& incident) {
  absl::StatusOr<const Json*> events = ListField(record, key);
  if (!events.ok()) return events.status();
  for (const Json& event : **events) {
    if (!event.is_object()) return absl::InvalidArgumentError("an update is not an object");
    absl::StatusOr<std::optional<absl::Time>> at = TimeField(event, "createdAt");
    if (!at.ok()) return at.status();
    if (!at->has_value()) continue;  // an update that cannot be placed in time is no update
    const std::string type = StringField(event, "type");
    auto* e = incident.add_events();
    const std::string label = texts.Text(model, type, "label");
    e->set_title(!label.empty() ? label : type.empty() ? "Update" : Humanize(type));
    e->set_status(status_of(type));
    // Updates posted from a template may leave the message empty: the site then shows the
    // template's sentence.
    std::string text = TextOf(StringField(event, "message"));
    if (text.empty()) text = TextOf(texts.Text(model, type, "template"));
    e->set_description(std::move(text));
    *e->mutable_time() = ToProto(**at);
    absl::StatusOr<std::string> id = RawId(event, "an update");
    if (id.ok()) e->set_id(*id);
  }
  std::stable_sort(incident.mutable_events()->begin(), incident.mutable_events()->end(),
                   [](const auto& a, const auto& b) { return FromProto(a.time()) > FromProto(b.time()); });
  return absl::OkStatus();
}

// Incident event types are keys such as "investigatingCauseOfIssue",
// "issueIsolatedDatabaseTier", "implementingSolutionWorkingOnFix", "monitoringGeneric".
std::string IncidentEventStatus(absl::string_view type) {
  if (absl::StartsWith(type, "investigating")) return vocabulary::kLifecycleInvestigating;
  if (absl::StartsWith(type, "issueIsolated") || absl::StartsWith(type, "implementingSolution"))
    return vocabulary::kLifecycleIdentified;
  if (absl::StartsWith(type, "monitoring")) return vocabulary::kLifecycleMonitoring;
  return vocabulary::kLifecycleUpdate;
}

std::string MaintenanceEventStatus(absl::string_view type) {
  if (type == "scheduled" || type == "rescheduled" || type == "releaseRescheduled" || type == "reminder" ||
      type == "delayed") {
    return vocabulary::kLifecycleScheduled;
  }
  return vocabulary::kLifecycleUpdate;
}

// The newest update that moved the lifecycle, or `fallback`.
std::string LatestStatus(const Incident& incident, const std::string& fallback) {
  for (const auto& e : incident.events()) {  // newest first
    if (e.status() != vocabulary::kLifecycleUpdate) return e.status();
  }
  return fallback;
}

absl::Status AddInstanceKeys(const Json& record, Incident& incident) {
  absl::StatusOr<const Json*> keys = ListField(record, "instanceKeys");
  if (!keys.ok()) return keys.status();
  for (const Json& key : **keys) {
    if (key.is_string() && !key.get<std::string>().empty()) AddComponent(incident, key.get<std::string>());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<const Json*> ListField(const Json& object, const char* key) {
  static const Json* const empty = new Json(Json::array());
  if (!object.is_object()) return empty;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return empty;
  if (!it->is_array()) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not an array"));
  return &*it;
}

void AddComponent(Incident& incident, absl::string_view instance) {
  for (const std::string& c : incident.components()) {
    if (c == instance) return;
  }
  incident.add_components(std::string(instance));
}

absl::StatusOr<std::string> IncidentIdOf(const Json& record) { return RawId(record, "an incident"); }

absl::StatusOr<std::string> MaintenanceIdOf(const Json& record) {
  absl::StatusOr<std::string> id = RawId(record, "a maintenance");
  if (!id.ok()) return id.status();
  return absl::StrCat(kMaintenancePrefix, *id);
}

absl::StatusOr<Incident> ParseIncidentRecord(const Json& record, const Localizations& texts) {
  absl::StatusOr<std::string> id = IncidentIdOf(record);
  if (!id.ok()) return id.status();
  Incident i;
  i.set_id(*id);
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", *id, ": ", s.message()));
  };
  i.set_deep_link(absl::StrCat(kSite, "/incidents/", *id));
  absl::StatusOr<ImpactWindow> impacts = ReadImpacts(record, "IncidentImpacts");
  if (!impacts.ok()) return error(impacts.status());
  const std::string& type = impacts->first_type;
  const std::string title = texts.Text("incidentImpactType", type, "serviceIssue");
  i.set_title(!title.empty() ? title : !type.empty() ? Humanize(type) : absl::StrCat("Incident ", *id));
  std::string description = TextOf(StringField(record, "additionalInformation"));
  if (description.empty()) description = TextOf(texts.Text("incidentImpactType", type, "endUserImpact"));
  i.set_description(std::move(description));
  // Trust grades an impact "minor" (performance degradation) or "major" (service
  // disruption); it has no grade above, so nothing maps to critical.
  i.set_impact(impacts->worst_severity.empty() ? vocabulary::kImpactNone : impacts->worst_severity);
  absl::StatusOr<std::optional<absl::Time>> created = TimeField(record, "createdAt");
  if (!created.ok()) return error(created.status());
  const std::optional<absl::Time> start = impacts->start ? impacts->start : *created;
  if (!start) return error(absl::InvalidArgumentError("no impact startTime and no createdAt"));
  *i.mutable_start_time() = ToProto(*start);
  if (impacts->end) *i.mutable_end_time() = ToProto(std::max(*impacts->end, *start));
  if (absl::Status s = AddInstanceKeys(record, i); !s.ok()) return error(s);
  if (absl::Status s = AddEvents(record, "IncidentEvents", "incidentEventType", texts, IncidentEventStatus, i);
      !s.ok()) {
    return error(s);
  }
  i.set_status(impacts->end ? vocabulary::kLifecycleResolved : LatestStatus(i, vocabulary::kLifecycleInvestigating));
  return i;
}

absl::StatusOr<Incident> ParseMaintenanceRecord(const Json& record, const Localizations& texts) {
  absl::StatusOr<std::string> raw_id = RawId(record, "a maintenance");
  if (!raw_id.ok()) return raw_id.status();
  const std::string& trust_id = *raw_id;
  Incident m;
  m.set_id(absl::StrCat(kMaintenancePrefix, trust_id));
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("maintenance ", trust_id, ": ", s.message()));
  };
  m.set_deep_link(absl::StrCat(kSite, "/maintenances/", trust_id));
  m.set_impact(vocabulary::kImpactMaintenance);
  const std::string name = StringField(record, "name");
  m.set_title(!name.empty() ? name : absl::StrCat("Maintenance ", trust_id));
  m.set_description(TextOf(StringField(record, "additionalInformation")));
  absl::StatusOr<std::optional<absl::Time>> planned_start = TimeField(record, "plannedStartTime");
  if (!planned_start.ok()) return error(planned_start.status());
  absl::StatusOr<std::optional<absl::Time>> planned_end = TimeField(record, "plannedEndTime");
  if (!planned_end.ok()) return error(planned_end.status());
  absl::StatusOr<std::optional<absl::Time>> created = TimeField(record, "createdAt");
  if (!created.ok()) return error(created.status());
  if (*planned_start) *m.mutable_scheduled_start_time() = ToProto(**planned_start);
  if (*planned_end) *m.mutable_scheduled_end_time() = ToProto(**planned_end);
  // The work itself is recorded as impacts, like an incident's: none yet means it is still
  // only scheduled.
  absl::StatusOr<ImpactWindow> impacts = ReadImpacts(record, "MaintenanceImpacts");
  if (!impacts.ok()) return error(impacts.status());
  std::optional<absl::Time> start = impacts->start;
  if (!start) start = *planned_start;
  if (!start) start = *created;
  if (!start) return error(absl::InvalidArgumentError("no impact startTime, plannedStartTime or createdAt"));
  *m.mutable_start_time() = ToProto(*start);
  if (impacts->end) *m.mutable_end_time() = ToProto(std::max(*impacts->end, *start));
  if (absl::Status s = AddInstanceKeys(record, m); !s.ok()) return error(s);
  if (absl::Status s = AddEvents(record, "MaintenanceEvents", "maintenanceEventType", texts, MaintenanceEventStatus, m);
      !s.ok()) {
    return error(s);
  }
  m.set_status(impacts->end         ? vocabulary::kLifecycleCompleted
               : impacts->count > 0 ? vocabulary::kLifecycleInProgress
                                    : vocabulary::kLifecycleScheduled);
  return m;
}

}  // namespace statusphere::providers::salesforce
