#include "providers/gatus/gatus.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/html_document.h"
#include "providers/common/json_fields.h"
#include "providers/common/json_values.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusesRole[] = "statuses";
constexpr char kConfigRole[] = "config";
constexpr char kEndpointRole[] = "endpoint";
constexpr char kStatusesPath[] = "/api/v1/endpoints/statuses";
// Endpoints whose events are fetched per scrape: those failing now (a backfill: every one).
constexpr size_t kMaxEndpointFetches = 50;

using statusphere::v1::Incident;
namespace vocabulary = statusphere::vocabulary;

// Gatus's announcement types and ours. "operational" announces that things are fine again.
struct AnnouncementWords {
  const char* type;
  const char* impact;
};
constexpr AnnouncementWords kAnnouncements[] = {
    {"outage", vocabulary::kImpactMajor},     {"warning", vocabulary::kImpactMinor},
    {"information", vocabulary::kImpactNone}, {"operational", vocabulary::kImpactNone},
    {"none", vocabulary::kImpactNone},
};

bool IsEndpointStatus(const Json& status) {
  return status.is_object() && status.contains("key") && status["key"].is_string() && status.contains("results") &&
         status["results"].is_array();
}

// The newest check of an endpoint: Gatus lists results oldest first.
const Json* LatestResult(const Json& status) {
  const Json& results = ArrayField(status, "results");
  return results.empty() ? nullptr : &results.back();
}

bool FailingNow(const Json& status) {
  const Json* latest = LatestResult(status);
  return latest != nullptr && latest->is_object() && latest->contains("success") && (*latest)["success"].is_boolean() &&
         !(*latest)["success"].get<bool>();
}

std::string EndpointUrl(absl::string_view page_url, absl::string_view key) {
  return absl::StrCat(page_url, "/api/v1/endpoints/", key, "/statuses");
}

// What the latest failing check says: its errors and the conditions it failed.
std::string FailureText(const Json& status) {
  const Json* latest = LatestResult(status);
  if (latest == nullptr || !FailingNow(status)) return "";
  std::vector<std::string> lines;
  for (const Json& error : ArrayField(*latest, "errors")) {
    if (error.is_string()) lines.push_back(error.get<std::string>());
  }
  for (const Json& condition : ArrayField(*latest, "conditionResults")) {
    if (condition.is_object() && !BoolField(condition, "success")) {
      lines.push_back(absl::StrCat("failed: ", StringField(condition, "condition")));
    }
  }
  return absl::StrJoin(lines, "\n");
}

absl::StatusOr<std::optional<absl::Time>> Timestamp(const Json& object) { return TimeField(object, "timestamp"); }

// The outages in one endpoint's events: each UNHEALTHY opens one, the next HEALTHY ends it.
absl::Status AddOutages(absl::string_view page_url, const Json& status, const std::string& failure_text,
                        ParsedPage& page) {
  const std::string key = StringField(status, "key");
  const std::string name = StringField(status, "name").empty() ? key : StringField(status, "name");
  std::vector<std::pair<absl::Time, std::string>> events;  // time, type
  for (const Json& event : ArrayField(status, "events")) {
    absl::StatusOr<std::optional<absl::Time>> at = Timestamp(event);
    if (!at.ok())
      return absl::InvalidArgumentError(absl::StrCat("endpoint '", key, "': an event's ", at.status().message()));
    if (!at->has_value()) continue;
    events.emplace_back(**at, StringField(event, "type"));
  }
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::optional<Incident> open;
  auto finish = [&](std::optional<absl::Time> healthy_at) {
    Incident& i = *open;
    if (healthy_at) {
      *i.mutable_end_time() = ToProto(*healthy_at);
      i.set_status(vocabulary::kLifecycleResolved);
      auto* resolved = i.add_events();
      resolved->set_status(vocabulary::kLifecycleResolved);
      resolved->set_title(HeadingOf(vocabulary::kLifecycleResolved));
      resolved->set_description(absl::StrCat(name, " passes its checks again."));
      *resolved->mutable_time() = i.end_time();
      std::swap(*i.mutable_events(0), *i.mutable_events(1));  // newest first
    } else {
      i.set_status(vocabulary::kLifecycleInvestigating);
      i.set_description(failure_text);
    }
    page.incidents.push_back(std::move(i));
    open.reset();
  };
  for (const auto& [at, type] : events) {
    if (type == "UNHEALTHY" && !open) {
      open.emplace();
      Incident& i = *open;
      // One outage per time it began: the id stays put while it lasts.
      i.set_id(absl::StrCat(key, "-down-", absl::ToUnixSeconds(at)));
      i.set_title(absl::StrCat(name, " is failing its checks"));
      i.set_impact(vocabulary::kImpactMajor);
      i.add_components(name);
      i.set_deep_link(absl::StrCat(page_url, "/endpoints/", key));
      *i.mutable_start_time() = ToProto(at);
      auto* began = i.add_events();
      began->set_status(vocabulary::kLifecycleInvestigating);
      began->set_title(HeadingOf(vocabulary::kLifecycleInvestigating));
      began->set_description(absl::StrCat(name, " failed its checks."));
      *began->mutable_time() = i.start_time();
    } else if (type == "HEALTHY" && open) {
      finish(at);
    }
  }
  if (open) finish(std::nullopt);
  return absl::OkStatus();
}

