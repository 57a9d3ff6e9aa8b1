#include "providers/incident_io/incident_io.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/atlassian_statuspage/statuspage_api.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"
#include "providers/incident_io/home_page.h"
#include "providers/incident_io/native_api.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Component;
using statusphere::v1::Incident;

constexpr absl::string_view kNativeSummaryRole = "native-summary";
constexpr absl::string_view kNativeIncidentsRole = "native-incidents";

std::string NativeSummaryUrl(absl::string_view page_url) {
  return absl::StrCat(OriginOf(page_url), "/proxy/", HostOf(page_url));
}

// The same incident as seen by both APIs. Ids should agree (both are incident.io's ULIDs);
// the title is the fallback, trusted only for an incident still open or begun within two
// days of the other, so that a recurring title ("Elevated error rates") never merges two
// different incidents.
Incident* FindSameIncident(std::vector<Incident>& incidents, const Incident& other) {
  for (Incident& i : incidents) {
    if (i.id() == other.id()) return &i;
  }
  const std::string title = absl::AsciiStrToLower(other.title());
  if (title.empty()) return nullptr;
  for (Incident& i : incidents) {
    if (absl::AsciiStrToLower(i.title()) != title) continue;
    const absl::Duration apart = absl::AbsDuration(FromProto(i.start_time()) - FromProto(other.start_time()));
    if (!i.has_end_time() || apart <= absl::Hours(48)) return &i;
  }
  return nullptr;
}

// Adds what only the native API says to the compatible API's incidents, and the
// incidents (maintenance windows above all) that only it lists.
void MergeIncidents(std::vector<Incident> native, std::vector<Incident>& incidents) {
  for (Incident& n : native) {
    Incident* known = FindSameIncident(incidents, n);
    if (known == nullptr) {
      incidents.push_back(std::move(n));
      continue;
    }
    if (known->components().empty()) *known->mutable_components() = n.components();
    if (known->impact() == vocabulary::kImpactNone && n.impact() != vocabulary::kImpactNone)
      known->set_impact(n.impact());
    if (known->events().empty()) *known->mutable_events() = n.events();
  }
}

// The compatible API lists components without groups; the native one has the groups.
void MergeComponents(const std::vector<Component>& native, std::vector<Component>& components) {
  if (components.empty()) {
    components = native;
    return;
  }
  absl::flat_hash_map<std::string, const Component*> by_id, by_name;
  for (const Component& c : native) {
    by_id[c.id()] = &c;
    by_name[c.name()] = &c;
  }
  for (Component& c : components) {
    const Component* same = nullptr;
    if (auto it = by_id.find(c.id()); it != by_id.end()) same = it->second;
    if (auto it = by_name.find(c.name()); same == nullptr && it != by_name.end()) same = it->second;
    if (same != nullptr && c.group().empty()) c.set_group(same->group());
  }
}

// The home page's summary. When the compatible API failed (`api`), every way the home page
// fails is an error that says both; otherwise a home page without a summary is NOT_FOUND,
// done without.
absl::StatusOr<NativeSummary> HomePageSummary(absl::string_view page_url, const Document& home,
                                              const absl::Status& api) {
  if (home.http_status != 200) {
    if (api.ok()) return absl::NotFoundError(absl::StrCat(home.url, ": ", OutcomeOf(home)));
    return absl::UnavailableError(
        absl::StrCat(api.message(), "; the home page instead: ", home.url, ": ", OutcomeOf(home)));
  }
  absl::StatusOr<NativeSummary> summary = ParseIncidentIoHomePage(page_url, home.url, home.body);
  if (summary.ok() || (api.ok() && absl::IsNotFound(summary.status()))) return summary;
  if (api.ok()) return summary.status();
  return absl::InvalidArgumentError(
      absl::StrCat(api.message(), "; the home page instead: ", summary.status().message()));
}

}  // namespace

