#include "providers/sorry/sorry.h"

#include <algorithm>
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

constexpr char kComponentsRole[] = "components";
constexpr char kPageRole[] = "page";
constexpr char kDomain[] = ".sorryapp.com";

using statusphere::v1::Incident;
namespace vocabulary = statusphere::vocabulary;

// A component's state and ours.
struct StateWords {
  const char* state;
  const char* component_status;
};
constexpr StateWords kComponentStates[] = {
    {"operational", vocabulary::kComponentOperational},
    {"partially-degraded", vocabulary::kComponentPartialOutage},
    {"degraded", vocabulary::kComponentMajorOutage},  // stts ranks it worst of the three
};

// A notice's state and our lifecycle word, by its type (Sorry's notice docs).
struct NoticeWords {
  const char* state;
  const char* status;
  bool closed;
};
constexpr NoticeWords kNoticeStates[] = {
    {"investigating", vocabulary::kLifecycleInvestigating, false},
    {"identified", vocabulary::kLifecycleIdentified, false},
    {"recovering", vocabulary::kLifecycleMonitoring, false},
    {"resolved", vocabulary::kLifecycleResolved, true},
    {"false_alarm", vocabulary::kLifecycleResolved, true},
    {"scheduled", vocabulary::kLifecycleScheduled, false},
    {"underway", vocabulary::kLifecycleInProgress, false},
    {"complete", vocabulary::kLifecycleCompleted, true},
    {"open", vocabulary::kLifecycleInvestigating, false},  // the status-bar plugin's "open"
    {"closed", vocabulary::kLifecycleResolved, true},
};

const NoticeWords* NoticeState(absl::string_view state) {
  for (const NoticeWords& w : kNoticeStates) {
    if (state == w.state) return &w;
  }
  return nullptr;
}

absl::StatusOr<std::optional<absl::Time>> TimeOf(const Json& object, const char* key) { return TimeField(object, key); }

absl::StatusOr<Incident> ReadNotice(absl::string_view page_url, const Json& notice) {
  Incident i;
  i.set_id(IdText(notice));
  if (i.id().empty()) return absl::InvalidArgumentError("a notice has no id");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("notice ", i.id(), ": ", s.message()));
  };
  std::optional<absl::Time> times[5];
  const char* keys[5] = {"began_at", "created_at", "ended_at", "begins_at", "ends_at"};
  for (int k = 0; k < 5; ++k) {
    absl::StatusOr<std::optional<absl::Time>> t = TimeOf(notice, keys[k]);
    if (!t.ok()) return error(t.status());
    times[k] = *t;
  }
  const auto& [began, created, ended, begins, ends] = times;
  const std::string type = StringField(notice, "type");
  const bool planned = type == "planned";
  std::optional<absl::Time> start = planned ? (begins ? begins : (began ? began : created)) : (began ? began : created);
  if (!start) return error(absl::InvalidArgumentError("no began_at or created_at"));
  i.set_title(StringField(notice, "subject"));
  i.set_description(TextOf(StringField(notice, "synopsis")));
  i.set_impact(planned             ? vocabulary::kImpactMaintenance
               : type == "general" ? vocabulary::kImpactNone
                                   : vocabulary::kImpactMinor);
  const std::string link = StringField(notice, "link");
  i.set_deep_link(link.empty() ? std::string(page_url) : link);
  *i.mutable_start_time() = ToProto(*start);
  if (planned) {
    if (begins) *i.mutable_scheduled_start_time() = ToProto(*begins);
    if (ends && (!begins || *ends >= *begins)) *i.mutable_scheduled_end_time() = ToProto(*ends);
  }
  const NoticeWords* state = NoticeState(StringField(notice, "state"));
  // A notice without its words is open while it has no ended_at.
  i.set_status(state != nullptr ? state->status
               : ended          ? vocabulary::kLifecycleResolved
               : planned        ? vocabulary::kLifecycleScheduled
                                : vocabulary::kLifecycleUpdate);
  if ((state != nullptr && state->closed) || (state == nullptr && ended)) {
    *i.mutable_end_time() = ToProto(ended.value_or(*start));
  }
  // Updates carry text only (no state of their own): each is an "update", newest first; the
  // newest takes the notice's state.
  std::vector<std::pair<absl::Time, statusphere::v1::IncidentEvent>> updates;
  for (const Json& u : ArrayField(notice, "updates")) {
    absl::StatusOr<std::optional<absl::Time>> at = TimeOf(u, "created_at");
    if (!at.ok()) return error(at.status());
    statusphere::v1::IncidentEvent e;
    e.set_id(IdText(u));
    e.set_status(vocabulary::kLifecycleUpdate);
    e.set_description(TextOf(StringField(u, "content")));
    const absl::Time time = at->value_or(*start);
    *e.mutable_time() = ToProto(time);
    updates.emplace_back(time, std::move(e));
  }
  std::stable_sort(updates.begin(), updates.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [time, e] : updates) *i.add_events() = std::move(e);
  if (i.events_size() == 0) {
    auto* e = i.add_events();
    e->set_description(i.description());
    *e->mutable_time() = i.start_time();
  }
  i.mutable_events(0)->set_status(i.status());
  for (auto& e : *i.mutable_events()) e.set_title(HeadingOf(e.status()));
  return i;
}

}  // namespace

