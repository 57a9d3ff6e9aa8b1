// End to end: every process's /metrics. The real statusphere-server, a statusphere-scraper
// and statusphere-gateway run on 127.0.0.1 against an HttpServer playing two status pages
// (one with an open major incident and an ETag, one answering 500); each /metrics endpoint
// must show what happened, in numbers, and pass `promtool check metrics`.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "curl/curl.h"
#include "gtest/gtest.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using statusphere::testing::BinaryPath;
using statusphere::testing::Eventually;
using statusphere::testing::FakeStatuspage;
using statusphere::testing::FreshTempDir;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::Rfc3339;
using statusphere::testing::Subprocess;
using statusphere::testing::WaitForPortFile;

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// The body of GET `url`, or "" when it failed or did not answer 200 within `timeout_ms`.
std::string Get(const std::string& url, long timeout_ms = 10000) {
  CURL* curl = curl_easy_init();
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  long status = 0;
  if (curl_easy_perform(curl) != CURLE_OK) body.clear();
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  return status == 200 ? body : "";
}

// The value of the series written exactly as `series` (name and labels as rendered).
std::optional<double> Value(const std::string& text, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.size() > series.size() && line.substr(0, series.size()) == series && line[series.size()] == ' ') {
      double v;
      if (absl::SimpleAtod(line.substr(series.size() + 1), &v)) return v;
    }
  }
  return std::nullopt;
}

double ValueOr0(const std::string& text, const std::string& series) { return Value(text, series).value_or(0); }

// promtool's verdict on an exposition: "" when it accepts it, else what it said.
// nullopt when promtool is not installed.
std::optional<std::string> PromtoolProblems(const std::string& text, const std::string& dir, const std::string& name) {
  const char* candidates[] = {"/usr/bin/promtool", "/usr/local/bin/promtool"};
  std::string promtool;
  for (const char* c : candidates) {
    if (FILE* f = std::fopen(c, "r"); f != nullptr) {
      std::fclose(f);
      promtool = c;
      break;
    }
  }
  if (promtool.empty()) return std::nullopt;
  const std::string input = absl::StrCat(dir, "/", name, ".prom");
  const std::string output = input + ".check";
  FILE* f = std::fopen(input.c_str(), "w");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  const int rc = std::system(absl::StrCat(promtool, " check metrics < ", input, " > ", output, " 2>&1").c_str());
  std::string said;
  if (FILE* o = std::fopen(output.c_str(), "r"); o != nullptr) {
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof(buffer), o)) > 0) said.append(buffer, n);
    std::fclose(o);
  }
  if (rc == 0 && said.empty()) return std::string();
  return absl::StrCat("exit ", rc, ": ", said.empty() ? "(no output)" : said);
}

class MetricsE2eTest : public testing::ServerFixture {};

