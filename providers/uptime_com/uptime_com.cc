#include "providers/uptime_com/uptime_com.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
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

constexpr char kAjaxRole[] = "ajax";
constexpr char kHomeRole[] = "home";
constexpr char kHistoryRole[] = "history";

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
  return vocabulary::IsLifecycleStatus(word) ? word : vocabulary::kLifecycleUpdate;
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
    // A group with nothing under it is shown as a row of its own, with its status.
    const bool is_group = BoolField(c, "is_group") && !ArrayField(c, "subcomponents").empty();
    if (!is_group) {
      Component component;
      component.set_id(IdOf(c));
      component.set_name(StringField(c, "name"));
      component.set_status(ComponentStatus(StringField(c, "status")));
      component.set_group(group);
      out.push_back(std::move(component));
    }
    AddComponents(ArrayField(c, "subcomponents"), is_group || group.empty() ? StringField(c, "name") : group, depth + 1,
                  out);
  }
}

// Where the page lists an entry: its active incidents (maintenance under way among them),
// its upcoming maintenance, or its history's past incidents.
enum class Listed { kActive, kUpcoming, kPast };

absl::StatusOr<Incident> ParseEntry(absl::string_view page_url, const Json& j, Listed listed) {
  const bool upcoming = listed == Listed::kUpcoming;
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
  i.set_impact(maintenance  ? vocabulary::kImpactMaintenance
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
    e->set_status(maintenance && latest_state.empty() ? vocabulary::kLifecycleScheduled : Lifecycle(latest_state));
    e->set_title(HeadingOf(latest_state.empty() && maintenance ? vocabulary::kLifecycleScheduled : latest_state));
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
    // A past window is over whatever its last update said.
    i.set_status(upcoming ? vocabulary::kLifecycleScheduled
                 : listed == Listed::kPast || Lifecycle(latest_state) == vocabulary::kLifecycleCompleted
                     ? vocabulary::kLifecycleCompleted
                     : vocabulary::kLifecycleInProgress);
    if (i.status() == vocabulary::kLifecycleCompleted) {
      *i.mutable_end_time() = ToProto(listed == Listed::kPast && ends->has_value() ? **ends : latest.value_or(*start));
    }
  } else {
    i.set_status(latest_state.empty() ? vocabulary::kLifecycleInvestigating : Lifecycle(latest_state));
    // The history lists closed incidents: closed at ends_at, whatever their last update said.
    if (listed == Listed::kPast) i.set_status(vocabulary::kLifecycleResolved);
    if (i.status() == vocabulary::kLifecycleResolved)
      *i.mutable_end_time() = ToProto(ends->has_value() ? **ends : latest.value_or(*start));
  }
  return i;
}

// The page's JSON: `<page>/ajax`, `{error, fields, data}` with data the status page.
bool IsAjaxStatusPage(const Json& j) {
  if (!j.is_object() || !j.contains("data") || !j["data"].is_object()) return false;
  const Json& data = j["data"];
  return data.contains("components") && data["components"].is_array() && data.contains("global_is_operational") &&
         data["global_is_operational"].is_boolean();
}

absl::StatusOr<Json> AjaxStatusPage(const Document& ajax) {
  ASSIGN_OR_RETURN(Json j, ParseJsonObject(ajax.url, ajax.body));
  if (!IsAjaxStatusPage(j)) {
    return absl::InvalidArgumentError(
        absl::StrCat(ajax.url, ": no 'data' object with a 'components' list and a 'global_is_operational' flag"));
  }
  return j["data"];
}

// The history the page's data names: its `public_url` ("/statuspage/<slug>", the page's
// path on uptime.com, which custom domains serve as well) plus "/history", else its slug's.
std::string HistoryUrlOf(absl::string_view page_url, const Json& statuspage) {
  const std::string origin(OriginOf(page_url));
  std::string path = StringField(statuspage, "public_url");
  if (path.empty() && !StringField(statuspage, "slug").empty()) path = "/statuspage/" + StringField(statuspage, "slug");
  if (path.empty() || path[0] != '/') return "";
  return absl::StrCat(origin, path, "/history");
}

}  // namespace

FetchPlan UptimeCom::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  FetchPlan plan{{{kAjaxRole, absl::StrCat(page_url, "/ajax")}}};
  // Past incidents, with their ends and every update: where the page's data says.
  plan.follow_ups = [page_url = std::string(page_url)](const Documents& first) {
    std::vector<DocumentToFetch> out;
    const Document* ajax = first.Find(kAjaxRole);
    if (ajax == nullptr || ajax->http_status != 200) return out;
    absl::StatusOr<Json> statuspage = AjaxStatusPage(*ajax);
    if (!statuspage.ok()) return out;
    if (std::string url = HistoryUrlOf(page_url, *statuspage); !url.empty()) out.push_back({kHistoryRole, url});
    return out;
  };
  // Pages rendered with their state in the home page's script (older pages, and a stand-in
  // when /ajax is refused).
  plan.fallbacks = {{kHomeRole, std::string(page_url)}};
  return plan;
}

