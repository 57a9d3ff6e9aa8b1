#include "providers/openstatus/openstatus.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
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

namespace statusphere::providers {
namespace {

constexpr char kFeedRole[] = "feed";

using statusphere::v1::Incident;
namespace vocabulary = statusphere::vocabulary;

// OpenStatus's status variants (a monitor's, the page's) and ours.
struct StatusWords {
  const char* status;
  const char* component_status;
};
constexpr StatusWords kStatuses[] = {
    {"success", vocabulary::kComponentOperational},
    {"degraded", vocabulary::kComponentDegradedPerformance},
    {"error", vocabulary::kComponentMajorOutage},
    {"info", vocabulary::kComponentUnderMaintenance},  // a maintenance under way
};

std::string ComponentStatus(absl::string_view status) {
  for (const StatusWords& w : kStatuses) {
    if (status == w.status) return w.component_status;
  }
  return "unknown";
}

// A status report's and its updates' words: OpenStatus uses Statuspage's four.
std::string ReportStatus(absl::string_view status) {
  for (absl::string_view same : {"investigating", "identified", "monitoring", "resolved"}) {
    if (status == same) return std::string(same);
  }
  return vocabulary::kLifecycleUpdate;
}

absl::StatusOr<absl::Time> RequiredTime(const Json& object, const char* key) {
  ASSIGN_OR_RETURN(std::optional<absl::Time> t, TimeField(object, key));
  if (!t) return absl::InvalidArgumentError(absl::StrCat("no '", key, "'"));
  return *t;
}

bool IsFeed(const Json& json) {
  return json.contains("pageComponents") && json["pageComponents"].is_array() && json.contains("statusReports") &&
         json["statusReports"].is_array();
}

bool IsOpenStatusHost(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  return absl::EndsWith(host, ".openstatus.dev") && host != "www.openstatus.dev" && host != "api.openstatus.dev" &&
         host.size() > 15;
}

struct Components {
  std::map<long long, std::string> names;  // by page component id
  std::map<long long, std::string> status_of;
};

// The page's components in their groups; a monitor's component takes the monitor's status.
Components ReadComponents(const Json& feed, ParsedPage& page) {
  std::map<long long, std::string> monitor_status, group_names;
  for (const Json& m : ArrayField(feed, "monitors")) {
    if (std::optional<long long> id = IntegerField(m, "id")) monitor_status[*id] = StringField(m, "status");
  }
  for (const Json& g : ArrayField(feed, "pageComponentGroups")) {
    if (std::optional<long long> id = IntegerField(g, "id")) group_names[*id] = StringField(g, "name");
  }
  Components out;
  for (const Json& c : ArrayField(feed, "pageComponents")) {
    std::optional<long long> id = IntegerField(c, "id");
    if (!id) continue;  // nothing to name it by
    statusphere::v1::Component component;
    component.set_id(std::to_string(*id));
    component.set_name(StringField(c, "name"));
    if (std::optional<long long> group = IntegerField(c, "groupId"); group && group_names.count(*group)) {
      component.set_group(group_names[*group]);
    }
    std::optional<long long> monitor = IntegerField(c, "monitorId");
    // A static component (no monitor) is as its reports and maintenances say: set below.
    component.set_status(monitor && monitor_status.count(*monitor) ? ComponentStatus(monitor_status[*monitor])
                                                                   : vocabulary::kComponentOperational);
    out.names[*id] = component.name();
    page.components.push_back(std::move(component));
  }
  if (page.components.empty()) {
    // Feeds of pages made before page components: the monitors alone (deprecated field).
    for (const Json& m : ArrayField(feed, "monitors")) {
      std::optional<long long> id = IntegerField(m, "id");
      if (!id) continue;
      statusphere::v1::Component component;
      component.set_id(absl::StrCat("monitor-", *id));
      component.set_name(StringField(m, "name"));
      component.set_status(ComponentStatus(StringField(m, "status")));
      page.components.push_back(std::move(component));
    }
  }
  return out;
}

// The names of the components an entry names by page component id (else by monitor id).
void AddComponents(const Json& entry, const Components& components, const Json& feed, Incident& i) {
  for (const Json& id : ArrayField(entry, "pageComponents")) {
    if (!id.is_number_integer()) continue;
    if (auto it = components.names.find(id.get<long long>()); it != components.names.end())
      i.add_components(it->second);
  }
  if (i.components_size() > 0) return;
  for (const Json& id : ArrayField(entry, "monitors")) {
    for (const Json& m : ArrayField(feed, "monitors")) {
      if (id.is_number_integer() && IntegerField(m, "id") == id.get<long long>())
        i.add_components(StringField(m, "name"));
    }
  }
}

absl::StatusOr<Incident> ReadReport(absl::string_view page_url, const Json& report, const Components& components,
                                    const Json& feed, const ParsedPage& page) {
  std::optional<long long> id = IntegerField(report, "id");
  if (!id) return absl::InvalidArgumentError("a status report has no numeric id");
  Incident i;
  i.set_id(std::to_string(*id));
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("status report ", i.id(), ": ", s.message()));
  };
  i.set_title(StringField(report, "title"));
  i.set_deep_link(absl::StrCat(page_url, "/events/report/", i.id()));
  AddComponents(report, components, feed, i);
  // The feed gives no impact: major when a component it names is in outage, minor otherwise.
  i.set_impact(vocabulary::kImpactMinor);
  for (const auto& c : page.components) {
    for (const std::string& name : i.components()) {
      if (c.name() == name && c.status() == vocabulary::kComponentMajorOutage) i.set_impact(vocabulary::kImpactMajor);
    }
  }
  std::vector<std::pair<absl::Time, statusphere::v1::IncidentEvent>> updates;
  for (const Json& u : ArrayField(report, "statusReportUpdates")) {
    absl::StatusOr<absl::Time> at = RequiredTime(u, "date");
    if (!at.ok()) return error(at.status());
    statusphere::v1::IncidentEvent e;
    if (std::optional<long long> update_id = IntegerField(u, "id")) e.set_id(std::to_string(*update_id));
    e.set_status(ReportStatus(StringField(u, "status")));
    e.set_title(HeadingOf(e.status()));
    e.set_description(TextOf(StringField(u, "message")));  // markdown, kept as written
    *e.mutable_time() = ToProto(*at);
    updates.emplace_back(*at, std::move(e));
  }
  std::stable_sort(updates.begin(), updates.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [at, e] : updates) *i.add_events() = std::move(e);
  absl::StatusOr<absl::Time> updated = RequiredTime(report, "updatedAt");
  if (!updated.ok() && updates.empty()) return error(updated.status());
  // It began with its first update (the oldest), else when it was last changed.
  *i.mutable_start_time() = updates.empty() ? ToProto(*updated) : i.events(i.events_size() - 1).time();
  i.set_status(ReportStatus(StringField(report, "status")));
  if (i.events_size() == 0) {
    auto* e = i.add_events();
    e->set_status(i.status());
    e->set_title(HeadingOf(i.status()));
    *e->mutable_time() = i.start_time();
  }
  if (i.status() == vocabulary::kLifecycleResolved) {
    *i.mutable_end_time() = i.events(0).status() == vocabulary::kLifecycleResolved
                                ? i.events(0).time()
                                : ToProto(updated.value_or(FromProto(i.events(0).time())));
  }
  return i;
}