absl::Status AddAnnouncements(absl::string_view page_url, const Document& config_doc, ParsedPage& page) {
  ASSIGN_OR_RETURN(const Json config, ParseJsonObject(config_doc.url, config_doc.body));
  std::set<std::string> ids;
  for (const Json& a : ArrayField(config, "announcements")) {
    absl::StatusOr<std::optional<absl::Time>> at = Timestamp(a);
    if (!at.ok())
      return absl::InvalidArgumentError(absl::StrCat(config_doc.url, ": an announcement's ", at.status().message()));
    if (!at->has_value())
      return absl::InvalidArgumentError(absl::StrCat(config_doc.url, ": an announcement without a timestamp"));
    const std::string type = StringField(a, "type");
    Incident i;
    // Announcements have no ids: the second they were made names them (two in one second
    // are told apart by their order).
    std::string id = absl::StrCat("announcement-", absl::ToUnixSeconds(**at));
    for (int n = 2; !ids.insert(id).second; ++n) id = absl::StrCat("announcement-", absl::ToUnixSeconds(**at), "-", n);
    i.set_id(id);
    const std::string message = StringField(a, "message");
    i.set_title(message.size() > 120 ? absl::StrCat(message.substr(0, message.rfind(' ', 117)), "...") : message);
    i.set_description(message);
    i.set_impact(vocabulary::kImpactNone);
    for (const AnnouncementWords& w : kAnnouncements) {
      if (type == w.type) i.set_impact(w.impact);
    }
    i.set_deep_link(std::string(page_url));
    *i.mutable_start_time() = ToProto(**at);
    // Archived ones are the page's past; "operational" says all is well: both are closed.
    const bool closed = BoolField(a, "archived") || type == "operational";
    i.set_status(closed ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleUpdate);
    if (closed) *i.mutable_end_time() = i.start_time();
    auto* e = i.add_events();
    e->set_status(i.status());
    e->set_title(HeadingOf(i.status()));
    e->set_description(message);
    *e->mutable_time() = i.start_time();
    page.incidents.push_back(std::move(i));
  }
  return absl::OkStatus();
}

}  // namespace

FetchPlan Gatus::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const {
  FetchPlan plan;
  plan.documents = {{kStatusesRole, absl::StrCat(page_url, kStatusesPath)},
                    {kConfigRole, absl::StrCat(page_url, "/api/v1/config")}};
  // The list of every endpoint carries no events: an endpoint's own statuses do. A scrape
  // asks for those failing now (when one recovers, its outage is no longer listed and is
  // closed); a backfill for every endpoint, for the outages of the past.
  const bool every_endpoint = kind == statusphere::v1::SCRAPE_KIND_HISTORICAL;
  plan.follow_ups = [page_url = std::string(page_url), every_endpoint](const Documents& first) {
    std::vector<DocumentToFetch> endpoints;
    const Document* list = first.Find(kStatusesRole);
    if (list == nullptr) return endpoints;
    absl::StatusOr<Json> statuses = ParseJsonArray(*list);
    if (!statuses.ok()) return endpoints;
    for (const Json& status : *statuses) {
      if (endpoints.size() == kMaxEndpointFetches) break;
      if (IsEndpointStatus(status) && (every_endpoint || FailingNow(status))) {
        endpoints.push_back({kEndpointRole, EndpointUrl(page_url, status["key"].get<std::string>())});
      }
    }
    return endpoints;
  };
  return plan;
}