TEST_F(MetricsE2eTest, EveryProcessServesMetricsThatPromtoolAccepts) {
  const std::string ports = FreshTempDir("metrics_ports");
  HttpServer site;
  FakeStatuspage acme(site, "acme", /*etag=*/true);
  acme.AddIncident("inc1", "major", Rfc3339(absl::Now() - absl::Hours(1)));
  HttpResponse error;
  error.status = 500;
  site.Set("/broken/api/v2/summary.json", error);

  // The public API allows this test's REST client 4 calls (see the rate limit below).
  StartServer("metrics_e2e", "127.0.0.0/8",
              {"--metrics_listen=127.0.0.1:0", absl::StrCat("--metrics_port_file=", ports, "/server"),
               "--rate_limit_rps=0.001", "--rate_limit_burst=4"});
  const int server_metrics = WaitForPortFile(absl::StrCat(ports, "/server"), absl::Seconds(10));
  ASSERT_GT(server_metrics, 0) << server_->Log();
  AddPage("Acme", acme.url(), "atlassian-statuspage");
  AddPage("Broken", site.Url("/broken"), "atlassian-statuspage");

  StartScraper("metrics",
               {"--workers=2", "--batch_size=1", "--idle_wait=100ms", "--fetch_timeout=2s", "--lease_duration=20s",
                "--metrics_listen=127.0.0.1:0", absl::StrCat("--metrics_port_file=", ports, "/scraper")});
  const int scraper_metrics = WaitForPortFile(absl::StrCat(ports, "/scraper"), absl::Seconds(10));
  ASSERT_GT(scraper_metrics, 0);

  // The gateway passes every call through (no response cache, whose change-log stream would
  // be one more watch stream and take a call of the burst; no limiter of its own), so that
  // the server's stream gauge and rate limit are what this test reads. The cache and the
  // gateway's limiter have tests of their own (tests/gateway/gateway_cache_test.cc).
  Subprocess gateway({BinaryPath("gateway/statusphere-gateway"), "--listen=127.0.0.1:0",
                      absl::StrCat("--backend=", server_->address()), absl::StrCat("--port_file=", ports, "/gateway"),
                      "--cache_max_age=0", "--rate_limit_rps=0"},
                     absl::StrCat(ports, "/gateway.log"));
  const int gateway_port = WaitForPortFile(absl::StrCat(ports, "/gateway"), absl::Seconds(20));
  ASSERT_GT(gateway_port, 0) << gateway.Log();

  const std::string server_url = absl::StrCat("http://127.0.0.1:", server_metrics, "/metrics");
  const std::string scraper_url = absl::StrCat("http://127.0.0.1:", scraper_metrics, "/metrics");
  const std::string gateway_url = absl::StrCat("http://127.0.0.1:", gateway_port, "/metrics");

  // The ETag page is scraped in full once, then answers 304 (1 s cadence); the broken one fails.
  // Waited for as a current scrape's outcome, not only a 304 fetch: the page's backfill
  // fetches with the same validators, and its 304 could come before the current one's.
  const std::string acme_labels = absl::StrCat("page=\"Acme\",url=\"", acme.url(), "\"");
  std::string scraper_text, server_text;
  ASSERT_TRUE(Eventually(
      [&] {
        scraper_text = Get(scraper_url);
        return ValueOr0(scraper_text, "statusphere_fetches_total{result=\"304\"}") >= 1 &&
               ValueOr0(scraper_text,
                        "statusphere_scrapes_total{outcome=\"not_modified\",provider=\"atlassian-statuspage\","
                        "kind=\"current\"}") >= 1 &&
               ValueOr0(scraper_text,
                        "statusphere_scrapes_total{outcome=\"failure\",provider=\"atlassian-statuspage\",kind="
                        "\"current\"}") >= 1;
      },
      absl::Seconds(20)))
      << scraper_text << "\n"
      << scrapers_.back()->Log();
  EXPECT_GE(
      ValueOr0(scraper_text,
               "statusphere_scrapes_total{outcome=\"success\",provider=\"atlassian-statuspage\",kind=\"current\"}"),
      1);
  EXPECT_GE(
      ValueOr0(
          scraper_text,
          "statusphere_scrapes_total{outcome=\"not_modified\",provider=\"atlassian-statuspage\",kind=\"current\"}"),
      1);
  EXPECT_GE(ValueOr0(scraper_text, "statusphere_fetches_total{result=\"5xx\"}"), 1);
  EXPECT_GE(ValueOr0(scraper_text, "statusphere_scrape_failures_total{reason=\"http_error\"}"), 1);
  EXPECT_GT(ValueOr0(scraper_text, "statusphere_fetched_bytes_total"), 100);
  EXPECT_GE(ValueOr0(scraper_text,
                     "statusphere_scraper_rpc_duration_seconds_count{method=\"LeaseStatusPages\",outcome=\"ok\"}"),
            1);
  EXPECT_GE(ValueOr0(scraper_text,
                     "statusphere_scraper_rpc_duration_seconds_count{method=\"ReportScrapeResult\",outcome=\"ok\"}"),
            2);
  EXPECT_EQ(Value(scraper_text, "statusphere_scraper_workers"), 2);
  EXPECT_EQ(
      Value(scraper_text, "statusphere_build_info{program=\"statusphere-scraper\",version=\"0.1.0\",detail=\"\"}"), 1);

  // The server: vendor status from the store, and the calls it answered.
  ASSERT_TRUE(Eventually(
      [&] {
        server_text = Get(server_url);
        return Value(server_text, absl::StrCat("statusphere_page_status{", acme_labels, ",status=\"degraded\"}")) == 1;
      },
      absl::Seconds(15)))
      << server_text;
  EXPECT_EQ(Value(server_text, absl::StrCat("statusphere_page_status{", acme_labels, ",status=\"up\"}")), 0);
  EXPECT_EQ(Value(server_text, absl::StrCat("statusphere_page_open_incidents{", acme_labels, ",impact=\"major\"}")), 1);
  EXPECT_EQ(Value(server_text, absl::StrCat("statusphere_page_open_incidents{", acme_labels, ",impact=\"minor\"}")), 0);
  EXPECT_EQ(Value(server_text, absl::StrCat("statusphere_component_status{", acme_labels, ",component=\"API\"}")),
            3);  // partial_outage while the incident is open
  EXPECT_EQ(Value(server_text, absl::StrCat("statusphere_page_status{page=\"Broken\",url=\"", site.Url("/broken"),
                                            "\",status=\"unknown\"}")),
            1);
  EXPECT_EQ(Value(server_text, "statusphere_pages{provider=\"atlassian-statuspage\"}"), 2);
  EXPECT_EQ(Value(server_text, "statusphere_pages_failing{provider=\"atlassian-statuspage\"}"), 1);
  EXPECT_EQ(Value(server_text, "statusphere_scrape_interval_seconds"), 1);
  EXPECT_EQ(Value(server_text, "statusphere_notifications_pending"), 0);
  EXPECT_EQ(Value(server_text,
                  "statusphere_api_requests_total{service=\"statusphere.v1.AdminService\",method=\"AddStatusPage\","
                  "code=\"OK\"}"),
            2);
  EXPECT_GE(ValueOr0(server_text,
                     "statusphere_api_requests_total{service=\"statusphere.v1.ScrapeService\","
                     "method=\"ReportScrapeResult\",code=\"OK\"}"),
            2);
  EXPECT_GE(ValueOr0(server_text,
                     "statusphere_store_operation_duration_seconds_count{operation=\"ApplyReport\","
                     "outcome=\"ok\"}"),
            2);
  EXPECT_EQ(
      Value(server_text, "statusphere_build_info{program=\"statusphere-server\",version=\"0.1.0\",detail=\"sqlite\"}"),
      1);
  EXPECT_LE(ValueOr0(server_text, "statusphere_metrics_store_reads"), 6);

  // The gateway: the REST request just made, by route and code.
  ASSERT_EQ(Get(absl::StrCat("http://127.0.0.1:", gateway_port, "/api/v1/statusPages/count")),
            "{\"statusPageCount\":2}");
  Get(absl::StrCat("http://127.0.0.1:", gateway_port, "/no/such/path"));
  const std::string gateway_text = Get(gateway_url);
  EXPECT_EQ(Value(gateway_text,
                  "statusphere_gateway_http_requests_total{code=\"200\",method=\"GET\","
                  "route=\"/api/v1/statusPages/count\"}"),
            1)
      << gateway_text;
  EXPECT_EQ(Value(gateway_text, "statusphere_gateway_http_requests_total{code=\"404\",method=\"GET\",route=\"other\"}"),
            1);
  EXPECT_EQ(Value(gateway_text, "statusphere_gateway_backend_ready"), 1);
  // The gateway's calls reached the server's API metrics.
  EXPECT_GE(ValueOr0(Get(server_url),
                     "statusphere_api_requests_total{service=\"statusphere.v1.StatusPageService\","
                     "method=\"CountStatusPages\",code=\"OK\"}"),
            1);

  // A watch stream open through the gateway for 3 s shows on both sides, then is gone.
  std::thread watcher([&] { Get(absl::StrCat("http://127.0.0.1:", gateway_port, "/api/v1/watch"), 3000); });
  EXPECT_TRUE(Eventually([&] { return Value(Get(gateway_url), "statusphere_gateway_watch_streams_open") == 1; },
                         absl::Seconds(2)));
  EXPECT_TRUE(
      Eventually([&] { return Value(Get(server_url), "statusphere_watch_streams_open") == 1; }, absl::Seconds(2)));
  watcher.join();
  EXPECT_TRUE(
      Eventually([&] { return Value(Get(server_url), "statusphere_watch_streams_open") == 0; }, absl::Seconds(5)));
  EXPECT_EQ(Value(Get(gateway_url), "statusphere_gateway_watch_streams_open"), 0);

  // Two calls of the burst of 4 are spent (count, watch): the fifth is refused, and counted.
  EXPECT_EQ(ValueOr0(Get(server_url), "statusphere_api_rate_limited_total"), 0);
  for (int i = 0; i < 3; ++i) Get(absl::StrCat("http://127.0.0.1:", gateway_port, "/api/v1/statusPages/count"));
  EXPECT_EQ(Value(Get(server_url), "statusphere_api_rate_limited_total"), 1);
  EXPECT_EQ(Value(Get(gateway_url),
                  "statusphere_gateway_http_requests_total{code=\"429\",method=\"GET\","
                  "route=\"/api/v1/statusPages/count\"}"),
            1);

  // promtool: CI installs it (scripts/setup.sh); a user who did not run setup is told.
  for (const auto& [name, text] : {std::pair{"server", Get(server_url)}, std::pair{"scraper", Get(scraper_url)},
                                   std::pair{"gateway", Get(gateway_url)}}) {
    ASSERT_FALSE(text.empty()) << name;
    std::optional<std::string> problems = PromtoolProblems(text, ports, name);
    if (!problems.has_value()) {
      if (std::getenv("CI") != nullptr) FAIL() << "promtool is missing on CI (scripts/setup.sh installs prometheus)";
      GTEST_SKIP() << "promtool is not installed (apt-get install prometheus, or run scripts/setup.sh): the "
                      "expositions were checked for their values only";
    }
    EXPECT_EQ(*problems, "") << name << "'s /metrics:\n" << text;
  }
}

}  // namespace
}  // namespace statusphere
