#include "providers/uptime_com/uptime_com.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

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
#include "providers/uptime_com/page_props.h"

namespace statusphere::providers {
namespace {

namespace vocabulary = statusphere::vocabulary;
using statusphere::v1::Component;
using statusphere::v1::Incident;

constexpr char kHomeRole[] = "home";

// Uptime.com writes component statuses with hyphens: "degraded-performance".
std::string ComponentStatus(absl::string_view status) {
  std::string word = absl::AsciiStrToLower(status);
  std::replace(word.begin(), word.end(), '-', '_');
  return vocabulary::IsComponentStatus(word) ? word : "unknown";
}

// An incident's impact from the statuses it gives its components.
int Rank(absl::string_view component_status) {
  if (component_status == vocabulary::kComponentMajorOutage) return 3;
  if (component_status == vocabulary::kComponentPartialOutage) return 2;
  return 1;
}

std::string Lifecycle(absl::string_view state) {
  const std::string word = absl::AsciiStrToLower(state);
  for (const char* known : {"investigating", "identified", "monitoring", "resolved", "postmortem", "scheduled",
                            "in_progress", "verifying", "completed"}) {
    if (word == known) return word;
  }
  return "update";
}

// Ids are numbers; a string id is taken as it is.
std::string IdOf(const Json& j) {
  if (!j.is_object() || !j.contains("id")) return "";
  const Json& id = j["id"];
  if (id.is_number_integer()) return std::to_string(id.get<int64_t>());
  return id.is_string() ? id.get<std::string>() : "";
}

// Groups list their components in "subcomponents"; a group is a heading, not a component.
void AddComponents(const Json& list, const std::string& group, int depth, std::vector<Component>& out) {
  if (depth > 8) return;
  for (const Json& c : list) {
    if (!c.is_object()) continue;
    const bool is_group = BoolField(c, "is_group");
    if (!is_group) {
      Component component;
      component.set_id(IdOf(c));
      component.set_name(StringField(c, "name"));
      component.set_status(ComponentStatus(StringField(c, "status")));
      component.set_group(group);
      out.push_back(std::move(component));
    }
    AddComponents(ArrayField(c, "subcomponents"), is_group || group.empty() ? StringField(c, "name") : group,
                  depth + 1, out);
  }
}

absl::StatusOr<Incident> ParseEntry(absl::string_view page_url, const Json& j, bool upcoming) {
  Incident i;
  i.set_id(IdOf(j));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  const bool maintenance = upcoming || StringField(j, "incident_type") == "SCHEDULED_MAINTENANCE";
  i.set_title(StringField(j, "name"));
  i.set_deep_link(std::string(page_url));
  absl::StatusOr<std::optional<absl::Time>> starts = TimeField(j, "starts_at");
  absl::StatusOr<std::optional<absl::Time>> ends = TimeField(j, "ends_at");
  if (!starts.ok()) return error(starts.status());
  if (!ends.ok()) return error(ends.status());
  int worst = 0;
  for (const Json& c : ArrayField(j, "affected_components")) {
    if (std::string name = StringField(c, "name"); !name.empty()) i.add_components(name);
    worst = std::max(worst, Rank(ComponentStatus(StringField(c, "status"))));
  }
  i.set_impact(maintenance ? vocabulary::kImpactMaintenance
               : worst == 3 ? vocabulary::kImpactCritical
               : worst == 2 ? vocabulary::kImpactMajor
                            : vocabulary::kImpactMinor);  // no affected component says more
  std::optional<absl::Time> earliest, latest;
  std::string latest_state;
  for (const Json& u : ArrayField(j, "updates")) {
    absl::StatusOr<std::optional<absl::Time>> at = TimeField(u, "updated_at");
    if (!at.ok()) return error(at.status());
    if (!at->has_value()) continue;
    auto* e = i.add_events();
    e->set_id(IdOf(u));
    const std::string state = StringField(u, "incident_state");
    e->set_status(Lifecycle(state));
    e->set_title(HeadingOf(state));
    e->set_description(TextOf(StringField(u, "description")));
    *e->mutable_time() = ToProto(**at);
    if (!earliest || **at < *earliest) earliest = **at;
    if (!latest || **at >= *latest) {
      latest = **at;
      latest_state = state;
      i.set_description(e->description());
    }
  }
  const std::optional<absl::Time> start = starts->has_value() ? *starts : earliest;
  if (!start) return error(absl::InvalidArgumentError("no starts_at and no dated update"));
  *i.mutable_start_time() = ToProto(*start);
  if (i.events_size() == 0) {
    // Pages that print the latest update only.
    latest_state = StringField(j, "latest_update_incident_state");
    auto* e = i.add_events();
    e->set_status(maintenance && latest_state.empty() ? "scheduled" : Lifecycle(latest_state));
    e->set_title(HeadingOf(latest_state.empty() && maintenance ? "scheduled" : latest_state));
    e->set_description(TextOf(StringField(j, "latest_update_description")));
    *e->mutable_time() = ToProto(*start);
    i.set_description(e->description());
  }
  std::stable_sort(i.mutable_events()->begin(), i.mutable_events()->end(),
                   [](const auto& a, const auto& b) { return FromProto(a.time()) > FromProto(b.time()); });
  if (maintenance) {
    *i.mutable_scheduled_start_time() = ToProto(*start);
    if (ends->has_value()) *i.mutable_scheduled_end_time() = ToProto(**ends);
    // Upcoming maintenance has not begun; a maintenance among the active incidents is under way.
    i.set_status(upcoming ? "scheduled" : Lifecycle(latest_state) == "completed" ? "completed" : "in_progress");
    if (i.status() == "completed" && latest) *i.mutable_end_time() = ToProto(*latest);
  } else {
    i.set_status(latest_state.empty() ? "investigating" : Lifecycle(latest_state));
    if (i.status() == "resolved") *i.mutable_end_time() = ToProto(ends->has_value() ? **ends : latest.value_or(*start));
  }
  return i;
}

}  // namespace

FetchPlan UptimeCom::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kHomeRole, std::string(page_url)}}};
}

Detection UptimeCom::detection() const {
  Detection d;
  d.known_host = HostIsOneOf({"status.uptime.com"});
  // The home page is the only document: probed for the controller's props.
  d.probe_url = [](absl::string_view page_url) { return std::string(page_url); };
  d.probe_matches = [](const Document& probe) {
    return probe.http_status == 200 && UptimeComStatusPage(probe.url, probe.body).ok();
  };
  return d;
}

absl::StatusOr<ParsedPage> UptimeCom::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* home, documents.RequireOk(kHomeRole));
  ASSIGN_OR_RETURN(const Json statuspage, UptimeComStatusPage(home->url, home->body));
  ParsedPage page;
  page.lists_every_open_incident = true;  // active incidents and upcoming maintenance, all of them
  AddComponents(statuspage["components"], "", 0, page.components);
  auto add = [&](const char* key, bool upcoming) -> absl::Status {
    for (const Json& j : ArrayField(statuspage, key)) {
      absl::StatusOr<Incident> incident = ParseEntry(page_url, j, upcoming);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(home->url, ": ", incident.status().message()));
      page.incidents.push_back(*std::move(incident));
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(add("active_incidents", false));
  RETURN_IF_ERROR(add("upcoming_maintenance", true));
  return RequireUniqueIncidentIds(home->url, std::move(page));
}

}  // namespace statusphere::providers