Detection UptimeCom::detection() const {
  Detection d;
  d.known_host = [](absl::string_view page_url) {
    const absl::string_view host = HostOf(page_url);
    if (host == "status.uptime.com") return true;
    // Pages hosted by Uptime.com itself: https://uptime.com/statuspage/<slug>.
    const absl::string_view path = page_url.substr(std::min(page_url.size(), page_url.find(host) + host.size()));
    return (host == "uptime.com" || host == "www.uptime.com") && absl::StartsWith(path, "/statuspage/");
  };
  d.probe_url = [](absl::string_view page_url) { return absl::StrCat(page_url, "/ajax"); };
  d.probe_matches = JsonProbeOfShape(&IsAjaxStatusPage);
  d.home_page_matches = [](const Document& home) { return UptimeComStatusPage(home.url, home.body).ok(); };
  return d;
}

absl::StatusOr<ParsedPage> UptimeCom::Parse(absl::string_view page_url, const Documents& documents) const {
  // The page's JSON, else its home page's script; a saved document of either parses alone.
  const Document* ajax = documents.Find(kAjaxRole);
  const Document* home = documents.Find(kHomeRole);
  if (ajax == nullptr && home == nullptr) return absl::InvalidArgumentError("no 'ajax' or 'home' document");
  auto unanswered = [](const Document& d) { return absl::UnavailableError(absl::StrCat(d.url, ": ", OutcomeOf(d))); };
  absl::StatusOr<Json> statuspage = absl::InvalidArgumentError("no document");
  const Document* source = ajax;
  if (ajax != nullptr) statuspage = ajax->http_status == 200 ? AjaxStatusPage(*ajax) : unanswered(*ajax);
  if (!statuspage.ok() && home != nullptr) {
    absl::StatusOr<Json> from_home =
        home->http_status == 200 ? UptimeComStatusPage(home->url, home->body) : unanswered(*home);
    if (!from_home.ok() && ajax != nullptr) {
      return absl::Status(
          statuspage.status().code(),
          absl::StrCat(statuspage.status().message(), "; the home page instead: ", from_home.status().message()));
    }
    statuspage = std::move(from_home);
    source = home;
  }
  if (!statuspage.ok()) return statuspage.status();
  ParsedPage page;
  page.lists_every_open_incident = true;  // active incidents and upcoming maintenance, all of them
  if (const Json& flag = (*statuspage)["global_is_operational"]; flag.is_boolean()) {
    page.platform_indicator = flag.get<bool>() ? "true" : "false";
  }
  AddComponents((*statuspage)["components"], "", 0, page.components);
  auto add = [&](const Json& list, Listed listed, const Document& from) -> absl::Status {
    for (const Json& j : list) {
      absl::StatusOr<Incident> incident = ParseEntry(page_url, j, listed);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(from.url, ": ", incident.status().message()));
      auto kept = std::find_if(page.incidents.begin(), page.incidents.end(),
                               [&](const Incident& i) { return i.id() == incident->id(); });
      if (listed != Listed::kPast || kept == page.incidents.end()) {
        page.incidents.push_back(*std::move(incident));
      } else if (incident->events_size() > kept->events_size()) {
        // An incident the page still shows as active: its state is the page's, its updates
        // the history's when that has more.
        *kept->mutable_events() = incident->events();
      }
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(add(ArrayField(*statuspage, "active_incidents"), Listed::kActive, *source));
  RETURN_IF_ERROR(add(ArrayField(*statuspage, "upcoming_maintenance"), Listed::kUpcoming, *source));
  // The history adds what has ended; one that did not answer leaves the page as it is.
  if (const Document* history = documents.Find(kHistoryRole); history != nullptr && history->http_status == 200) {
    ASSIGN_OR_RETURN(const Json j, ParseJsonObject(history->url, history->body));
    if (!j.contains("data") || !j["data"].is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(history->url, ": no 'data' object"));
    }
    RETURN_IF_ERROR(add(ArrayField(j["data"], "past_incidents"), Listed::kPast, *history));
  }
  return RequireUniqueIncidentIds(source->url, std::move(page));
}

}  // namespace statusphere::providers
