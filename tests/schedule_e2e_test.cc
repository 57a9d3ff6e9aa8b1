// End to end: the real statusphere-server with a catalog of 300 dead pages (connection
// refused on loopback addresses with nothing listening, or a slow 404 from an HttpServer),
// all due and failing, and a real statusphere-scraper with the daemon's default workers.
// A page an administrator adds while they fail is indexed within seconds; the dead pages
// back off instead of being retried every round; the operator's listing says what fails.
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "providers/detect.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using statusphere::testing::Eventually;
using statusphere::testing::FakeStatuspage;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::Rfc3339;
using namespace statusphere::v1;  // NOLINT

constexpr int kRefusedPages = 250;
constexpr int kSlowPages = 50;
// A port nothing listens on, on every loopback address (the scrapers get "connection refused").
constexpr int kClosedPort = 9;

class ScheduleE2eTest : public testing::ServerFixture {
 protected:
  // Writes the catalog: refused pages spread over loopback addresses (hosts of their own,
  // as a real catalog's are), slow 404s on the site's one host. No provider: detection.
  std::string WriteCatalog(HttpServer& site) {
    const std::string path = absl::StrCat(testing::FreshTempDir("schedule_e2e_catalog"), "/catalog.tsv");
    std::ofstream out(path);
    for (int i = 0; i < kRefusedPages; ++i) {
      out << "Refused " << i << "\thttp://127.0.0." << (2 + i % 250) << ":" << kClosedPort << "/p" << i << "\t\n";
    }
    HttpResponse slow_404;
    slow_404.status = 404;
    // Slow enough that the slow pages hold the host's 4 fetch slots and the workers for the
    // whole test; each slow page's detection probes every platform (43 now), so its time
    // grows with the number of providers: at 300 ms the added page took 21-29 s.
    slow_404.delay = absl::Milliseconds(150);
    slow_404.body = "not here";
    for (int i = 0; i < kSlowPages; ++i) {
      const std::string page = site.Url(absl::StrCat("/slow", i));
      // Every document the detection cascade asks for answers slowly: those it would ask,
      // learnt from the cascade itself.
      (void)providers::Detect(page, [&](const std::string& url) {
        site.SetHandler(url.substr(site.Url("").size()),
                        [slow_404](const testing::RecordedRequest&) { return slow_404; });
        return providers::Document{url, 404, "text/plain", "not here"};
      });
      out << "Slow " << i << "\t" << page << "\t\n";
    }
    return path;
  }

  ListUnhealthyStatusPagesResponse Unhealthy(PageHealthFilter filter) {
    ListUnhealthyStatusPagesRequest request;
    request.set_filter(filter);
    ListUnhealthyStatusPagesResponse response;
    grpc::Status s = admin_->ListUnhealthyStatusPages(testing::AdminCallContext(kAdminToken).get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }
};

TEST_F(ScheduleE2eTest, APageAddedWhileTheWholeCatalogFailsIsIndexedWithinSeconds) {
  HttpServer site;
  const std::string catalog = WriteCatalog(site);
  // The run command's cadence (5 minutes), not the fixture's 1 s.
  StartServer("schedule_e2e", "127.0.0.0/8", {"--catalog=" + catalog, "--current_interval=5m"});
  StartScraper("dead-catalog", {"--fetch_timeout=5s", "--connect_timeout=2s"});  // the daemon's 16 workers, batch 2

  // Every catalog page is due; let the scraper get well into them (the slow ones take
  // seconds each: every probe of the detection cascade waits 300 ms for its 404).
  ASSERT_TRUE(
      Eventually([&] { return Unhealthy(PAGE_HEALTH_FILTER_FAILING).failing_count() >= 100; }, absl::Seconds(30)))
      << scrapers_[0]->Log();
  ListUnhealthyStatusPagesResponse before = Unhealthy(PAGE_HEALTH_FILTER_UNSPECIFIED);
  EXPECT_EQ(before.never_indexed_count(), kRefusedPages + kSlowPages);
  EXPECT_LT(before.failing_count(), kRefusedPages + kSlowPages);  // some are still waiting their turn

  FakeStatuspage added(site, "added", /*etag=*/true);
  added.AddIncident("inc1", "major", Rfc3339(absl::Now() - absl::Minutes(10)));
  const absl::Time add_time = absl::Now();
  AddPage("Added At Run Time", added.url(), "");  // detection decides
  // Generous for a loaded machine: the page shares its host with the slow pages (4 fetches
  // at once per host), and its detection asks several documents. Before scheduling by
  // "never scraped first", it waited for the whole failing catalog: minutes.
  ASSERT_TRUE(Eventually([&] { return Page(added.url()).is_indexed(); }, absl::Seconds(30)))
      << "not indexed 30 s after the add; scraper log:\n"
      << scrapers_[0]->Log();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - add_time);
  // It did not wait for the whole catalog's turn: catalog pages were still waiting theirs.
  const int failing_when_indexed = Unhealthy(PAGE_HEALTH_FILTER_FAILING).failing_count();
  EXPECT_LT(failing_when_indexed, kRefusedPages + kSlowPages);
  std::cout << "added page indexed " << seconds << " s after AddStatusPage, with " << kRefusedPages + kSlowPages
            << " catalog pages due and failing, " << failing_when_indexed << " of them tried by then\n";
  EXPECT_EQ(Incidents(added.url()).size(), 1u);
  EXPECT_EQ(Page(added.url()).provider(), "atlassian-statuspage");

