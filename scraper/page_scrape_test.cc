// ScrapePage's conditional requests, against a real HTTP server on 127.0.0.1 serving a
// Statuspage page (the Atlassian provider's own fixtures).
#include "scraper/page_scrape.h"

#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/http_server.h"

namespace statusphere::scraper {
namespace {

using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;

std::string Fixture(const std::string& name) {
  std::ifstream in("providers/atlassian_statuspage/testdata/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Serves the page's three API documents, each with an ETag; nothing else (404).
void ServeStatuspage(HttpServer& server) {
  for (const char* doc : {"summary.json", "incidents.json", "scheduled-maintenances.json"}) {
    HttpResponse r;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = Fixture(doc);
    r.etag = absl::StrCat("\"", doc, "\"");
    server.Set(absl::StrCat("/page/api/v2/", doc), r);
  }
}

Fetcher LoopbackFetcher() {
  FetcherOptions options;
  options.addresses = *AddressPolicy::Parse("127.0.0.1/32");
  return Fetcher(options);
}

v1::Lease LeaseOf(HttpServer& server, v1::ScrapeKind kind) {
  v1::Lease lease;
  lease.set_lease_id("test");
  lease.mutable_status_page()->set_url(server.Url("/page"));
  lease.mutable_status_page()->set_provider("atlassian-statuspage");
  lease.set_kind(kind);
  return lease;
}

int ConditionalRequests(HttpServer& server) {
  int n = 0;
  for (const auto& r : server.Requests()) n += r.headers.count("if-none-match");
  return n;
}

TEST(ScrapePage, UnchangedDocumentsWithValidatorsAreNotModified) {
  HttpServer server;
  ServeStatuspage(server);
  Fetcher fetcher = LoopbackFetcher();
  v1::Lease lease = LeaseOf(server, v1::SCRAPE_KIND_CURRENT);
  v1::ReportScrapeResultRequest first = ScrapePage(lease, fetcher);
  ASSERT_TRUE(first.has_success()) << first.DebugString();
  ASSERT_EQ(first.validators_size(), 3);
  // The page's own indicator rides along with what was parsed (summary.json: "major").
  EXPECT_EQ(first.success().platform_indicator(), "major");
  EXPECT_EQ(first.success().components_size(), 3);

  *lease.mutable_validators() = first.validators();
  v1::ReportScrapeResultRequest second = ScrapePage(lease, fetcher);
  EXPECT_TRUE(second.has_not_modified()) << second.DebugString();
  EXPECT_EQ(ConditionalRequests(server), 3);
  EXPECT_EQ(server.Requests().size(), 6u);
}

// Serves the page's three documents with these Cache-Control values (empty: none).
void ServeStatuspageCaching(HttpServer& server, const std::map<std::string, std::string>& cache_control) {
  for (const char* doc : {"summary.json", "incidents.json", "scheduled-maintenances.json"}) {
    HttpResponse r;
    r.headers = {{"Content-Type", "application/json"}};
    if (auto it = cache_control.find(doc); it != cache_control.end() && !it->second.empty()) {
      r.headers.push_back({"Cache-Control", it->second});
    }
    r.body = Fixture(doc);
    r.etag = absl::StrCat("\"", doc, "\"");
    server.Set(absl::StrCat("/page/api/v2/", doc), r);
  }
}

TEST(ScrapePage, ThePageIsAsFreshAsItsLeastFreshDocument) {
  HttpServer server;
  ServeStatuspageCaching(server, {{"summary.json", "public, max-age=120"},
                                  {"incidents.json", "max-age=60"},
                                  {"scheduled-maintenances.json", "s-maxage=300"}});
  Fetcher fetcher = LoopbackFetcher();
  v1::Lease lease = LeaseOf(server, v1::SCRAPE_KIND_CURRENT);
  v1::ReportScrapeResultRequest first = ScrapePage(lease, fetcher);
  ASSERT_TRUE(first.has_success()) << first.DebugString();
  ASSERT_TRUE(first.has_fresh_for()) << first.DebugString();
  EXPECT_EQ(first.fresh_for().seconds(), 60);
  // A 304 carries the page's caching headers too.
  *lease.mutable_validators() = first.validators();
  v1::ReportScrapeResultRequest second = ScrapePage(lease, fetcher);
  ASSERT_TRUE(second.has_not_modified()) << second.DebugString();
  EXPECT_EQ(second.fresh_for().seconds(), 60);
}

TEST(ScrapePage, ADocumentThatMayChangeAnyTimeLeavesTheReportWithoutFreshness) {
  for (const std::string& maintenance : {std::string(), std::string("no-cache, max-age=600"), std::string("max-age=0"),
                                         std::string("max-age=600, no-store")}) {
    HttpServer server;
    ServeStatuspageCaching(server, {{"summary.json", "max-age=120"},
                                    {"incidents.json", "max-age=120"},
                                    {"scheduled-maintenances.json", maintenance}});
    Fetcher fetcher = LoopbackFetcher();
    v1::ReportScrapeResultRequest report = ScrapePage(LeaseOf(server, v1::SCRAPE_KIND_CURRENT), fetcher);
    ASSERT_TRUE(report.has_success()) << report.DebugString();
    EXPECT_FALSE(report.has_fresh_for()) << "scheduled-maintenances.json: '" << maintenance << "'";
  }
  // A failure is ruled by Retry-After and back-off, never by caching headers.
  HttpServer server;
  HttpResponse struggling;
  struggling.status = 503;
  struggling.headers = {{"Cache-Control", "max-age=120"}, {"Retry-After", "30"}};
  for (const char* doc : {"summary.json", "incidents.json", "scheduled-maintenances.json"}) {
    server.Set(absl::StrCat("/page/api/v2/", doc), struggling);
  }
  Fetcher fetcher = LoopbackFetcher();
  v1::ReportScrapeResultRequest failed = ScrapePage(LeaseOf(server, v1::SCRAPE_KIND_CURRENT), fetcher);
  ASSERT_TRUE(failed.has_failure()) << failed.DebugString();
  EXPECT_FALSE(failed.has_fresh_for());
  EXPECT_EQ(failed.failure().retry_after().seconds(), 30);
}

// A historical scrape fetches documents the current one has no validators for (here its
// history pages, which 404): a 304 on the others could not be used, so none is asked for,
// and every document is fetched exactly once.
TEST(ScrapePage, NoConditionalRequestsWhenADocumentHasNoValidators) {
  HttpServer server;
  ServeStatuspage(server);
  Fetcher fetcher = LoopbackFetcher();
  v1::ReportScrapeResultRequest current = ScrapePage(LeaseOf(server, v1::SCRAPE_KIND_CURRENT), fetcher);
  ASSERT_TRUE(current.has_success()) << current.DebugString();
  const size_t current_requests = server.Requests().size();

  v1::Lease historical = LeaseOf(server, v1::SCRAPE_KIND_HISTORICAL);
  *historical.mutable_validators() = current.validators();
  v1::ReportScrapeResultRequest report = ScrapePage(historical, fetcher);
  EXPECT_TRUE(report.has_success()) << report.DebugString();
  EXPECT_EQ(ConditionalRequests(server), 0);
  std::map<std::string, int> per_path;
  for (size_t i = current_requests; i < server.Requests().size(); ++i) ++per_path[server.Requests()[i].path];
  for (const auto& [path, count] : per_path) EXPECT_EQ(count, 1) << path;
  EXPECT_EQ(per_path.count("/page/api/v2/summary.json"), 1u);
  // The fresh documents' validators are still remembered for the next current scrape.
  EXPECT_EQ(report.validators_size(), 3);
}

// Detection through a fetcher that refuses the page's address says so, instead of
// reporting each probe as "HTTP 0".
TEST(ScrapePage, DetectionNamesABlockedAddress) {
  HttpServer server;
  ServeStatuspage(server);
  Fetcher fetcher;  // the default policy: public addresses only, so not 127.0.0.1
  v1::Lease lease = LeaseOf(server, v1::SCRAPE_KIND_CURRENT);
  lease.mutable_status_page()->clear_provider();
  v1::ReportScrapeResultRequest report = ScrapePage(lease, fetcher);
  ASSERT_TRUE(report.has_failure()) << report.DebugString();
  EXPECT_EQ(report.failure().reason(), v1::ScrapeFailure::FETCH_FAILED);
  EXPECT_TRUE(absl::StrContains(report.failure().message(), "refused to connect")) << report.failure().message();
  EXPECT_FALSE(absl::StrContains(report.failure().message(), "HTTP 0")) << report.failure().message();
  EXPECT_TRUE(server.Requests().empty());
}

// A plan of three rounds (an UptimeRobot custom domain: its home page names the monitor
// list, whose first page counts the second): every round is fetched, and only the last one
// conditionally, since a 304 on the first page would hide that there is a second.
TEST(ScrapePage, FollowUpRoundsEveryRoundButTheLastInFull) {
  HttpServer server;
  HttpResponse home;
  home.headers = {{"Content-Type", "text/html"}};
  home.body = absl::StrCat("<html><head><script>window.pspApiPath = '", server.Url("/api/getMonitorList/K"),
                           "';</script></head></html>");
  server.Set("/ur", home);
  for (const char* page : {"1", "2"}) {
    std::ifstream in(absl::StrCat("providers/uptimerobot/testdata/monitor-list-page", page, ".json"));
    std::stringstream body;
    body << in.rdbuf();
    HttpResponse r;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body.str();
    r.etag = absl::StrCat("\"page", page, "\"");
    server.Set(absl::StrCat("/api/getMonitorList/K?page=", page), r);
  }
  Fetcher fetcher = LoopbackFetcher();
  v1::Lease lease;
  lease.set_lease_id("test");
  lease.mutable_status_page()->set_url(server.Url("/ur"));
  lease.mutable_status_page()->set_provider("uptimerobot");
  lease.set_kind(v1::SCRAPE_KIND_CURRENT);
  v1::ReportScrapeResultRequest first = ScrapePage(lease, fetcher);
  ASSERT_TRUE(first.has_success()) << first.DebugString();
  EXPECT_EQ(first.success().components_size(), 32);
  EXPECT_EQ(first.success().incidents_size(), 3);
  EXPECT_TRUE(first.success().lists_every_open_incident());
  EXPECT_EQ(first.validators_size(), 2);

  *lease.mutable_validators() = first.validators();
  const size_t before = server.Requests().size();
  v1::ReportScrapeResultRequest second = ScrapePage(lease, fetcher);
  ASSERT_TRUE(second.has_success()) << second.DebugString();
  EXPECT_EQ(second.success().components_size(), 32);
  std::map<std::string, int> conditional;
  const std::vector<statusphere::testing::RecordedRequest> requests = server.Requests();
  for (size_t i = before; i < requests.size(); ++i) {
    conditional[requests[i].path] += static_cast<int>(requests[i].headers.count("if-none-match"));
  }
  EXPECT_EQ(conditional["/api/getMonitorList/K?page=1"], 0);  // the second round: the third reads it
  EXPECT_EQ(conditional["/api/getMonitorList/K?page=2"], 1);  // the last round (a 304, then in full)
}

// A plan's fallback (Statuspage's home page) is fetched only when a document did not
// answer; a page made from it is the result, even when the API rate-limits; when it cannot
// make one, the API's failure is, with its Retry-After.
TEST(ScrapePage, FallbacksStandInForDocumentsThatDidNotAnswer) {
  HttpServer server;
  ServeStatuspage(server);
  Fetcher fetcher = LoopbackFetcher();
  ASSERT_TRUE(ScrapePage(LeaseOf(server, v1::SCRAPE_KIND_CURRENT), fetcher).has_success());
  EXPECT_EQ(server.RequestCount("/page"), 0);  // the API answered: no home page

  HttpResponse limited;
  limited.status = 429;
  limited.headers = {{"Retry-After", "120"}};
  server.Set("/page/api/v2/summary.json", limited);
  v1::ReportScrapeResultRequest failed = ScrapePage(LeaseOf(server, v1::SCRAPE_KIND_CURRENT), fetcher);
  ASSERT_TRUE(failed.has_failure()) << failed.DebugString();  // the home page is a 404
  EXPECT_EQ(failed.failure().reason(), v1::ScrapeFailure::HTTP_ERROR);
  EXPECT_EQ(failed.failure().http_status(), 429);
  EXPECT_EQ(failed.failure().retry_after().seconds(), 120);
  EXPECT_EQ(server.RequestCount("/page"), 1);

  HttpResponse home;
  home.headers = {{"Content-Type", "text/html"}};
  home.body = Fixture("home-outage.html");
  server.Set("/page", home);
  v1::ReportScrapeResultRequest report = ScrapePage(LeaseOf(server, v1::SCRAPE_KIND_CURRENT), fetcher);
  ASSERT_TRUE(report.has_success()) << report.DebugString();
  EXPECT_EQ(report.success().incidents_size(), 3);
  EXPECT_EQ(report.success().components_size(), 3);
  EXPECT_TRUE(report.success().lists_every_open_incident());
}

}  // namespace
}  // namespace statusphere::scraper