std::string Sorry::PageId(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  if (!absl::EndsWith(host, kDomain) || host.size() <= sizeof(kDomain) - 1) return "";
  return std::string(host.substr(0, host.size() - (sizeof(kDomain) - 1)));
}

FetchPlan Sorry::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  std::string id = PageId(page_url);
  absl::string_view api = "https://api.sorryapp.com", read_only_api = "https://ro-api.sorryapp.com";
  if (IsLoopback(page_url)) {
    // A copy on this machine (a test's) has no subdomain: its page id is its path's last
    // segment, and it serves both APIs' paths itself.
    api = read_only_api = page_url;
    const size_t scheme = page_url.find("://");
    const absl::string_view rest = scheme == absl::string_view::npos ? page_url : page_url.substr(scheme + 3);
    const size_t slash = rest.rfind('/');
    id = slash == absl::string_view::npos ? "" : std::string(rest.substr(slash + 1));
  }
  return {{{kComponentsRole, absl::StrCat(api, "/v1/pages/", id, "/components")},
           {kPageRole, absl::StrCat(read_only_api, "/v1/pages/", id, "?include=notices,notices.updates")}}};
}

Detection Sorry::detection() const {
  Detection d;
  // Its hosts: <page id>.sorryapp.com (www and the app's own hosts are not pages).
  d.known_host = [](absl::string_view page_url) {
    const std::string id = PageId(page_url);
    return !id.empty() && id != "www" && id != "app" && id != "api" && id != "ro-api" && id != "code" &&
           id.find('.') == std::string::npos;
  };
  return d;
}

absl::StatusOr<ParsedPage> Sorry::Parse(absl::string_view page_url, const Documents& documents) const {
  const Document* components_doc = documents.Find(kComponentsRole);
  const Document* page_doc = documents.Find(kPageRole);
  if (components_doc == nullptr && page_doc == nullptr)
    return absl::InvalidArgumentError("no Sorry documents to parse");
  ParsedPage page;
  if (components_doc != nullptr) {
    ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kComponentsRole));
    ASSIGN_OR_RETURN(const Json json, ParseJsonObject(doc->url, doc->body));
    if (!json.contains("response") || !json["response"].is_array()) {
      return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'response' array: not Sorry's components"));
    }
    for (const Json& c : json["response"]) {
      statusphere::v1::Component component;
      component.set_name(StringField(c, "name"));
      component.set_id(IdText(c).empty() ? component.name() : IdText(c));
      if (component.id().empty()) continue;
      component.set_status("unknown");
      for (const StateWords& w : kComponentStates) {
        if (StringField(c, "state") == w.state) component.set_status(w.component_status);
      }
      page.components.push_back(std::move(component));
    }
  }
  if (page_doc != nullptr) {
    ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kPageRole));
    ASSIGN_OR_RETURN(const Json json, ParseJsonObject(doc->url, doc->body));
    if (!json.contains("response") || !json["response"].is_object()) {
      return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'response' object: not a Sorry page"));
    }
    for (const Json& notice : ArrayField(json["response"], "notices")) {
      absl::StatusOr<Incident> incident = ReadNotice(page_url, notice);
      if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", incident.status().message()));
      page.incidents.push_back(*std::move(incident));
    }
    // The public page lists its open and recent notices: one no longer listed has ended.
    page.lists_every_open_incident = true;
  }
  return RequireUniqueIncidentIds(page_doc != nullptr ? page_doc->url : components_doc->url, std::move(page));
}

}  // namespace statusphere::providers
