#include "providers/statping/statping.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
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
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/json_values.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

constexpr char kServicesRole[] = "services";
constexpr char kGroupsRole[] = "groups";
constexpr char kMessagesRole[] = "messages";

using statusphere::v1::Incident;
namespace vocabulary = statusphere::vocabulary;

// Statping's update types (its form offers Investigating, Update, Unknown, Resolved; its
// samples write them lower case) and ours.
struct UpdateWords {
  const char* type;  // lower case
  const char* status;
};
constexpr UpdateWords kUpdates[] = {
    {"investigating", vocabulary::kLifecycleInvestigating},
    {"identified", vocabulary::kLifecycleIdentified},
    {"monitoring", vocabulary::kLifecycleMonitoring},
    {"resolved", vocabulary::kLifecycleResolved},
    {"update", vocabulary::kLifecycleUpdate},
    {"unknown", vocabulary::kLifecycleUpdate},
};

std::string UpdateStatus(absl::string_view type) {
  const std::string lower = absl::AsciiStrToLower(type);
  for (const UpdateWords& w : kUpdates) {
    if (lower == w.type) return w.status;
  }
  return vocabulary::kLifecycleUpdate;
}

// A Go zero time ("0001-01-01T00:00:00Z") is not plausible and means "never": nullopt, not an error.
std::optional<absl::Time> OptionalTime(const Json& object, const char* key) {
  const std::string text = StringField(object, key);
  if (absl::StartsWith(text, "0001-01-01")) return std::nullopt;
  std::optional<absl::Time> t = ParseRfc3339(text);
  if (t && !IsPlausibleTime(*t)) return std::nullopt;
  return t;
}

absl::StatusOr<absl::Time> RequiredTime(const Json& object, const char* key) {
  std::optional<absl::Time> t = OptionalTime(object, key);
  if (!t)
    return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time: '", StringField(object, key), "'"));
  return *t;
}

absl::StatusOr<Incident> ReadIncident(absl::string_view page_url, const Json& incident, const std::string& service,
                                      long long service_id, bool service_online) {
  std::optional<long long> id = IntegerField(incident, "id");
  if (!id) return absl::InvalidArgumentError("an incident has no numeric id");
  Incident i;
  i.set_id(std::to_string(*id));
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident ", i.id(), ": ", s.message()));
  };
  absl::StatusOr<absl::Time> created = RequiredTime(incident, "created_at");
  if (!created.ok()) return error(created.status());
  i.set_title(StringField(incident, "title"));
  i.set_description(TextOf(StringField(incident, "description")));
  // Statping's incidents have no severity: one on a service that is down now is major.
  i.set_impact(service_online ? vocabulary::kImpactMinor : vocabulary::kImpactMajor);
  if (!service.empty()) i.add_components(service);
  i.set_deep_link(absl::StrCat(page_url, "/service/", service_id));
  *i.mutable_start_time() = ToProto(*created);
  // Updates newest first (Statping loads them by id descending; sorted by time here).
  std::vector<std::pair<absl::Time, const Json*>> updates;
  for (const Json& u : ArrayField(incident, "updates")) {
    absl::StatusOr<absl::Time> at = RequiredTime(u, "created_at");
    if (!at.ok()) return error(at.status());
    updates.emplace_back(*at, &u);
  }
  std::stable_sort(updates.begin(), updates.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [at, u] : updates) {
    auto* e = i.add_events();
    if (std::optional<long long> update_id = IntegerField(*u, "id")) e->set_id(std::to_string(*update_id));
    e->set_status(UpdateStatus(StringField(*u, "type")));
    e->set_title(HeadingOf(e->status()));
    e->set_description(TextOf(StringField(*u, "message")));
    *e->mutable_time() = ToProto(at);
  }
  if (updates.empty()) {
    auto* e = i.add_events();  // an incident without updates is its own posting
    e->set_status(vocabulary::kLifecycleInvestigating);
    e->set_title(HeadingOf(vocabulary::kLifecycleInvestigating));
    e->set_description(i.description());
    *e->mutable_time() = i.start_time();
  }
  // Statping has no resolved flag: an incident is over when its latest update says so.
  i.set_status(i.events(0).status());
  if (i.status() == vocabulary::kLifecycleResolved) *i.mutable_end_time() = i.events(0).time();
  return i;
}

// A message is an announcement or a maintenance window: start_on to end_on. Whether it is
// under way is judged against the newest time the documents carry (a service's last check),
// so that Parse stays a function of the documents.
absl::StatusOr<Incident> ReadMessage(absl::string_view page_url, const Json& message,
                                     const std::map<long long, std::string>& services,
                                     std::optional<absl::Time> as_of) {
  std::optional<long long> id = IntegerField(message, "id");
  if (!id) return absl::InvalidArgumentError("a message has no numeric id");
  Incident i;
  i.set_id(absl::StrCat("message-", *id));
  std::optional<absl::Time> start = OptionalTime(message, "start_on");
  std::optional<absl::Time> end = OptionalTime(message, "end_on");
  std::optional<absl::Time> created = OptionalTime(message, "created_at");
  if (!start && !created)
    return absl::InvalidArgumentError(absl::StrCat("message ", *id, ": no start_on or created_at"));
  i.set_title(StringField(message, "title"));
  i.set_description(TextOf(StringField(message, "description")));
  i.set_impact(vocabulary::kImpactMaintenance);
  i.set_deep_link(std::string(page_url));
  if (std::optional<long long> service = IntegerField(message, "service")) {
    if (auto it = services.find(*service); it != services.end()) i.add_components(it->second);
  }
  *i.mutable_start_time() = ToProto(start.value_or(*created));
  if (start) *i.mutable_scheduled_start_time() = ToProto(*start);
  if (end && (!start || *end >= *start)) *i.mutable_scheduled_end_time() = ToProto(*end);
  if (as_of && end && *end <= *as_of) {
    i.set_status(vocabulary::kLifecycleCompleted);
    *i.mutable_end_time() = ToProto(*end);
  } else if (as_of && start && *start <= *as_of) {
    i.set_status(vocabulary::kLifecycleInProgress);
  } else {
    i.set_status(vocabulary::kLifecycleScheduled);
  }
  auto* e = i.add_events();
  e->set_status(vocabulary::kLifecycleScheduled);
  e->set_title(HeadingOf(vocabulary::kLifecycleScheduled));
  e->set_description(i.description());
  *e->mutable_time() = ToProto(created.value_or(start.value_or(*created)));
  return i;
}