// A maintenance window, judged against when the feed was made (its updatedAt), so that Parse
// stays a function of the document.
absl::StatusOr<Incident> ReadMaintenance(absl::string_view page_url, const Json& maintenance,
                                         const Components& components, const Json& feed,
                                         std::optional<absl::Time> as_of) {
  std::optional<long long> id = IntegerField(maintenance, "id");
  if (!id) return absl::InvalidArgumentError("a maintenance has no numeric id");
  Incident i;
  i.set_id(absl::StrCat("maintenance-", *id));  // reports and maintenances are numbered apart
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("maintenance ", *id, ": ", s.message()));
  };
  absl::StatusOr<absl::Time> from = RequiredTime(maintenance, "from");
  absl::StatusOr<absl::Time> to = RequiredTime(maintenance, "to");
  if (!from.ok()) return error(from.status());
  if (!to.ok()) return error(to.status());
  i.set_title(StringField(maintenance, "name"));
  i.set_description(TextOf(StringField(maintenance, "message")));
  i.set_impact(vocabulary::kImpactMaintenance);
  i.set_deep_link(absl::StrCat(page_url, "/events/maintenance/", *id));
  AddComponents(maintenance, components, feed, i);
  *i.mutable_start_time() = ToProto(*from);
  *i.mutable_scheduled_start_time() = ToProto(*from);
  if (*to >= *from) *i.mutable_scheduled_end_time() = ToProto(*to);
  if (as_of && *to <= *as_of) {
    i.set_status(vocabulary::kLifecycleCompleted);
    *i.mutable_end_time() = ToProto(*to);
  } else {
    i.set_status(as_of && *from <= *as_of ? vocabulary::kLifecycleInProgress : vocabulary::kLifecycleScheduled);
  }
  auto* e = i.add_events();
  e->set_status(vocabulary::kLifecycleScheduled);
  e->set_title(HeadingOf(vocabulary::kLifecycleScheduled));
  e->set_description(i.description());
  *e->mutable_time() = ToProto(*from);
  return i;
}

}  // namespace

