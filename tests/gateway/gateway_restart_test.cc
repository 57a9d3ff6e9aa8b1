// The gateway outlives its backend: while statusphere-server is down it answers 503 with
// the JSON error body, and once the server is back (same port, same data) it serves again
// within seconds, without being restarted itself.
#include <iostream>
#include <string>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/gateway/http_client.h"
#include "tests/gateway/rest_assertions.h"
#include "tests/gateway/seed.h"
#include "tests/gateway/stack.h"

namespace statusphere::testing {
namespace {

TEST(GatewayRestartTest, Answers503WhileTheServerIsDownThenRecoversOnItsOwn) {
  GatewayStack stack("restart");
  struct DumpLogsOnFailure {
    GatewayStack& stack;
    ~DumpLogsOnFailure() {
      if (::testing::Test::HasFailure()) std::cerr << stack.Logs();
    }
  } dump{stack};

  absl::Status started = stack.StartServer();
  ASSERT_TRUE(started.ok()) << started;
  const int port = stack.server_port();
  started = stack.StartGateway();
  ASSERT_TRUE(started.ok()) << started;
  {
    Seeder seeder(stack.server_address(), kAdminToken);
    ASSERT_TRUE(seeder.AddPage("GitHub", "https://www.githubstatus.com").ok());
    ASSERT_TRUE(seeder.AddPage("Zoom", "https://status.zoom.us").ok());
  }
  const std::string count_url = stack.Url("/api/v1/statusPages/count");
  EXPECT_EQ(JsonOk(Get(count_url), "before")["statusPageCount"], 2);
  EXPECT_EQ(Get(stack.Url("/healthz")).status, 200);

  stack.KillServer();
  ASSERT_TRUE(Eventually([&] { return Get(count_url).status == 503; }, absl::Seconds(5)));
  ErrorMessage(Get(count_url), 503, "count while down");
  ErrorMessage(Get(stack.Url("/api/v1/incidents?statusPageUrl=https://www.githubstatus.com")), 503,
               "incidents while down");
  ErrorMessage(Get(stack.Url("/api/v1/sitemap.xml")), 503, "sitemap while down");
  ErrorMessage(Get(stack.Url("/healthz")), 503, "healthz while down");

  started = stack.StartServer(port);
  ASSERT_TRUE(started.ok()) << started;
  const absl::Time restarted = absl::Now();
  ASSERT_TRUE(Eventually([&] { return Get(count_url).status == 200; }, absl::Seconds(5)))
      << "still " << Get(count_url).body;
  std::cerr << "gateway served again " << absl::FormatDuration(absl::Now() - restarted) << " after the restart\n";
  EXPECT_EQ(JsonOk(Get(count_url), "after")["statusPageCount"], 2);  // same data directory
  EXPECT_EQ(Get(stack.Url("/healthz")).status, 200);
}

}  // namespace
}  // namespace statusphere::testing
