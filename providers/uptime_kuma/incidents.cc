#include "providers/uptime_kuma/incidents.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/html_text.h"
#include "providers/uptime_kuma/kuma_time.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Incident;

std::optional<int64_t> IntegerId(const Json& j) {
  const auto id = j.find("id");
  if (id == j.end() || !id->is_number_integer()) return std::nullopt;
  return id->get<int64_t>();
}

// Kuma gives an incident a Bootstrap colour, not a severity: info, warning, danger,
// primary, light or dark (src/pages/StatusPage.vue). Red is the loudest a Kuma page can
// say, yet the same red serves a partial outage, so danger is major rather than critical;
// yellow is minor; the rest are notices.
std::string ImpactOfStyle(const std::string& style) {
  if (style == "danger") return vocabulary::kImpactMajor;
  if (style == "warning") return vocabulary::kImpactMinor;
  return vocabulary::kImpactNone;
}

absl::StatusOr<Incident> PinnedIncident(absl::string_view page_url, const Json& j) {
  const std::optional<int64_t> id = IntegerId(j);
  if (!id) return absl::InvalidArgumentError("the pinned incident has no integer id");
  Incident i;
  i.set_id(absl::StrCat("incident-", *id));
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", *id, ": ", s.message()));
  };
  absl::StatusOr<std::optional<absl::Time>> created = KumaTimeField(j, "createdDate");
  absl::StatusOr<std::optional<absl::Time>> edited = KumaTimeField(j, "lastUpdatedDate");
  if (!created.ok()) return error(created.status());
  if (!edited.ok()) return error(edited.status());
  if (!created->has_value() && !edited->has_value()) return error(absl::InvalidArgumentError("no createdDate"));
  const absl::Time start = created->has_value() ? **created : **edited;

  i.set_title(StringField(j, "title"));
  i.set_impact(ImpactOfStyle(StringField(j, "style")));
  i.set_deep_link(std::string(page_url));
  // Pinned means shown, and Kuma keeps no lifecycle beyond that.
  i.set_status(vocabulary::kLifecycleInvestigating);
  *i.mutable_start_time() = ToProto(start);
  // Editing overwrites the text and stamps lastUpdatedDate, so each version the page
  // published becomes one update (updates accumulate in the store, keyed by time).
  const bool was_edited = edited->has_value();
  auto* e = i.add_events();
  e->set_status(was_edited ? vocabulary::kLifecycleUpdate : vocabulary::kLifecycleInvestigating);
  e->set_title(HeadingOf(was_edited ? "" : vocabulary::kLifecycleInvestigating));
  e->set_description(TextOf(StringField(j, "content")));  // Markdown: text already
  *e->mutable_time() = ToProto(was_edited ? **edited : start);
  return i;
}

// A maintenance's window is its first time slot, the running one. Slots of recurring
// maintenances are ISO times in UTC; a single window keeps its author's local text, read
// at the maintenance's offset. The offset is today's, so a window across a daylight-saving
// change can be an hour off; Kuma publishes nothing better. (Kuma 1.19 and 1.20 wrote
// slots as UTC text and sent no offset, which reads right too.) The date range is not a
// fallback: for a recurring maintenance it bounds the recurrence, not one window.
struct Window {
  std::optional<absl::Time> start, end;
};

absl::StatusOr<Window> WindowOf(const Json& m) {
  const Json& slots = ArrayField(m, "timeslotList");
  if (slots.empty()) return Window{};
  const std::string offset = StringField(m, "timezoneOffset");
  absl::StatusOr<std::optional<absl::Time>> start = KumaTimeField(slots[0], "startDate", offset);
  absl::StatusOr<std::optional<absl::Time>> end = KumaTimeField(slots[0], "endDate", offset);
  if (!start.ok()) return start.status();
  if (!end.ok()) return end.status();
  if (start->has_value() && end->has_value() && **end < **start) {
    return absl::InvalidArgumentError("the window ends before it starts");
  }
  return Window{*start, *end};
}

// Kuma lists only maintenances under way (StatusPage.getMaintenanceList keeps those whose
// status is "under-maintenance"). A manual one has no time slot: with no time to start it
// at, it is left out, and its monitors still read under_maintenance.
absl::StatusOr<std::optional<Incident>> Maintenance(absl::string_view page_url, const Json& m) {
  if (!m.is_object()) return absl::InvalidArgumentError("a maintenance is not an object");
  const std::optional<int64_t> id = IntegerId(m);
  if (!id) return absl::InvalidArgumentError("a maintenance has no integer id");
  absl::StatusOr<Window> window = WindowOf(m);
  if (!window.ok())
    return absl::InvalidArgumentError(absl::StrCat("maintenance ", *id, ": ", window.status().message()));
  if (!window->start) return std::nullopt;
  Incident i;
  i.set_id(absl::StrCat("maintenance-", *id));
  i.set_title(StringField(m, "title"));
  i.set_description(TextOf(StringField(m, "description")));
  i.set_impact(vocabulary::kImpactMaintenance);
  i.set_deep_link(std::string(page_url));
  const std::string status = StringField(m, "status");
  i.set_status(status == "scheduled" ? vocabulary::kLifecycleScheduled : vocabulary::kLifecycleInProgress);
  *i.mutable_start_time() = ToProto(*window->start);
  *i.mutable_scheduled_start_time() = ToProto(*window->start);
  if (window->end) *i.mutable_scheduled_end_time() = ToProto(*window->end);
  auto* e = i.add_events();
  e->set_status(i.status());
  e->set_title(HeadingOf(i.status()));
  *e->mutable_time() = ToProto(*window->start);
  return std::optional<Incident>(std::move(i));
}

}  // namespace

absl::StatusOr<std::vector<Incident>> KumaIncidents(absl::string_view page_url, const Json& page) {
  std::vector<Incident> incidents;
  // `incident` is the one pinned incident, or null.
  if (auto pinned = page.find("incident"); pinned != page.end() && !pinned->is_null()) {
    if (!pinned->is_object()) return absl::InvalidArgumentError("'incident' is neither an object nor null");
    absl::StatusOr<Incident> incident = PinnedIncident(page_url, *pinned);
    if (!incident.ok()) return incident.status();
    incidents.push_back(std::move(*incident));
  }
  // Older Kuma versions (before maintenance existed) send no maintenanceList.
  for (const Json& m : ArrayField(page, "maintenanceList")) {
    absl::StatusOr<std::optional<Incident>> maintenance = Maintenance(page_url, m);
    if (!maintenance.ok()) return maintenance.status();
    if (maintenance->has_value()) incidents.push_back(std::move(**maintenance));
  }
  return incidents;
}

}  // namespace statusphere::providers
