#include "providers/instatus/home_page.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "providers/common/flight_data.h"
#include "providers/common/heading.h"
#include "providers/common/html_document.h"
#include "providers/common/html_element.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/instatus/words.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Component;
using statusphere::v1::Incident;
using statusphere::v1::IncidentEvent;

const Json& Field(const Json& j, const char* key) {
  static const Json* null = new Json();
  if (!j.is_object()) return *null;
  const auto it = j.find(key);
  return it == j.end() ? *null : *it;
}

absl::Status NameUrl(absl::string_view url, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat(url, ": ", s.message()));
}

// A localized text, {"en": "...", "default": "..."}, in the site's language; or a plain string.
std::string Localized(const Json& text, const std::string& language) {
  if (text.is_string()) return text.get<std::string>();
  if (!text.is_object()) return "";
  for (const std::string& key : {language, std::string("default"), std::string("en")}) {
    if (std::string s = StringField(text, key.c_str()); !s.empty()) return s;
  }
  for (const auto& [key, value] : text.items()) {
    if (value.is_string() && !value.get_ref<const std::string&>().empty()) return value.get<std::string>();
  }
  return "";
}

bool IsSiteData(const Json& j) {
  return Field(j, "site").is_object() && (j.contains("activeIncidents") || j.contains("activeMaintenances"));
}

int ImpactRank(absl::string_view impact) {
  if (impact == vocabulary::kImpactMinor) return 1;
  if (impact == vocabulary::kImpactMajor) return 2;
  if (impact == vocabulary::kImpactCritical) return 3;
  return 0;
}

bool IsMaintenanceNotice(const Json& j) {
  const std::string status = StringField(j, "status");
  return StringField(j, "impact") == "UNDERMAINTENANCE" || status == "NOTSTARTEDYET" || status == "INPROGRESS" ||
         status == "COMPLETED";
}

absl::StatusOr<std::optional<absl::Time>> FirstTime(const Json& j, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    absl::StatusOr<std::optional<absl::Time>> t = TimeField(j, key);
    if (!t.ok() || t->has_value()) return t;
  }
  return std::optional<absl::Time>();
}

absl::StatusOr<IncidentEvent> ParseUpdate(const Json& u, const std::string& language) {
  if (!u.is_object()) return absl::InvalidArgumentError("an update is not an object");
  IncidentEvent e;
  e.set_id(StringField(u, "id"));
  e.set_status(instatus::Status(StringField(u, "status")));
  e.set_title(HeadingOf(e.status()));
  const std::string html = Localized(Field(u, "messageHtml"), language);
  e.set_description(html.empty() ? TidyText(Localized(Field(u, "message"), language)) : TextOf(html));
  absl::StatusOr<std::optional<absl::Time>> at = FirstTime(u, {"started", "createdAt"});
  if (!at.ok()) return at.status();
  if (!at->has_value()) return absl::InvalidArgumentError(absl::StrCat("update '", e.id(), "' has no time"));
  *e.mutable_time() = ToProto(**at);
  return e;
}

// Component names by id: the uptime bars' notices name their components by id only.
using ComponentNames = std::map<std::string, std::string>;

