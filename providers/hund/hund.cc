#include "providers/hund/hund.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/host.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/json_values.h"
#include "providers/common/unique_ids.h"
#include "providers/hund/server_sent_events.h"

namespace statusphere::providers {
namespace {

constexpr char kLiveRole[] = "live";
constexpr char kInitEvent[] = "init_event";

using statusphere::v1::Incident;
namespace vocabulary = statusphere::vocabulary;

// Hund's component states and ours, and the impact an issue has on a component in that state.
struct StateWords {
  const char* state;
  const char* component_status;
  const char* impact;
};
constexpr StateWords kStates[] = {
    {"operational", vocabulary::kComponentOperational, vocabulary::kImpactNone},
    {"degraded", vocabulary::kComponentDegradedPerformance, vocabulary::kImpactMinor},
    {"outage", vocabulary::kComponentMajorOutage, vocabulary::kImpactMajor},
    {"maintenance", vocabulary::kComponentUnderMaintenance, vocabulary::kImpactMaintenance},
};

const StateWords* WordsOf(absl::string_view state) {
  for (const StateWords& w : kStates) {
    if (state == w.state) return &w;
  }
  return nullptr;
}

// Hund's issue and update labels (any case) and ours.
std::string LabelStatus(absl::string_view label) {
  const std::string lower = absl::AsciiStrToLower(label);
  for (absl::string_view same : {"investigating", "identified", "monitoring", "resolved"}) {
    if (lower == same) return lower;
  }
  if (lower == "assessed") return vocabulary::kLifecycleIdentified;
  return vocabulary::kLifecycleUpdate;
}

// Hund writes times as epoch seconds (the documented created_at: 1466464235); a string of
// digits or an RFC 3339 time is read too.
absl::StatusOr<std::optional<absl::Time>> TimeOf(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  std::optional<absl::Time> t;
  if (it->is_number()) {
    const double seconds = it->get<double>();
    if (seconds > 0 && seconds < 1e11) t = absl::FromUnixMillis(static_cast<int64_t>(seconds * 1000));
  } else if (it->is_string()) {
    int64_t seconds = 0;
    if (absl::SimpleAtoi(it->get<std::string>(), &seconds)) {
      t = absl::FromUnixSeconds(seconds);
    } else {
      t = ParseRfc3339(it->get<std::string>());
    }
  }
  if (!t || !IsPlausibleTime(*t)) {
    return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time: ", it->dump().substr(0, 40)));
  }
  return t;
}

// A window's bounds, at the issue's top level or in its "schedule" (neither seen in a
// published example: taken as Hund's API writes them).
absl::StatusOr<std::optional<absl::Time>> WindowTime(const Json& issue, const char* key) {
  ASSIGN_OR_RETURN(std::optional<absl::Time> t, TimeOf(issue, key));
  if (!t && issue.contains("schedule")) return TimeOf(issue["schedule"], key);
  return t;
}

void AddComponent(const Json& c, const std::string& group, std::set<std::string>& seen, ParsedPage& page) {
  std::string id = IdText(c);
  const std::string name = StringField(c, "name");
  if (id.empty()) id = name;
  if (id.empty() || !seen.insert(id).second) return;
  statusphere::v1::Component component;
  component.set_id(id);
  component.set_name(name);
  component.set_group(group);
  const StateWords* words = WordsOf(StringField(c, "state"));
  component.set_status(words != nullptr ? words->component_status : "unknown");
  page.components.push_back(std::move(component));
}

absl::StatusOr<Incident> ReadIssue(absl::string_view page_url, const Json& issue) {
  Incident i;
  i.set_id(IdText(issue));
  if (i.id().empty()) return absl::InvalidArgumentError("an issue has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("issue ", i.id(), ": ", s.message()));
  };
  absl::StatusOr<std::optional<absl::Time>> created = TimeOf(issue, "created_at");
  absl::StatusOr<std::optional<absl::Time>> starts = WindowTime(issue, "starts_at");
  absl::StatusOr<std::optional<absl::Time>> ends = WindowTime(issue, "ends_at");
  for (const auto* t : {&created, &starts, &ends}) {
    if (!t->ok()) return error(t->status());
  }
  if (!created->has_value() && !starts->has_value()) return error(absl::InvalidArgumentError("no created_at"));
  const absl::Time start = created->has_value() ? **created : **starts;
  i.set_title(StringField(issue, "title"));
  i.set_description(TextOf(StringField(issue, "body")));
  i.set_deep_link(absl::StrCat(page_url, "/issues/", i.id()));
  *i.mutable_start_time() = ToProto(start);
  const bool scheduled = BoolField(issue, "scheduled");
  // The worst state the issue's components are in says how bad it is.
  i.set_impact(scheduled ? vocabulary::kImpactMaintenance : vocabulary::kImpactMinor);
  int worst = -1;
  for (const Json& c : ArrayField(issue, "components")) {
    // v2 lists components as objects; v1 and the v2 example of the docs' first version, as names.
    i.add_components(c.is_string() ? c.get<std::string>() : StringField(c, "name"));
    const StateWords* words = WordsOf(StringField(c, "state"));
    if (!scheduled && words != nullptr && vocabulary::ImpactRank(words->impact) > worst) {
      worst = vocabulary::ImpactRank(words->impact);
      if (worst >= vocabulary::ImpactRank(vocabulary::kImpactMinor)) i.set_impact(words->impact);
    }
  }
  if (const std::string single = StringField(issue, "component"); !single.empty()) i.add_components(single);  // v1

  // The issue's own posting, then its updates; newest first.
  std::vector<std::pair<absl::Time, statusphere::v1::IncidentEvent>> events;
  statusphere::v1::IncidentEvent posted;
  posted.set_status(scheduled ? vocabulary::kLifecycleScheduled : LabelStatus(StringField(issue, "label")));
  posted.set_title(HeadingOf(posted.status()));
  posted.set_description(i.description());
  *posted.mutable_time() = ToProto(start);
  events.emplace_back(start, std::move(posted));
  for (const Json& u : ArrayField(issue, "updates")) {
    absl::StatusOr<std::optional<absl::Time>> at = TimeOf(u, "created_at");
    if (!at.ok()) return error(at.status());
    statusphere::v1::IncidentEvent e;
    e.set_id(IdText(u));
    e.set_status(LabelStatus(StringField(u, "label")));
    e.set_title(HeadingOf(e.status()));
    e.set_description(TextOf(StringField(u, "body")));
    const absl::Time time = at->value_or(start);  // an update is no older than its issue
    *e.mutable_time() = ToProto(time);
    events.emplace_back(time, std::move(e));
  }
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [time, e] : events) *i.add_events() = std::move(e);
  const std::string latest = i.events(0).status();

