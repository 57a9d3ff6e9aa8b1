#include "providers/atlassian_statuspage/atlassian_statuspage.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/atlassian_statuspage/history_html.h"
#include "providers/atlassian_statuspage/home_page.h"
#include "providers/atlassian_statuspage/home_page_markers.h"
#include "providers/atlassian_statuspage/statuspage_api.h"
#include "providers/common/host.h"
#include "providers/feed/feed_parser.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Incident;

constexpr absl::string_view kHistoryFeedRole = "history-feed";
constexpr absl::string_view kHistoryPageRole = "history-page";

// History pages fetched per backfill: three months each, so a year of history.
constexpr int kHistoryHtmlPages = 4;

}  // namespace

FetchPlan AtlassianStatuspage::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const {
  FetchPlan plan;
  plan.documents = {{std::string(kSummaryRole), absl::StrCat(page_url, kSummaryPath)},
                    {std::string(kIncidentsRole), absl::StrCat(page_url, kIncidentsPath)},
                    {std::string(kScheduledMaintenancesRole), absl::StrCat(page_url, kScheduledMaintenancesPath)}};
  // The backfill adds the history feed, which reaches further back than incidents.json,
  // and the HTML history pages (three months each), which reach back further still.
  if (kind == statusphere::v1::SCRAPE_KIND_HISTORICAL) {
    plan.documents.push_back({std::string(kHistoryFeedRole), absl::StrCat(page_url, "/history.atom")});
    for (int page = 1; page <= kHistoryHtmlPages; ++page) {
      plan.documents.push_back({std::string(kHistoryPageRole), absl::StrCat(page_url, "/history?page=", page)});
    }
  }
  // The home page shows what summary.json has: fetched only when a document did not
  // answer (a bot wall, a rate limit), so that a healthy page costs no request more.
  plan.fallbacks = {{std::string(kStatuspageHomeRole), std::string(page_url)}};
  return plan;
}

absl::StatusOr<ParsedPage> AtlassianStatuspage::Parse(absl::string_view page_url, const Documents& documents) const {
  if (documents.empty()) return absl::InvalidArgumentError("no documents to parse");
  std::map<std::string, Incident> by_id;  // later documents are fuller: they win
  // The HTML history first (a summary per incident), then the feed (every update), then
  // the JSON API (everything, for recent incidents).
  for (const Document* doc : documents.FindAll(kHistoryPageRole)) {
    if (doc->http_status == 404) continue;  // pages without the HTML history
    if (doc->http_status != 200) return absl::UnavailableError(absl::StrCat(doc->url, ": ", OutcomeOf(*doc)));
    absl::StatusOr<std::vector<Incident>> history = ParseHistoryHtml(page_url, doc->body);
    if (absl::IsNotFound(history.status())) continue;  // a custom page without HistoryIndex
    if (!history.ok()) return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", history.status().message()));
    for (auto& incident : *history) by_id[incident.id()] = std::move(incident);
  }
  if (const Document* feed = documents.Find(kHistoryFeedRole); feed != nullptr && feed->http_status != 404) {
    ASSIGN_OR_RETURN(ParsedPage history, ParseFeed(page_url, *feed));
    for (auto& incident : history.incidents) {
      // The feed does not say the impact: the HTML history does, else "none" until the
      // JSON API says more.
      auto known = by_id.find(incident.id());
      incident.set_impact(known != by_id.end() ? known->second.impact() : vocabulary::kImpactNone);
      if (known != by_id.end() && incident.description().empty()) incident.set_description(known->second.description());
      by_id[incident.id()] = std::move(incident);
    }
  }
  ASSIGN_OR_RETURN(ParsedPage page, StatuspageApiOrHomePage(page_url, documents));
  if (by_id.empty()) return page;  // a current scrape: the API's incidents, already by id
  for (auto& incident : page.incidents) by_id[incident.id()] = std::move(incident);
  page.incidents.clear();
  for (auto& [id, incident] : by_id) page.incidents.push_back(std::move(incident));
  return page;
}

Detection AtlassianStatuspage::detection() const {
  Detection d;
  d.known_host = [](absl::string_view page_url) { return absl::EndsWith(HostOf(page_url), ".statuspage.io"); };
  d.probe_url = [](absl::string_view page_url) { return absl::StrCat(page_url, kSummaryPath); };
  d.probe_matches = JsonProbeOfShape(IsStatuspageSummary);
  d.home_page_matches = [](const Document& home) { return HasStatuspageMarkers(home.body); };
  return d;
}

}  // namespace statusphere::providers
