// Never a stale UP: a page read once and then failing says UNKNOWN once its last successful
// scrape is older than --stale_after, over gRPC and REST, with when it was last read and why;
// statusphere_pages_stale counts it; the next successful scrape brings it back.
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "statusphere/v1/scrape_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/gateway/http_client.h"
#include "tests/gateway/seed.h"
#include "tests/gateway/stack.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;
using namespace statusphere::v1;  // NOLINT

constexpr char kPage[] = "https://status.acme.test";

// What a successful scrape reports: one resolved incident (the page is UP).
std::vector<IncidentSpec> Resolved() {
  const absl::Time start = absl::FromUnixSeconds(1'700'000'000);
  return {{"old", "minor", start, start + absl::Hours(1), {{"Resolved", "Fixed.", start + absl::Hours(1)}}}};
}

// Leases the page (due every second) and reports a failed scrape.
bool ReportFailure(ScrapeService::Stub& scrape, const std::string& message) {
  return Eventually(
      [&] {
        LeaseStatusPagesRequest lease;
        lease.set_scraper_id("stale-test");
        lease.set_max_pages(10);
        LeaseStatusPagesResponse leased;
        if (!scrape.LeaseStatusPages(ScraperCallContext(kTestScraperToken).get(), lease, &leased).ok() ||
            leased.leases().empty())
          return false;
        ReportScrapeResultRequest report;
        report.set_lease_id(leased.leases(0).lease_id());
        report.mutable_failure()->set_message(message);
        ReportScrapeResultResponse ignored;
        return scrape.ReportScrapeResult(ScraperCallContext(kTestScraperToken).get(), report, &ignored).ok();
      },
      absl::Seconds(10));
}

GetCurrentStatusResponse CurrentStatus(StatusPageService::Stub& pages) {
  GetCurrentStatusRequest request;
  request.set_status_page_url(kPage);
  GetCurrentStatusResponse response;
  EXPECT_TRUE(pages.GetCurrentStatus(CallContext().get(), request, &response).ok());
  return response;
}

double Gauge(const std::string& exposition, const std::string& name) {
  const size_t at = exposition.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::atof(exposition.c_str() + at + name.size() + 2);
}

TEST(StaleStatus, AFailingPageTurnsUnknownWithWhenItWasLastReadAndRecovers) {
  GatewayStack stack("stale_status");
  const std::string metrics_port_file = absl::StrCat(std::getenv("TEST_TMPDIR"), "/stale_metrics.port");
  ASSERT_TRUE(stack
                  .StartServer(0, {"--current_interval=1s", "--historical_interval=1h", "--stale_after=3s",
                                   "--metrics_listen=127.0.0.1:0", "--metrics_port_file=" + metrics_port_file})
                  .ok())
      << stack.Logs();
  ASSERT_TRUE(stack.StartGateway().ok()) << stack.Logs();
  const int metrics_port = WaitForPortFile(metrics_port_file, absl::Seconds(10));
  ASSERT_GT(metrics_port, 0);
  const std::string metrics_url = absl::StrCat("http://127.0.0.1:", metrics_port, "/metrics");
  auto channel = grpc::CreateChannel(stack.server_address(), grpc::InsecureChannelCredentials());
  auto pages = StatusPageService::NewStub(channel);
  auto scrape = ScrapeService::NewStub(channel);

  Seeder seeder(stack.server_address(), kAdminToken);
  ASSERT_TRUE(seeder.AddPage("Acme", kPage).ok());
  // The page is due at once; the lease may take a moment.
  std::string errors;
  ASSERT_TRUE(Eventually(
      [&] {
        absl::Status s = seeder.ReportIncidents(kPage, Resolved());
        if (!s.ok()) errors += s.ToString() + "\n";
        return s.ok();
      },
      absl::Seconds(10)))
      << errors.substr(0, 2000) << stack.Logs();
  const absl::Time read_at = absl::Now();

  // Freshly read: UP, no reason, and when it was read.
  GetCurrentStatusResponse fresh = CurrentStatus(*pages);
  EXPECT_EQ(fresh.status(), "UP");
  EXPECT_EQ(fresh.status_reason(), "");
  ASSERT_TRUE(fresh.has_last_currently_scraped());
  const absl::Time last_read = FromProto(fresh.last_currently_scraped());
  EXPECT_LE(absl::AbsDuration(last_read - read_at), absl::Seconds(2));
  EXPECT_EQ(Gauge(Get(metrics_url).body, "statusphere_pages_stale"), 0);

  // Then its scrapes fail; past the bound it is UNKNOWN, everywhere it is answered.
  ASSERT_TRUE(ReportFailure(*scrape, "HTTP 503 from https://status.acme.test/api/v2/summary.json"));
  ASSERT_TRUE(Eventually([&] { return CurrentStatus(*pages).status() == "UNKNOWN"; }, absl::Seconds(10)))
      << stack.Logs();
  EXPECT_GE(absl::Now() - last_read, absl::Seconds(3));
  const GetCurrentStatusResponse stale = CurrentStatus(*pages);
  EXPECT_TRUE(stale.is_indexed());
  EXPECT_EQ(FromProto(stale.last_currently_scraped()), last_read);
  const std::string since = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", last_read, absl::UTCTimeZone());
  EXPECT_TRUE(absl::StrContains(stale.status_reason(), "not read successfully since " + since))
      << stale.status_reason();
  EXPECT_TRUE(absl::StrContains(stale.status_reason(), "HTTP 503")) << stale.status_reason();

  GetStatusPageRequest page_request;
  page_request.set_status_page_url(kPage);
  GetStatusPageResponse page;
  ASSERT_TRUE(pages->GetStatusPage(CallContext().get(), page_request, &page).ok());
  EXPECT_EQ(page.status_page().status(), "UNKNOWN");
  EXPECT_EQ(page.status_page().status_reason(), stale.status_reason());
  ListStatusPagesResponse list;
  ASSERT_TRUE(pages->ListStatusPages(CallContext().get(), ListStatusPagesRequest(), &list).ok());
  ASSERT_EQ(list.status_pages_size(), 1);
  EXPECT_EQ(list.status_pages(0).status(), "UNKNOWN");

  // REST: the same, with the original API's lastCurrentlyScraped.
  const RestResponse current = Get(stack.Url(absl::StrCat("/api/v1/currentStatus?statusPageUrl=", kPage)));
  ASSERT_EQ(current.status, 200) << current.body;
  const json current_json = json::parse(current.body);
  EXPECT_EQ(current_json["status"], "UNKNOWN") << current.body;
  EXPECT_EQ(current_json["isIndexed"], true) << current.body;
  EXPECT_TRUE(absl::StartsWith(current_json["lastCurrentlyScraped"].get<std::string>(), since.substr(0, 19)))
      << current.body;
  EXPECT_TRUE(absl::StrContains(current_json["statusReason"].get<std::string>(), "not read successfully since"))
      << current.body;
  const RestResponse rest_page = Get(stack.Url(absl::StrCat("/api/v1/statusPage?statusPageUrl=", kPage)));
  ASSERT_EQ(rest_page.status, 200) << rest_page.body;
  EXPECT_EQ(json::parse(rest_page.body)["statusPage"]["status"], "UNKNOWN") << rest_page.body;

  // /metrics readings within 5 s of each other share one: the next one counts the stale page.
  std::string exposition;
  EXPECT_TRUE(Eventually(
      [&] {
        exposition = Get(metrics_url).body;
        return Gauge(exposition, "statusphere_pages_stale") == 1;
      },
      absl::Seconds(10)))
      << exposition;
  EXPECT_TRUE(absl::StrContains(exposition,
                                "statusphere_page_status{page=\"Acme\",url=\"https://status.acme.test\","
                                "status=\"unknown\"} 1"))
      << exposition;

  // The next successful scrape brings it back.
  ASSERT_TRUE(Eventually([&] { return seeder.ReportIncidents(kPage, Resolved()).ok(); }, absl::Seconds(10)));
  const GetCurrentStatusResponse recovered = CurrentStatus(*pages);
  EXPECT_EQ(recovered.status(), "UP");
  EXPECT_EQ(recovered.status_reason(), "");
  EXPECT_GT(FromProto(recovered.last_currently_scraped()), last_read);
  EXPECT_TRUE(Eventually(
      [&] {
        return json::parse(
                   Get(stack.Url(absl::StrCat("/api/v1/currentStatus?statusPageUrl=", kPage))).body)["status"] == "UP";
      },
      absl::Seconds(5)));
  // And the next reading of /metrics counts no stale page.
  // (Scrapes keep succeeding meanwhile, as they would: the page stays fresh.)
  EXPECT_TRUE(Eventually(
      [&] {
        (void)seeder.ReportIncidents(kPage, Resolved());
        return Gauge(Get(metrics_url).body, "statusphere_pages_stale") == 0;
      },
      absl::Seconds(15)));
}

}  // namespace
}  // namespace statusphere::testing