  // "standing": the issue is under way (an unscheduled one until it is resolved).
  const bool standing = BoolField(issue, "standing");
  if (scheduled) {
    if (starts->has_value()) *i.mutable_scheduled_start_time() = ToProto(**starts);
    if (ends->has_value() && (!starts->has_value() || **ends >= **starts))
      *i.mutable_scheduled_end_time() = ToProto(**ends);
    if (latest == vocabulary::kLifecycleResolved) {
      i.set_status(vocabulary::kLifecycleCompleted);
      *i.mutable_end_time() = i.events(0).time();
    } else {
      i.set_status(standing ? vocabulary::kLifecycleInProgress : vocabulary::kLifecycleScheduled);
    }
  } else if (!standing || latest == vocabulary::kLifecycleResolved) {
    i.set_status(vocabulary::kLifecycleResolved);
    *i.mutable_end_time() = i.events(0).time();
  } else {
    i.set_status(latest);
  }
  return i;
}

bool IsHundHost(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  return absl::EndsWith(host, ".hund.io") && host != "www.hund.io" && host.size() > 8;
}

}  // namespace

FetchPlan Hund::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  FetchPlan plan;
  plan.documents = {{kLiveRole, absl::StrCat(page_url, "/live/v2/status_page"), kInitEvent}};
  return plan;
}

Detection Hund::detection() const {
  Detection d;
  // Only its hosts: the live stream never ends, so it cannot be a probe (the cascade's
  // fetches read to the end), and no marker of Hund's pages on custom domains is established.
  d.known_host = IsHundHost;
  return d;
}

absl::StatusOr<ParsedPage> Hund::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* live, documents.RequireOk(kLiveRole));
  std::optional<std::string> data = SseEventData(live->body, kInitEvent);
  // A saved event's JSON alone parses as well (statusphere-parse).
  if (!data && absl::StartsWith(absl::StripLeadingAsciiWhitespace(live->body), "{")) data = live->body;
  if (!data)
    return absl::InvalidArgumentError(absl::StrCat(live->url, ": no whole '", kInitEvent, "' event in the stream"));
  ASSIGN_OR_RETURN(const Json init, ParseJsonObject(live->url, *data));
  if (!init.contains("state") || !init["state"].is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat(live->url, ": the init_event has no 'state': not Hund's live status"));
  }
  ParsedPage page;
  page.platform_indicator = init["state"].get<std::string>();
  std::set<std::string> seen;
  for (const Json& c : ArrayField(init, "components")) AddComponent(c, "", seen, page);
  for (const Json& group : ArrayField(init, "groups")) {
    for (const Json& c : ArrayField(group, "components")) AddComponent(c, StringField(group, "name"), seen, page);
  }
  for (const Json& issue : ArrayField(init, "issues")) {
    absl::StatusOr<Incident> incident = ReadIssue(page_url, issue);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(live->url, ": ", incident.status().message()));
    page.incidents.push_back(*std::move(incident));
    // The components issues name, in the state the issue gives them, when not listed above.
    for (const Json& c : ArrayField(issue, "components")) {
      if (c.is_object()) AddComponent(c, "", seen, page);
    }
  }
  // The event carries the page's current issues: one no longer there has ended.
  page.lists_every_open_incident = true;
  return RequireUniqueIncidentIds(live->url, std::move(page));
}

}  // namespace statusphere::providers