FetchPlan OpenStatus::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kFeedRole, absl::StrCat(page_url, "/feed/json")}}};
}

Detection OpenStatus::detection() const {
  Detection d;
  // Its hosts only: a probe of /feed/json on every other page would cost a fetch each.
  d.known_host = IsOpenStatusHost;
  return d;
}

absl::StatusOr<ParsedPage> OpenStatus::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kFeedRole));
  ASSIGN_OR_RETURN(const Json feed, ParseJsonObject(doc->url, doc->body));
  if (!IsFeed(feed)) {
    return absl::InvalidArgumentError(
        absl::StrCat(doc->url, ": no 'pageComponents' and 'statusReports' arrays: not an OpenStatus feed"));
  }
  ParsedPage page;
  page.platform_indicator = StringField(feed, "status");
  const Components components = ReadComponents(feed, page);
  absl::StatusOr<std::optional<absl::Time>> as_of = TimeField(feed, "updatedAt");
  if (!as_of.ok()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", as_of.status().message()));
  for (const Json& report : ArrayField(feed, "statusReports")) {
    absl::StatusOr<Incident> i = ReadReport(page_url, report, components, feed, page);
    if (!i.ok()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", i.status().message()));
    page.incidents.push_back(*std::move(i));
  }
  for (const Json& maintenance : ArrayField(feed, "maintenances")) {
    absl::StatusOr<Incident> i = ReadMaintenance(page_url, maintenance, components, feed, *as_of);
    if (!i.ok()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", i.status().message()));
    page.incidents.push_back(*std::move(i));
  }
  // A static component (no monitor) takes the state of what names it now.
  for (auto& c : page.components) {
    for (const Incident& i : page.incidents) {
      if (IsSet(i.end_time()) ||
          std::find(i.components().begin(), i.components().end(), c.name()) == i.components().end())
        continue;
      if (c.status() != vocabulary::kComponentOperational) continue;
      if (i.impact() == vocabulary::kImpactMaintenance && i.status() == vocabulary::kLifecycleInProgress)
        c.set_status(vocabulary::kComponentUnderMaintenance);
      if (i.impact() != vocabulary::kImpactMaintenance) c.set_status(vocabulary::kComponentDegradedPerformance);
    }
  }
  // The feed lists the page's reports and maintenances, open or not.
  page.lists_every_open_incident = true;
  return RequireUniqueIncidentIds(doc->url, std::move(page));
}

}  // namespace statusphere::providers