  // Every dead page gets its turn, and says why it fails: refused ones failed to fetch
  // (detection gave up at the first refused connection), slow 404s matched no provider.
  ASSERT_TRUE(
      Eventually([&] { return Unhealthy(PAGE_HEALTH_FILTER_FAILING).failing_count() == kRefusedPages + kSlowPages; },
                 absl::Seconds(60)));
  ListUnhealthyStatusPagesResponse failing = Unhealthy(PAGE_HEALTH_FILTER_FAILING);
  ASSERT_EQ(failing.status_pages_size(), kRefusedPages + kSlowPages);
  ASSERT_EQ(failing.failure_groups_size(), 2);
  EXPECT_EQ(failing.failure_groups(0).reason(), ScrapeFailure::FETCH_FAILED);
  EXPECT_EQ(failing.failure_groups(0).status_page_urls_size(), kRefusedPages);
  EXPECT_EQ(failing.failure_groups(1).reason(), ScrapeFailure::UNSUPPORTED);
  EXPECT_EQ(failing.failure_groups(1).status_page_urls_size(), kSlowPages);
  EXPECT_NE(failing.failure_groups(1).example_error().find("no provider recognised"), std::string::npos)
      << failing.failure_groups(1).example_error();
  for (const StatusPage& page : failing.status_pages()) {
    EXPECT_NE(page.url(), added.url());
    EXPECT_GE(page.consecutive_failures(), 1) << page.url();
    EXPECT_TRUE(page.has_failing_since()) << page.url();
    EXPECT_FALSE(page.last_error().empty()) << page.url();
    EXPECT_EQ(page.status(), "UNKNOWN") << page.url();
  }
  // The page itself says so, through the public API.
  const StatusPage slow0 = Page(site.Url("/slow0"));
  EXPECT_GE(slow0.consecutive_failures(), 1);
  EXPECT_TRUE(slow0.has_failing_since());

  // Backing off: a slow page no provider recognised is not detected again for half an
  // hour, and its backfill waits with it: its home page was asked once (one detection).
  absl::SleepFor(absl::Seconds(5));
  EXPECT_EQ(site.RequestCount("/slow0"), 1);
  // A refused page is retried after 30 s, 60 s, ...: at most twice in the test's minute or so.
  for (const StatusPage& page : failing.status_pages()) EXPECT_LE(page.consecutive_failures(), 3) << page.url();

  // The added page keeps being scraped on its cadence, and is not listed as unhealthy.
  ListUnhealthyStatusPagesResponse all = Unhealthy(PAGE_HEALTH_FILTER_UNSPECIFIED);
  EXPECT_EQ(all.never_indexed_count(), kRefusedPages + kSlowPages);
  for (const StatusPage& page : all.status_pages()) EXPECT_NE(page.url(), added.url());

  // Without the admin token: refused.
  ListUnhealthyStatusPagesResponse denied;
  EXPECT_EQ(admin_->ListUnhealthyStatusPages(testing::CallContext().get(), {}, &denied).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace statusphere
