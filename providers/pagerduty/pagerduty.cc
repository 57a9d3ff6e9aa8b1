#include "providers/pagerduty/pagerduty.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/pagerduty/data_island.h"

namespace statusphere::providers {
namespace {

namespace vocabulary = statusphere::vocabulary;
using statusphere::v1::Component;
using statusphere::v1::Incident;

constexpr char kHomeRole[] = "home";

// A severity as PagerDuty posts it, on an update and on each service it impacts. The page's
// own enums (post_enums) name two scales, severity (all good, minor, major) and impacts
// (operational, partial outage, outage); updates mix both words, so both are read.
struct Severity {
  int rank;  // 0 none .. 3 outage
  const char* impact;
  const char* component_status;
};

Severity SeverityOf(absl::string_view word) {
  if (word == "minor") return {1, vocabulary::kImpactMinor, vocabulary::kComponentDegradedPerformance};
  if (word == "major" || word == "partial_outage") {
    return {2, vocabulary::kImpactMajor, vocabulary::kComponentPartialOutage};
  }
  if (word == "outage") return {3, vocabulary::kImpactCritical, vocabulary::kComponentMajorOutage};
  if (word == "maintenance") return {0, vocabulary::kImpactMaintenance, vocabulary::kComponentUnderMaintenance};
  return {0, vocabulary::kImpactNone, vocabulary::kComponentOperational};  // all_good, operational
}

// Incident statuses: detected (a potential issue, not yet confirmed), investigating, resolved.
std::string LifecycleStatus(absl::string_view status) {
  if (status == "detected" || status == "investigating") return vocabulary::kLifecycleInvestigating;
  if (status == "resolved") return vocabulary::kLifecycleResolved;
  if (status == "identified" || status == "monitoring") return std::string(status);
  return vocabulary::kLifecycleUpdate;
}

// When an update was posted: reported_at is its display time; created_at when absent.
absl::StatusOr<std::optional<absl::Time>> PostedAt(const Json& update) {
  ASSIGN_OR_RETURN(std::optional<absl::Time> reported, TimeField(update, "reported_at"));
  if (reported) return reported;
  return TimeField(update, "created_at");
}

// The page's layout groups services under headings; a service's group is its heading's name.
std::map<std::string, std::string> GroupsOfServices(const Json& data) {
  std::map<std::string, std::string> group_of;
  if (!data.contains("layout") || !data["layout"].is_object()) return group_of;
  const Json& layout = data["layout"];
  if (!layout.contains("layout_settings") || !layout["layout_settings"].is_object()) return group_of;
  for (const Json& entry : ArrayField(layout["layout_settings"], "business_services")) {
    if (!BoolField(entry, "grouping_element")) continue;
    for (const Json& child : ArrayField(entry, "child_business_services")) {
      if (child.is_string()) group_of[child.get<std::string>()] = StringField(entry, "name");
    }
  }
  return group_of;
}

struct ServiceImpact {
  std::string name;
  Severity severity;
};

absl::StatusOr<Incident> ParseIncident(absl::string_view page_url, const Json& j,
                                       std::map<std::string, ServiceImpact>& open_impacts) {
  Incident i;
  i.set_id(StringField(j, "id"));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  i.set_title(StringField(j, "title"));
  // PagerDuty's incident pages are rendered by the script bundle; their address is not in
  // the data, so the link is the page itself.
  i.set_deep_link(std::string(page_url));
  std::optional<absl::Time> first, latest;
  std::string latest_status;
  std::string latest_text;
  int worst = -1;
  const char* impact = vocabulary::kImpactNone;
  std::set<std::string> named;
  // The latest update's impacted services are the incident's impact on them now.
  std::vector<ServiceImpact> latest_impacts;
  std::vector<std::string> latest_ids;
  for (const Json& u : ArrayField(j, "updates")) {
    absl::StatusOr<std::optional<absl::Time>> at = PostedAt(u);
    if (!at.ok()) return error(at.status());
    if (!at->has_value()) return error(absl::InvalidArgumentError("an update has no reported_at or created_at"));
    const std::string status = StringField(u, "status");
    auto* e = i.add_events();
    e->set_id(StringField(u, "id"));
    e->set_status(LifecycleStatus(status));
    e->set_title(HeadingOf(status));
    e->set_description(TextOf(StringField(u, "message")));
    *e->mutable_time() = ToProto(**at);
    const Severity severity = SeverityOf(StringField(u, "severity"));
    if (severity.rank > worst) {
      worst = severity.rank;
      impact = severity.impact;
    }
    std::vector<ServiceImpact> impacts;
    std::vector<std::string> ids;
    for (const Json& s : ArrayField(u, "impacted_business_services")) {
      const std::string name = StringField(s, "name");
      if (!name.empty() && named.insert(name).second) i.add_components(name);
      impacts.push_back({name, SeverityOf(StringField(s, "severity"))});
      ids.push_back(StringField(s, "business_service_id"));
    }
    if (!first || **at < *first) first = **at;
    if (!latest || **at >= *latest) {
      latest = **at;
      latest_status = status;
      latest_text = e->description();
      latest_impacts = std::move(impacts);
      latest_ids = std::move(ids);
    }
  }
  if (!first) return error(absl::InvalidArgumentError("no updates"));
  *i.mutable_start_time() = ToProto(*first);
  i.set_impact(impact);
  i.set_status(LifecycleStatus(latest_status));
  if (latest_status == "resolved") {
    *i.mutable_end_time() = ToProto(*latest);
  } else {
    for (size_t k = 0; k < latest_ids.size(); ++k) {
      auto [it, inserted] = open_impacts.emplace(latest_ids[k], latest_impacts[k]);
      if (!inserted && latest_impacts[k].severity.rank > it->second.severity.rank) it->second = latest_impacts[k];
    }
  }
  // The postmortem is published on the incident: kept as its last update and as its text.
  if (j.contains("postmortem") && j["postmortem"].is_object()) {
    const Json& pm = j["postmortem"];
    absl::StatusOr<std::optional<absl::Time>> at = TimeField(pm, "created_at");
    if (!at.ok()) return error(absl::InvalidArgumentError(absl::StrCat("postmortem: ", at.status().message())));
    const std::string text = TextOf(StringField(pm, "message"));
    if (at->has_value() && !text.empty()) {
      auto* e = i.add_events();
      e->set_id(StringField(pm, "id"));
      e->set_status(vocabulary::kLifecyclePostmortem);
      e->set_title("Postmortem");
      e->set_description(text);
      *e->mutable_time() = ToProto(**at);
      i.set_description(text);
    }
  }
  if (i.description().empty()) i.set_description(latest_text);
  // Events newest first, as the contract lists them (the page lists updates newest first too,
  // and the postmortem comes after them all).
  std::stable_sort(i.mutable_events()->begin(), i.mutable_events()->end(),
                   [](const auto& a, const auto& b) { return FromProto(a.time()) > FromProto(b.time()); });
  return i;
}

}  // namespace

FetchPlan PagerDuty::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kHomeRole, std::string(page_url)}}};
}