bool HasStatpingMarkers(const Document& home) {
  bool found = false;
  HtmlDocument html(home.body);
  ForEachElement(html, [&](const GumboNode* node) {
    const GumboElement& element = node->v.element;
    if (element.tag == GUMBO_TAG_DIV) {
      const GumboAttribute* id = gumbo_get_attribute(&element.attributes, "id");
      const GumboAttribute* cls = gumbo_get_attribute(&element.attributes, "class");
      found = id != nullptr && absl::string_view(id->value) == "app" && cls != nullptr &&
              absl::StrContains(cls->value, "statping_container");
    } else if (element.tag == GUMBO_TAG_SCRIPT || element.tag == GUMBO_TAG_LINK) {
      const GumboAttribute* src =
          gumbo_get_attribute(&element.attributes, element.tag == GUMBO_TAG_SCRIPT ? "src" : "href");
      found = src != nullptr && HostOf(src->value) == "assets.statping.com";
    }
    return !found;
  });
  return found;
}

}  // namespace

FetchPlan Statping::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  FetchPlan plan;
  plan.documents = {{kServicesRole, absl::StrCat(page_url, "/api/services")},
                    {kGroupsRole, absl::StrCat(page_url, "/api/groups")},
                    {kMessagesRole, absl::StrCat(page_url, "/api/messages")}};
  return plan;
}

Detection Statping::detection() const {
  Detection d;
  // Statping's page (frontend/public/base.gohtml) is <div id="app" class="statping_container">,
  // its assets on assets.statping.com when served from the CDN: read on the home page the
  // cascade fetches anyway, so Statping costs no probe.
  d.home_page_matches = HasStatpingMarkers;
  return d;
}

absl::StatusOr<ParsedPage> Statping::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* services_doc, documents.RequireOk(kServicesRole));
  ASSIGN_OR_RETURN(const Json services, ParseJsonArray(*services_doc));
  std::map<long long, std::string> groups;  // by id
  if (const Document* groups_doc = documents.Find(kGroupsRole)) {
    ASSIGN_OR_RETURN(const Json list, ParseJsonArray(*groups_doc));
    for (const Json& group : list) {
      if (std::optional<long long> id = IntegerField(group, "id")) groups[*id] = StringField(group, "name");
    }
  }
  ParsedPage page;
  std::map<long long, std::string> names;  // services by id
  std::optional<absl::Time> as_of;
  for (const Json& service : services) {
    std::optional<long long> id = IntegerField(service, "id");
    if (!id)
      return absl::InvalidArgumentError(
          absl::StrCat(services_doc->url, ": a service without a numeric id: not Statping's services"));
    names[*id] = StringField(service, "name");
    for (const char* key : {"last_success", "last_error", "updated_at"}) {
      if (std::optional<absl::Time> t = OptionalTime(service, key); t && (!as_of || *t > *as_of)) as_of = t;
    }
  }
  for (const Json& service : services) {
    const long long id = *IntegerField(service, "id");
    statusphere::v1::Component c;
    c.set_id(std::to_string(id));
    c.set_name(names[id]);
    if (std::optional<long long> group = IntegerField(service, "group_id"); group && groups.count(*group))
      c.set_group(groups[*group]);
    const bool online = BoolField(service, "online");
    c.set_status(online ? vocabulary::kComponentOperational : vocabulary::kComponentMajorOutage);
    page.components.push_back(std::move(c));
    for (const Json& incident : ArrayField(service, "incidents")) {
      absl::StatusOr<Incident> read = ReadIncident(page_url, incident, names[id], id, online);
      if (!read.ok()) return absl::InvalidArgumentError(absl::StrCat(services_doc->url, ": ", read.status().message()));
      page.incidents.push_back(*std::move(read));
    }
  }
  // Messages: the global list, and those each service carries (the same ids).
  std::set<long long> seen;
  std::vector<const Json*> messages;
  Json message_list;
  if (const Document* messages_doc = documents.Find(kMessagesRole)) {
    ASSIGN_OR_RETURN(message_list, ParseJsonArray(*messages_doc));
    for (const Json& m : message_list) messages.push_back(&m);
  }
  for (const Json& service : services) {
    for (const Json& m : ArrayField(service, "messages")) messages.push_back(&m);
  }
  for (const Json* m : messages) {
    std::optional<long long> id = IntegerField(*m, "id");
    if (id && !seen.insert(*id).second) continue;
    absl::StatusOr<Incident> read = ReadMessage(page_url, *m, names, as_of);
    if (!read.ok()) return absl::InvalidArgumentError(absl::StrCat(services_doc->url, ": ", read.status().message()));
    page.incidents.push_back(*std::move(read));
  }
  // Every incident and message of every public service is listed, resolved or not.
  page.lists_every_open_incident = true;
  return RequireUniqueIncidentIds(services_doc->url, std::move(page));
}

}  // namespace statusphere::providers