absl::StatusOr<Incident> ParseIncident(absl::string_view page_url, const Json& j, const std::string& language,
                                       bool maintenance, const ComponentNames& names) {
  if (!j.is_object()) return absl::InvalidArgumentError("an incident is not an object");
  Incident i;
  i.set_id(StringField(j, "id"));
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  i.set_title(Localized(Field(j, "name"), language));
  const std::string url = StringField(j, "url");
  i.set_deep_link(!url.empty() ? url : absl::StrCat(page_url, "/", i.id()));
  i.set_status(instatus::Status(StringField(j, "status")));
  // The incident's own impact is often OPERATIONAL while its components are down: the
  // worst of them is how bad it is.
  std::string impact = instatus::Impact(StringField(j, "impact"));
  for (const Json& c : ArrayField(j, "components")) {
    std::string name = Localized(Field(c, "name"), language);
    if (name.empty()) {
      auto known = names.find(StringField(c, "id"));
      if (known != names.end()) name = known->second;
    }
    if (!name.empty()) i.add_components(name);
    const std::string of_component = instatus::Impact(StringField(c, "status"));
    if (ImpactRank(of_component) > ImpactRank(impact)) impact = of_component;
  }
  i.set_impact(maintenance                                ? vocabulary::kImpactMaintenance
               : impact == vocabulary::kImpactMaintenance ? vocabulary::kImpactNone
                                                          : impact);
  for (const Json& u : ArrayField(j, "updates")) {
    absl::StatusOr<IncidentEvent> e = ParseUpdate(u, language);
    if (!e.ok()) return error(e.status());
    *i.add_events() = std::move(*e);
  }
  absl::StatusOr<std::optional<absl::Time>> start =
      maintenance ? FirstTime(j, {"start", "started"}) : FirstTime(j, {"started", "start"});
  absl::StatusOr<std::optional<absl::Time>> resolved = FirstTime(j, {"resolved", "end"});
  if (!start.ok()) return error(start.status());
  if (!resolved.ok()) return error(resolved.status());
  std::optional<absl::Time> begin = *start;
  for (const IncidentEvent& e : i.events()) {
    if (!begin || FromProto(e.time()) < *begin) begin = FromProto(e.time());
  }
  if (!begin) return error(absl::InvalidArgumentError("no start time"));
  *i.mutable_start_time() = ToProto(*begin);
  if (i.events_size() == 0) {  // a notice: its current state only
    IncidentEvent* e = i.add_events();
    e->set_status(i.status());
    e->set_title(HeadingOf(i.status()));
    *e->mutable_time() = ToProto(resolved->has_value() && vocabulary::IsClosedStatus(i.status()) ? **resolved : *begin);
  }
  std::stable_sort(
      i.mutable_events()->begin(), i.mutable_events()->end(),
      [](const IncidentEvent& a, const IncidentEvent& b) { return FromProto(a.time()) > FromProto(b.time()); });
  if (maintenance) {
    *i.mutable_scheduled_start_time() = ToProto(start->value_or(*begin));
    const Json& duration = Field(j, "duration");
    if (duration.is_number()) {
      const absl::Time end = start->value_or(*begin) + absl::Minutes(duration.get<double>());
      if (end < start->value_or(*begin) || !IsPlausibleTime(end))
        return error(absl::InvalidArgumentError("absurd duration"));
      *i.mutable_scheduled_end_time() = ToProto(end);
    }
  }
  if (vocabulary::IsClosedStatus(i.status())) {
    *i.mutable_end_time() = resolved->has_value() ? ToProto(**resolved) : i.events(0).time();
  }
  return i;
}

// The site's components in the page's order; a parent's children, in their order, take its
// place and carry its name as their group.
std::vector<Component> ParseComponents(const Json& site, const std::string& language) {
  auto by_order = [](const Json& list) {
    std::vector<const Json*> ordered;
    for (const Json& c : list) {
      if (c.is_object() && Field(c, "archivedAt").is_null()) ordered.push_back(&c);
    }
    auto order = [](const Json* c) { return Field(*c, "order").is_number() ? Field(*c, "order").get<double>() : 1e9; };
    std::stable_sort(ordered.begin(), ordered.end(), [&](const Json* a, const Json* b) { return order(a) < order(b); });
    return ordered;
  };
  std::vector<Component> components;
  std::set<std::string> seen;
  auto add = [&](const Json& c, const std::string& group) {
    Component component;
    component.set_id(StringField(c, "id"));
    component.set_name(Localized(Field(c, "name"), language));
    component.set_status(instatus::ComponentStatus(StringField(c, "status")));
    component.set_group(!group.empty() ? group : Localized(Field(Field(c, "group"), "name"), language));
    if (component.id().empty() || component.name().empty() || !seen.insert(component.id()).second) return;
    components.push_back(std::move(component));
  };
  for (const Json* c : by_order(ArrayField(site, "components"))) {
    if (!BoolField(*c, "isParent")) {
      add(*c, "");
      continue;
    }
    const std::string parent = Localized(Field(*c, "name"), language);
    for (const Json* child : by_order(ArrayField(*c, "children"))) add(*child, parent);
  }
  return components;
}

// Adds what only the home page says to the API's page.
void Merge(ParsedPage from_home, ParsedPage& page) {
  std::map<std::string, Incident*> by_id;
  for (Incident& i : page.incidents) by_id[i.id()] = &i;
  std::vector<Incident> only_home;  // appended after the loop: by_id points into page.incidents
  for (Incident& h : from_home.incidents) {
    auto it = by_id.find(h.id());
    if (it == by_id.end()) {
      only_home.push_back(std::move(h));
      continue;
    }
    Incident& known = *it->second;
    if (known.components().empty()) *known.mutable_components() = h.components();
    if (ImpactRank(h.impact()) > ImpactRank(known.impact())) known.set_impact(h.impact());
    // summary.json gives one event without text; the home page every update.
    if (h.events_size() >= known.events_size()) *known.mutable_events() = h.events();
  }
  for (Incident& h : only_home) page.incidents.push_back(std::move(h));
  if (page.components.empty()) page.components = std::move(from_home.components);
}

}  // namespace