Detection PagerDuty::detection() const {
  Detection d;
  // No known host: status.pagerduty.com itself has been on Statuspage before and may be again
  // (links to it from other projects name Statuspage incident codes), so even it is probed:
  // after Statuspage's probe, the home page for its island's shape.
  d.probe_url = [](absl::string_view page_url) { return std::string(page_url); };
  d.probe_matches = [](const Document& probe) {
    return probe.http_status == 200 && PagerDutyData(probe.url, probe.body).ok();
  };
  return d;
}

absl::StatusOr<ParsedPage> PagerDuty::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* home, documents.RequireOk(kHomeRole));
  ASSIGN_OR_RETURN(const Json data, PagerDutyData(home->url, home->body));
  const Json& summary = data["summary"];
  ParsedPage page;
  // Open incidents are listed in full; resolved ones are the page's recent history.
  page.lists_every_open_incident = true;
  std::map<std::string, ServiceImpact> open_impacts;  // by business service id
  for (const char* list : {"open_incidents", "resolved_incidents"}) {
    for (const Json& j : ArrayField(summary, list)) {
      absl::StatusOr<Incident> incident = ParseIncident(page_url, j, open_impacts);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(home->url, ": ", incident.status().message()));
      page.incidents.push_back(*std::move(incident));
    }
  }
  const std::map<std::string, std::string> group_of = GroupsOfServices(data);
  for (const Json& s : ArrayField(summary, "post_status_page_services")) {
    // An inactive service is not shown on the page.
    if (s.contains("is_active") && s["is_active"].is_boolean() && !s["is_active"].get<bool>()) continue;
    Component c;
    // Impacts name the service by its business service id, not by this entry's own id.
    const std::string id = StringField(s, "external_business_service_id");
    c.set_id(id.empty() ? StringField(s, "id") : id);
    c.set_name(StringField(s, "name"));
    auto impact = open_impacts.find(c.id());
    c.set_status(impact == open_impacts.end() ? vocabulary::kComponentOperational
                                              : impact->second.severity.component_status);
    if (auto g = group_of.find(c.id()); g != group_of.end()) c.set_group(g->second);
    page.components.push_back(std::move(c));
  }
  return RequireUniqueIncidentIds(home->url, std::move(page));
}

}  // namespace statusphere::providers