Detection Gatus::detection() const {
  Detection d;
  // Gatus's web app starts from a generated inline script, window.config = {logo: ...,
  // header: ..., link: ..., buttons: []} (web/app/public/index.html): read on the home page
  // the cascade fetches anyway, so Gatus costs no probe.
  d.home_page_matches = [](const Document& home) {
    bool found = false;
    HtmlDocument html(home.body);
    ForEachElement(html, [&](const GumboNode* node) {
      if (node->v.element.tag != GUMBO_TAG_SCRIPT) return true;
      const std::string script = NodeText(node);
      found = absl::StrContains(script, "window.config = {logo:") && absl::StrContains(script, "header:") &&
              absl::StrContains(script, "buttons: []");
      return !found;
    });
    return found;
  };
  return d;
}

absl::StatusOr<ParsedPage> Gatus::Parse(absl::string_view page_url, const Documents& documents) const {
  ParsedPage page;
  const Document* list_doc = documents.Find(kStatusesRole);
  const std::vector<const Document*> endpoint_docs = documents.FindAll(kEndpointRole);
  if (list_doc == nullptr && endpoint_docs.empty()) {
    return absl::InvalidArgumentError("no Gatus endpoint statuses to parse");
  }
  std::vector<Json> statuses;
  if (list_doc != nullptr) {
    ASSIGN_OR_RETURN(Json list, ParseJsonArray(*list_doc));
    for (Json& status : list) {
      if (!IsEndpointStatus(status)) {
        return absl::InvalidArgumentError(
            absl::StrCat(list_doc->url, ": an entry without 'key' and 'results': not Gatus's endpoint statuses"));
      }
      statuses.push_back(std::move(status));
    }
  }
  std::map<std::string, Json> with_events;  // by key
  for (const Document* d : endpoint_docs) {
    if (d->http_status != 200) return absl::UnavailableError(absl::StrCat(d->url, ": ", OutcomeOf(*d)));
    ASSIGN_OR_RETURN(Json status, ParseJsonObject(d->url, d->body));
    if (!IsEndpointStatus(status))
      return absl::InvalidArgumentError(absl::StrCat(d->url, ": not a Gatus endpoint status"));
    const std::string key = status["key"].get<std::string>();
    if (list_doc == nullptr) statuses.push_back(status);  // a saved endpoint document alone
    with_events[key] = std::move(status);
  }
  for (const Json& status : statuses) {
    const std::string key = status["key"].get<std::string>();
    statusphere::v1::Component c;
    c.set_id(key);
    c.set_name(StringField(status, "name").empty() ? key : StringField(status, "name"));
    c.set_group(StringField(status, "group"));
    const Json* latest = LatestResult(status);
    if (latest == nullptr || !latest->is_object() || !latest->contains("success")) {
      c.set_status("unknown");  // not checked yet
    } else {
      c.set_status(FailingNow(status) ? vocabulary::kComponentMajorOutage : vocabulary::kComponentOperational);
    }
    page.components.push_back(std::move(c));
    auto events = with_events.find(key);
    if (events != with_events.end()) {
      RETURN_IF_ERROR(AddOutages(page_url, events->second, FailureText(status), page));
    }
  }
  if (const Document* config = documents.Find(kConfigRole); config != nullptr && config->http_status != 404) {
    // Gatus before announcements answers /api/v1/config without them; older still, 404.
    if (config->http_status != 200) return absl::UnavailableError(absl::StrCat(config->url, ": ", OutcomeOf(*config)));
    RETURN_IF_ERROR(AddAnnouncements(page_url, *config, page));
  }
  // Every endpoint failing now had its events read: an outage no longer listed has ended.
  page.lists_every_open_incident = list_doc != nullptr;
  return RequireUniqueIncidentIds(list_doc != nullptr ? list_doc->url : endpoint_docs.front()->url, std::move(page));
}

}  // namespace statusphere::providers