namespace {

// Pages built before Instatus moved to the App Router (2023 and earlier) are Next.js pages
// of the Pages Router: the data they were rendered from is one JSON document, <script
// id="__NEXT_DATA__" type="application/json">, whose props.pageProps holds what the flight
// data holds now (site, activeIncidents, activeMaintenances, notices). NOT_FOUND when the
// page has no such script or its props are not an Instatus site's.
absl::StatusOr<Json> NextDataSiteData(absl::string_view url, absl::string_view html) {
  HtmlDocument document(html);
  if (!document.status().ok()) return NameUrl(url, document.status());
  std::optional<std::string> text;
  ForEachElement(document, [&](const GumboNode* node) {
    if (node->v.element.tag == GUMBO_TAG_SCRIPT && ElementAttribute(node, "id") == "__NEXT_DATA__") {
      text = NodeText(node);
    }
    return !text.has_value();
  });
  if (!text) return absl::NotFoundError(absl::StrCat(url, ": no Next.js data"));
  absl::StatusOr<Json> next = ParseJsonObject(url, *text);
  if (!next.ok()) return next.status();
  const Json& props = Field(Field(*next, "props"), "pageProps");
  if (!IsSiteData(props)) return absl::NotFoundError(absl::StrCat(url, ": the Next.js data holds no Instatus site"));
  return props;
}

}  // namespace

absl::StatusOr<ParsedPage> ParseInstatusHomePage(absl::string_view page_url, absl::string_view url,
                                                 absl::string_view html) {
  // Both builds: today's flight data, else the older build's __NEXT_DATA__.
  absl::StatusOr<Json> data = FindInFlightData(url, html, "Instatus site data", IsSiteData);
  if (absl::IsNotFound(data.status())) {
    absl::StatusOr<Json> older = NextDataSiteData(url, html);
    if (!absl::IsNotFound(older.status())) data = std::move(older);
  }
  if (!data.ok()) return data.status();
  const Json& site = (*data)["site"];
  std::string language = StringField(site, "language");
  if (language.empty()) language = "en";
  ParsedPage page;
  // The site's status is summary.json's page.status: UP, HASISSUES, UNDERMAINTENANCE.
  page.platform_indicator = StringField(site, "status");
  page.components = ParseComponents(site, language);
  ComponentNames names;
  for (const Component& c : page.components) names[c.id()] = c.name();
  // The active lists are every open incident and maintenance, as in summary.json.
  page.lists_every_open_incident = true;
  std::set<std::string> listed;
  for (const auto& [key, maintenance] :
       {std::pair<const char*, bool>{"activeIncidents", false}, {"activeMaintenances", true}}) {
    const Json& list = Field(*data, key);
    if (!list.is_null() && !list.is_array())
      return absl::InvalidArgumentError(absl::StrCat(url, ": '", key, "' is not an array"));
    for (const Json& j : ArrayField(*data, key)) {
      absl::StatusOr<Incident> incident = ParseIncident(page_url, j, language, maintenance, names);
      if (!incident.ok()) return NameUrl(url, incident.status());
      listed.insert(incident->id());
      page.incidents.push_back(std::move(*incident));
    }
  }
  // The uptime bars' notices: recent incidents, ended ones too, by id.
  if (const Json& notices = Field(*data, "notices"); notices.is_object()) {
    for (const auto& [id, notice] : notices.items()) {
      if (listed.count(StringField(notice, "id"))) continue;
      absl::StatusOr<Incident> incident = ParseIncident(page_url, notice, language, IsMaintenanceNotice(notice), names);
      if (!incident.ok()) return NameUrl(url, incident.status());
      listed.insert(incident->id());
      page.incidents.push_back(std::move(*incident));
    }
  }
  return RequireUniqueIncidentIds(url, std::move(page));
}

absl::StatusOr<ParsedPage> WithInstatusHomePage(absl::string_view page_url, absl::StatusOr<ParsedPage> api,
                                                const Document* home) {
  if (home == nullptr) return api;
  if (api.ok()) {
    if (home->http_status != 200) return api;
    absl::StatusOr<ParsedPage> from_home = ParseInstatusHomePage(page_url, home->url, home->body);
    if (absl::IsNotFound(from_home.status())) return api;
    if (!from_home.ok()) return from_home.status();
    Merge(std::move(*from_home), *api);
    return api;
  }
  // summary.json refused or broken: the home page is the page, or both failures are said.
  if (home->http_status != 200) {
    return absl::UnavailableError(
        absl::StrCat(api.status().message(), "; the home page instead: ", home->url, ": ", OutcomeOf(*home)));
  }
  absl::StatusOr<ParsedPage> from_home = ParseInstatusHomePage(page_url, home->url, home->body);
  if (!from_home.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(api.status().message(), "; the home page instead: ", from_home.status().message()));
  }
  return from_home;
}

}  // namespace statusphere::providers
