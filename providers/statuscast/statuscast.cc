#include "providers/statuscast/statuscast.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/host.h"
#include "providers/common/unique_ids.h"
#include "providers/statuscast/page_html.h"

namespace statusphere::providers {
namespace {

namespace vocabulary = statusphere::vocabulary;
using statusphere::v1::Component;
using statusphere::v1::Incident;

constexpr char kHomeRole[] = "home";
constexpr char kIncidentRole[] = "incident";
// Incident pages a backfill reads: the home page lists a few dozen at most.
constexpr size_t kMaxIncidentPages = 100;

std::string LinkOf(absl::string_view page_url, const StatusCastIncident& incident) {
  if (absl::StartsWith(incident.href, "http://") || absl::StartsWith(incident.href, "https://")) return incident.href;
  return absl::StrCat(OriginOf(page_url), "/incident/", incident.id);
}

bool IsMaintenanceType(absl::string_view type) { return absl::StrContains(type, "maintenance"); }

// StatusCast's incident types: Service Unavailable, Performance Degraded (its words vary by
// version: "performance", "degraded"), Scheduled Maintenance, Informational.
std::string ImpactOf(absl::string_view type) {
  if (IsMaintenanceType(type)) return vocabulary::kImpactMaintenance;
  if (absl::StrContains(type, "informational") || absl::StrContains(type, "info")) return vocabulary::kImpactNone;
  if (absl::StrContains(type, "unavailable") || absl::StrContains(type, "outage")) return vocabulary::kImpactMajor;
  return vocabulary::kImpactMinor;
}

enum class Phase { kOpen, kUpcoming, kClosed };

// incident-status-<word>: closed; future / upcoming; open, inprogress (started), and the
// stages investigating, identified, monitoring.
Phase PhaseOf(absl::string_view status) {
  if (status == "closed" || status == "resolved" || status == "completed" || status == "ended") return Phase::kClosed;
  if (status == "future" || status == "upcoming" || status == "scheduled") return Phase::kUpcoming;
  return Phase::kOpen;
}

// The contract's lifecycle word for a StatusCast status word.
std::string LifecycleOf(absl::string_view status, bool maintenance) {
  switch (PhaseOf(status)) {
    case Phase::kClosed:
      return maintenance ? vocabulary::kLifecycleCompleted : vocabulary::kLifecycleResolved;
    case Phase::kUpcoming:
      return vocabulary::kLifecycleScheduled;
    case Phase::kOpen:
      break;
  }
  if (maintenance) return vocabulary::kLifecycleInProgress;
  if (status == "identified") return vocabulary::kLifecycleIdentified;
  if (status == "monitoring" || status == "monitored") return vocabulary::kLifecycleMonitoring;
  // Open and in progress say only that it is not over yet.
  return vocabulary::kLifecycleInvestigating;
}

// A component's state word (component-<word>) in the contract's words.
std::string ComponentStatusOf(absl::string_view word) {
  if (word == "available" || word == "normal" || word == "operational" || word == "informational" ||
      word == "monitoring" || word == "monitored") {
    return vocabulary::kComponentOperational;  // fixed, or a notice: nothing is impaired
  }
  if (word == "degraded" || word == "performance" || word == "investigating" || word == "identified") {
    return vocabulary::kComponentDegradedPerformance;
  }
  if (word == "partial" || word == "partialoutage") return vocabulary::kComponentPartialOutage;
  if (word == "unavailable" || word == "outage" || word == "majoroutage") return vocabulary::kComponentMajorOutage;
  if (word == "maintenance") return vocabulary::kComponentUnderMaintenance;
  return "unknown";
}

absl::StatusOr<Incident> IncidentOf(absl::string_view page_url, const StatusCastIncident& entry) {
  Incident i;
  i.set_id(entry.id);
  i.set_title(entry.title);
  i.set_deep_link(LinkOf(page_url, entry));
  const bool maintenance = IsMaintenanceType(entry.type);
  i.set_impact(ImpactOf(entry.type));
  for (const std::string& name : entry.named_components) i.add_components(name);
  std::optional<absl::Time> earliest, latest;
  for (size_t n = 0; n < entry.updates.size(); ++n) {
    const StatusCastUpdate& u = entry.updates[n];
    if (!u.time) continue;
    auto* e = i.add_events();
    e->set_status(LifecycleOf(u.status, maintenance));
    e->set_title(HeadingOf(u.label.empty() ? e->status() : u.label));
    e->set_description(u.text);
    *e->mutable_time() = ToProto(*u.time);
    if (!earliest || *u.time < *earliest) earliest = *u.time;
    if (!latest || *u.time > *latest) latest = *u.time;
  }
  const std::optional<absl::Time> start = entry.date ? entry.date : earliest;
  if (!start) return absl::InvalidArgumentError(absl::StrCat("incident ", entry.id, ": no date and no dated update"));
  *i.mutable_start_time() = ToProto(*start);
  std::stable_sort(i.mutable_events()->begin(), i.mutable_events()->end(),
                   [](const auto& a, const auto& b) { return FromProto(a.time()) > FromProto(b.time()); });
  if (i.events_size() > 0) i.set_description(i.events(0).description());
  i.set_status(LifecycleOf(entry.status, maintenance));
  if (PhaseOf(entry.status) == Phase::kClosed)
    *i.mutable_end_time() = ToProto(std::max(latest.value_or(*start), *start));
  if (maintenance) *i.mutable_scheduled_start_time() = ToProto(*start);
  return i;
}

// The page's incidents, each once: an incident listed by two widgets (current and recent)
// is the copy with the most updates; an incident's own page (a backfill) gives all of them.
std::vector<StatusCastIncident> Merge(const std::vector<StatusCastIncident>& listed,
                                      const std::vector<StatusCastIncident>& own_pages) {
  std::vector<StatusCastIncident> out;
  std::map<std::string, size_t> at;
  auto keep_fuller = [&](const StatusCastIncident& entry) {
    auto it = at.find(entry.id);
    if (it == at.end()) return false;
    StatusCastIncident& kept = out[it->second];
    if (entry.updates.size() > kept.updates.size()) kept.updates = entry.updates;
    return true;
  };
  for (const StatusCastIncident& entry : listed) {
    if (entry.id.empty() || keep_fuller(entry)) continue;  // no id: nothing to know it by next time
    at.emplace(entry.id, out.size());
    out.push_back(entry);
  }
  // An incident page the home page no longer lists adds nothing: its summary is gone.
  for (const StatusCastIncident& entry : own_pages) keep_fuller(entry);
  return out;
}

// Today's state of a grid row. The grid shows each day's most severe event, over or not:
// an impairment counts as today's state only while an open incident names the component or
// sits above it (StatusCast lists every open one), so that the morning's resolved outage
// does not leave the page impaired until midnight.
std::string GridStatus(const StatusCastGridRow& row, const std::set<std::string>& impaired_names,
                       bool page_lists_incidents) {
  const std::string status = ComponentStatusOf(row.today);
  if (status == vocabulary::kComponentOperational || status == "unknown" || !page_lists_incidents) return status;
  return impaired_names.count(row.name) ? status : vocabulary::kComponentOperational;
}

}  // namespace

FetchPlan StatusCast::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const {
  FetchPlan plan{{{kHomeRole, std::string(page_url)}}};
  if (kind != statusphere::v1::SCRAPE_KIND_HISTORICAL) return plan;
  // A backfill reads every listed incident's own page, where each has all of its updates.
  plan.follow_ups = [page_url = std::string(page_url)](const Documents& first) {
    std::vector<DocumentToFetch> out;
    const Document* home = first.Find(kHomeRole);
    if (home == nullptr || home->http_status != 200 || !first.FindAll(kIncidentRole).empty()) return out;
    absl::StatusOr<StatusCastPage> page = ReadStatusCastPage(home->url, home->body);
    if (!page.ok()) return out;
    std::set<std::string> seen;
    for (const StatusCastIncident& entry : page->incidents) {
      if (entry.id.empty() || !seen.insert(entry.id).second || out.size() >= kMaxIncidentPages) continue;
      out.push_back({kIncidentRole, LinkOf(page_url, entry)});
    }
    return out;
  };
  return plan;
}

Detection StatusCast::detection() const {
  Detection d;
  // Fastly's page, under both of its names; StatusCast's own hosting is <name>.status.page
  // (its documentation), whose pages are all StatusCast's.
  d.known_host = [](absl::string_view page_url) {
    const absl::string_view host = HostOf(page_url);
    return host == "status.fastly.com" || host == "www.fastlystatus.com" || host == "fastlystatus.com" ||
           host == "status.statuscast.com" || absl::EndsWith(host, ".status.page");
  };
  // The home page, which the probes before this one (PagerDuty's, Uptime.com's, status.io's)
  // have fetched already: no request more. A substring test spares other pages the parse.
  d.probe_url = [](absl::string_view page_url) { return std::string(page_url); };
  d.probe_matches = [](const Document& probe) {
    if (probe.http_status != 200 || !MentionsStatusCast(probe.body)) return false;
    absl::StatusOr<StatusCastPage> page = ReadStatusCastPage(probe.url, probe.body);
    return page.ok() && page->has_markup;
  };
  return d;
}

absl::StatusOr<ParsedPage> StatusCast::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* home, documents.RequireOk(kHomeRole));
  ASSIGN_OR_RETURN(const StatusCastPage page, ReadStatusCastPage(home->url, home->body));
  if (!page.has_markup) {
    return absl::InvalidArgumentError(absl::StrCat(home->url,
                                                   ": no StatusCast widget (incident list, history grid, "
                                                   "status list or current status) in the page"));
  }
  // A backfill's incident pages; one that did not answer leaves the home page's summary.
  std::vector<StatusCastIncident> own_pages;
  for (const Document* d : documents.FindAll(kIncidentRole)) {
    if (d->http_status != 200) continue;
    ASSIGN_OR_RETURN(StatusCastPage detail, ReadStatusCastPage(d->url, d->body));
    for (StatusCastIncident& entry : detail.incidents) {
      if (entry.id.empty()) entry.id = std::string(absl::string_view(d->url).substr(d->url.rfind('/') + 1));
      own_pages.push_back(std::move(entry));
    }
  }
  ParsedPage out;
  out.platform_indicator = page.current_status;
  // StatusCast's current-incident list shows every open incident and maintenance; a page
  // without an incident list shows none, and says nothing about those it once showed.
  out.lists_every_open_incident = page.incident_lists > 0;
  std::set<std::string> impaired;  // components an open entry names or sits above
  for (const StatusCastIncident& entry : Merge(page.incidents, own_pages)) {
    absl::StatusOr<Incident> incident = IncidentOf(page_url, entry);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(home->url, ": ", incident.status().message()));
    if (PhaseOf(entry.status) == Phase::kOpen) {
      impaired.insert(entry.named_components.begin(), entry.named_components.end());
      impaired.insert(entry.related_components.begin(), entry.related_components.end());
    }
    out.incidents.push_back(*std::move(incident));
  }
  if (!page.listed.empty()) {
    // The status list is each component's live state.
    for (const StatusCastListedComponent& listed : page.listed) {
      Component c;
      c.set_id(listed.id);
      c.set_name(listed.name);
      c.set_status(ComponentStatusOf(listed.state));
      out.components.push_back(std::move(c));
    }
  } else {
    std::map<std::string, std::string> name_of;
    for (const StatusCastGridRow& row : page.grid) name_of[row.id] = row.name;
    std::set<std::string> seen;
    for (const StatusCastGridRow& row : page.grid) {
      if (!seen.insert(row.id).second) continue;  // a second grid of the same tree
      Component c;
      c.set_id(row.id);
      c.set_name(row.name);
      c.set_status(GridStatus(row, impaired, page.incident_lists > 0));
      if (auto parent = name_of.find(row.parent_id); parent != name_of.end()) c.set_group(parent->second);
      out.components.push_back(std::move(c));
    }
  }
  return RequireUniqueIncidentIds(home->url, std::move(out));
}

}  // namespace statusphere::providers