FetchPlan IncidentIo::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const {
  // No history feed and no maintenance endpoint on incident.io (404): the backfill is the
  // native incident list instead.
  FetchPlan plan;
  plan.documents = {{std::string(kSummaryRole), absl::StrCat(page_url, kSummaryPath)},
                    {std::string(kIncidentsRole), absl::StrCat(page_url, kIncidentsPath)},
                    {std::string(kNativeSummaryRole), NativeSummaryUrl(page_url)}};
  if (kind == statusphere::v1::SCRAPE_KIND_HISTORICAL) {
    plan.documents.push_back(
        {std::string(kNativeIncidentsRole), absl::StrCat(NativeSummaryUrl(page_url), "/incidents")});
  }
  // The home page carries the native summary too: fetched only when a document did not
  // answer (a bot wall, a rate limit), so that a healthy page costs no request more.
  plan.fallbacks = {{std::string(kIncidentIoHomeRole), std::string(page_url)}};
  return plan;
}

absl::StatusOr<ParsedPage> IncidentIo::Parse(absl::string_view page_url, const Documents& documents) const {
  if (documents.empty()) return absl::InvalidArgumentError("no documents to parse");
  absl::StatusOr<ParsedPage> api = ParseStatuspageApi(page_url, documents);
  const Document* home = documents.Find(kIncidentIoHomeRole);
  // Without the compatible API the home page is the page; with it, it stands in for the
  // native summary when that did not answer.
  if (!api.ok() && home == nullptr) return api.status();
  ParsedPage page = api.ok() ? std::move(*api) : ParsedPage();

  // Maintenance windows are listed by the native API only: without it this scrape does not
  // list every open one, and a stored window must not be taken for ended.
  bool native_summary_read = false;
  // The native documents are used when they answer in their shape; anything else (a 404,
  // the single-page app's HTML) is done without. In their shape but broken is an error.
  if (const Document* doc = documents.Find(kNativeSummaryRole); doc != nullptr && doc->http_status == 200) {
    absl::StatusOr<NativeSummary> summary = ParseNativeSummary(page_url, doc->url, doc->body);
    if (summary.ok()) {
      MergeComponents(summary->components, page.components);
      MergeIncidents(std::move(summary->incidents), page.incidents);
      native_summary_read = true;
    } else if (!absl::IsNotFound(summary.status())) {
      return summary.status();
    }
  }
  if (!native_summary_read && home != nullptr) {
    absl::StatusOr<NativeSummary> summary = HomePageSummary(page_url, *home, api.status());
    if (summary.ok()) {
      MergeComponents(summary->components, page.components);
      MergeIncidents(std::move(summary->incidents), page.incidents);
      native_summary_read = true;
    } else if (!api.ok() || !absl::IsNotFound(summary.status())) {
      return summary.status();
    }
  }
  if (const Document* doc = documents.Find(kNativeIncidentsRole); doc != nullptr && doc->http_status == 200) {
    absl::StatusOr<std::vector<Incident>> history = ParseNativeIncidents(page_url, doc->url, doc->body);
    if (history.ok()) {
      MergeIncidents(std::move(*history), page.incidents);
    } else if (!absl::IsNotFound(history.status())) {
      return history.status();
    }
  }
  page.lists_every_open_incident = native_summary_read;
  return page;
}

Detection IncidentIo::detection() const {
  Detection d;
  // A home page whose flight data holds incident.io's summary, for pages whose API is refused.
  d.home_page_matches = [](const Document& home) { return ParseIncidentIoHomePage("", home.url, home.body).ok(); };
  d.probe_url = [](absl::string_view page_url) { return absl::StrCat(page_url, kSummaryPath); };
  d.probe_matches = [](const Document& probe) {
    if (probe.http_status != 200) return false;
    absl::StatusOr<Json> json = ParseJsonObject(probe.url, probe.body);
    if (!json.ok() || !IsStatuspageSummary(*json)) return false;
    const std::string id = StringField((*json)["page"], "id");
    // A ULID: 26 Crockford base-32 characters, starting with the timestamp's "0".
    if (id.size() != 26 || id[0] != '0') return false;
    for (char c : id) {
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
  };
  return d;
}

}  // namespace statusphere::providers
