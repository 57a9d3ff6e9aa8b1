// The MCP server end to end: HTTP servers on 127.0.0.1 play a Statuspage page, an
// incident.io page and an Uptime Kuma page; the real server and scraper read them; the
// real gateway serves /mcp; and the official MCP TypeScript SDK's client (client.mjs, run
// by run_client.sh with the pinned SDK) connects over streamable HTTP, lists the tools,
// calls each one, compares the answers with the REST API's, and checks the errors, the
// rate limit and the end of the session.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/fake_statuspage.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/shared_fixtures.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using testing::Eventually;
using testing::FakeStatuspage;
using testing::HttpResponse;
using testing::HttpServer;
using testing::ReadRepoFile;
using testing::Rfc3339;

// The client's pings until the limiter refuses: a burst the client's other calls stay under.
constexpr int kRateLimitBurst = 120;

class McpE2eTest : public testing::ServerFixture {
 protected:
  void SetUp() override { StartServer("mcp_e2e", "127.0.0.0/8"); }

  // A gateway in front of the server, with the rate limit the client checks; every one has
  // the same gateway token, as replicas do.
  std::string StartLimitedGateway(const std::string& name) {
    return StartGateway(name, {"--rate_limit_rps=1", absl::StrCat("--rate_limit_burst=", kRateLimitBurst)});
  }
};

TEST_F(McpE2eTest, TheSdkClientCallsEveryToolOverTheRealGateway) {
  HttpServer site;
  // Statuspage: an open critical incident with two updates.
  FakeStatuspage acme(site, "acme", /*etag=*/false);
  acme.AddIncident("inc1", "critical", Rfc3339(absl::Now() - absl::Hours(1)));
  acme.PostUpdate("inc1", "identified", "A bad deploy; rolling back.", Rfc3339(absl::Now() - absl::Minutes(20)));
  // incident.io (an open major incident, grouped components) and Uptime Kuma (six monitors),
  // from the providers' own test documents.
  auto serve = [&](const std::string& path, const std::string& file) {
    HttpResponse r;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = ReadRepoFile("providers/" + file);
    ASSERT_FALSE(r.body.empty()) << file;
    site.Set(path, r);
  };
  serve("/iio/api/v2/summary.json", "incident_io/testdata/summary.json");
  serve("/iio/api/v2/incidents.json", "incident_io/testdata/incidents.json");
  serve("/proxy/127.0.0.1", "incident_io/testdata/proxy_summary.json");
  serve("/api/status-page/main", "uptime_kuma/testdata/status-page.json");
  serve("/api/status-page/heartbeat/main", "uptime_kuma/testdata/heartbeat.json");
  const std::string iio = site.Url("/iio"), kuma = site.Url("/status/main");
  AddPage("Acme", acme.url(), "atlassian-statuspage");
  AddPage("Example Cloud", iio, /*provider=*/"");
  AddPage("Kuma", kuma, /*provider=*/"");
  StartScraper("mcp", {"--workers=2", "--idle_wait=100ms", "--fetch_timeout=2s"});

  ASSERT_TRUE(Eventually(
      [&] {
        auto acme_incidents = Incidents(acme.url());
        return acme_incidents.size() == 1 && acme_incidents[0].events_size() == 2 && Incidents(iio).size() == 4 &&
               Page(kuma).components_size() == 6;
      },
      absl::Seconds(20)))
      << scrapers_[0]->Log();

  const std::string gateway = StartLimitedGateway("gateway");
  ASSERT_FALSE(gateway.empty()) << gateways_[0]->Log();
  const std::string replica = StartLimitedGateway("replica");
  ASSERT_FALSE(replica.empty()) << gateways_[1]->Log();

  const nlohmann::json seeded = {
      {"statuspage", {{"name", "Acme"}, {"url", acme.url()}, {"incidentId", "inc1"}}},
      {"incidentio", {{"name", "Example Cloud"}, {"url", iio}}},
      {"kuma", {{"name", "Kuma"}, {"url", kuma}, {"component", "Website"}}},
      {"rateLimitBurst", kRateLimitBurst},
      {"replica", replica},
  };
  auto [status, output] = testing::RunCommand({testing::BinaryPath("tests/mcp/run_client.sh"), gateway, seeded.dump()},
                                              testing::CommandStderr::kMerged);
  if (status == 77) {
    // CI has node and npm (scripts/setup.sh): there a missing one is a failure.
    if (std::getenv("CI") != nullptr) FAIL() << "node or npm is missing in CI:\n" << output;
    GTEST_SKIP() << "node or npm is not installed (apt-get install nodejs npm): " << output;
  }
  EXPECT_EQ(status, 0) << output << "\n--- gateway log ---\n" << gateways_[0]->Log().substr(0, 4000);
  EXPECT_NE(output.find("all checks passed"), std::string::npos) << output;
  std::printf("%s", output.c_str());
}

}  // namespace
}  // namespace statusphere
