#include "providers/atlassian_statuspage/atlassian_statuspage.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "providers/atlassian_statuspage/history_html.h"
#include "providers/atlassian_statuspage/home_page_markers.h"
#include "providers/common/heading.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/feed/feed_parser.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Component;
using statusphere::v1::Incident;
using statusphere::v1::IncidentEvent;

const std::set<std::string>& Impacts() {
  static const auto* s = new std::set<std::string>{"none", "minor", "major", "critical", "maintenance"};
  return *s;
}

const std::set<std::string>& Statuses() {
  static const auto* s = new std::set<std::string>{"investigating", "identified", "monitoring", "resolved",
                                                   "postmortem",    "scheduled",  "in_progress", "verifying",
                                                   "completed"};
  return *s;
}

const std::set<std::string>& ComponentStatuses() {
  static const auto* s = new std::set<std::string>{"operational", "degraded_performance", "partial_outage",
                                                   "major_outage", "under_maintenance"};
  return *s;
}

bool IsClosed(const std::string& status) {
  return status == "resolved" || status == "postmortem" || status == "completed";
}

absl::StatusOr<IncidentEvent> ParseUpdate(const Json& u) {
  IncidentEvent e;
  e.set_id(StringField(u, "id"));
  const std::string status = absl::AsciiStrToLower(StringField(u, "status"));
  e.set_status(Statuses().count(status) ? status : "update");
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
  i.set_impact(Impacts().count(impact) ? impact : "none");
  const std::string status = absl::AsciiStrToLower(StringField(j, "status"));
  i.set_status(Statuses().count(status) ? status : "investigating");
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
  if (IsClosed(i.status())) {
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
    component.set_status(ComponentStatuses().count(status) ? status : "unknown");
    if (auto it = group_names.find(StringField(c, "group_id")); it != group_names.end()) component.set_group(it->second);
    components.push_back(std::move(component));
  }
  return components;
}

std::string Base(absl::string_view page_url) { return std::string(page_url); }

// History pages fetched per backfill: three months each, so a year of history.
constexpr int kHistoryHtmlPages = 4;

}  // namespace

std::vector<std::string> AtlassianStatuspage::UrlsToFetch(absl::string_view page_url,
                                                          statusphere::v1::ScrapeKind kind) const {
  const std::string base = Base(page_url);
  std::vector<std::string> urls = {absl::StrCat(base, "/api/v2/summary.json"),
                                   absl::StrCat(base, "/api/v2/incidents.json"),
                                   absl::StrCat(base, "/api/v2/scheduled-maintenances.json")};
  // The backfill adds the history feed, which reaches further back than incidents.json.
  // and the HTML history pages (three months each), which reach back further still.
  if (kind == statusphere::v1::SCRAPE_KIND_HISTORICAL) {
    urls.push_back(absl::StrCat(base, "/history.atom"));
    for (int page = 1; page <= kHistoryHtmlPages; ++page) urls.push_back(absl::StrCat(base, "/history?page=", page));
  }
  return urls;
}

absl::StatusOr<ParsedPage> AtlassianStatuspage::Parse(absl::string_view page_url,
                                                      const std::vector<Document>& documents) const {
  if (documents.size() < 3) {
    return absl::InvalidArgumentError(absl::StrCat("expected at least 3 documents, got ", documents.size()));
  }
  ParsedPage page;
  // summary.json lists every unresolved incident and every upcoming or running maintenance.
  page.lists_every_open_incident = true;
  std::map<std::string, Incident> by_id;  // later documents are fuller: they win
  // The HTML history first (a summary per incident), then the feed (every update), then
  // the JSON API (everything, for recent incidents).
  for (size_t d = 4; d < documents.size(); ++d) {
    const Document& doc = documents[d];
    if (doc.http_status == 404) continue;  // pages without the HTML history (incident.io)
    if (doc.http_status != 200) return absl::UnavailableError(absl::StrCat(doc.url, ": HTTP ", doc.http_status));
    absl::StatusOr<std::vector<Incident>> history = ParseHistoryHtml(Base(page_url), doc.body);
    if (absl::IsNotFound(history.status())) continue;  // a custom page without HistoryIndex
    if (!history.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": ", history.status().message()));
    for (auto& incident : *history) by_id[incident.id()] = std::move(incident);
  }
  if (documents.size() >= 4 && documents[3].http_status != 404) {
    absl::StatusOr<ParsedPage> history = ParseFeed(page_url, documents[3]);
    if (!history.ok()) return history.status();
    for (auto& incident : history->incidents) {
      // The feed does not say the impact: the HTML history does, else "none" until the
      // JSON API says more.
      auto known = by_id.find(incident.id());
      incident.set_impact(known != by_id.end() ? known->second.impact() : "none");
      if (known != by_id.end() && incident.description().empty()) incident.set_description(known->second.description());
      by_id[incident.id()] = std::move(incident);
    }
  }
  for (size_t d = 0; d < 3; ++d) {
    const Document& doc = documents[d];
    const bool optional = d == 2;  // incident.io answers 404 for scheduled maintenances
    if (doc.http_status != 200) {
      if (optional && doc.http_status == 404) continue;
      return absl::UnavailableError(absl::StrCat(doc.url, ": HTTP ", doc.http_status));
    }
    absl::StatusOr<Json> json = ParseJsonObject(doc.url, doc.body);
    if (!json.ok()) return json.status();
    if (d == 0) {
      if (!json->contains("page") && !json->contains("components")) {
        return absl::InvalidArgumentError(absl::StrCat(doc.url, ": not a Statuspage summary (no page or components)"));
      }
      absl::StatusOr<std::vector<Component>> components = ParseComponents(*json);
      if (!components.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": ", components.status().message()));
      page.components = std::move(*components);
    }
    for (const char* key : {"incidents", "scheduled_maintenances"}) {
      auto it = json->find(key);
      if (it == json->end() || it->is_null()) continue;
      if (!it->is_array()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": '", key, "' is not an array"));
      for (const Json& j : *it) {
        absl::StatusOr<Incident> incident = ParseIncident(page_url, j);
        if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(doc.url, ": ", incident.status().message()));
        by_id[incident->id()] = std::move(*incident);
      }
    }
    if (d == 1 && !json->contains("incidents")) {
      return absl::InvalidArgumentError(absl::StrCat(doc.url, ": no 'incidents' array"));
    }
  }
  for (auto& [id, incident] : by_id) page.incidents.push_back(std::move(incident));
  return page;
}

bool AtlassianStatuspage::MatchesHost(absl::string_view page_url) const {
  const size_t start = page_url.find("://");
  absl::string_view host = page_url.substr(start == absl::string_view::npos ? 0 : start + 3);
  host = host.substr(0, host.find_first_of("/:"));
  return absl::EndsWith(host, ".statuspage.io");
}

std::string AtlassianStatuspage::ProbeUrl(absl::string_view page_url) const {
  return absl::StrCat(Base(page_url), "/api/v2/summary.json");
}

bool AtlassianStatuspage::MatchesProbe(const Document& probe) const {
  if (probe.http_status != 200) return false;
  absl::StatusOr<Json> json = ParseJsonObject(probe.url, probe.body);
  return json.ok() && IsSummary(*json);
}

bool AtlassianStatuspage::IsSummary(const Json& json) {
  const auto status = json.find("status");
  const bool has_indicator = status != json.end() && status->is_object() && status->contains("indicator");
  return json.contains("page") && (has_indicator || json.contains("components"));
}

bool AtlassianStatuspage::MatchesHomePage(const Document& home) const { return HasStatuspageMarkers(home.body); }

}  // namespace statusphere::providers
