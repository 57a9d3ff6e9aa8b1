// A server whose PostgreSQL is down when it starts comes up anyway: it listens, reports
// NOT_SERVING on grpc.health.v1 (the gateway's /healthz answers 503 and API calls 503
// with the reason), retries with back-off, and serves (catalog reconciled) as soon as the
// database answers, without being restarted. The database is taken away and given back by
// a TCP forwarder in front of the test's PostgreSQL server.
#include <fstream>
#include <iostream>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/gateway/http_client.h"
#include "tests/gateway/rest_assertions.h"
#include "tests/gateway/stack.h"
#include "tests/support/postgres_database.h"
#include "tests/support/tcp_forwarder.h"

namespace statusphere::testing {
namespace {

TEST(PostgresOutageTest, ServerStartsWithTheDatabaseDownAndServesOnceItAnswers) {
  absl::StatusOr<std::string> database = FreshPostgresDatabase("statusphere_outage");
  if (database.status().code() == absl::StatusCode::kNotFound) GTEST_SKIP() << database.status().message();
  ASSERT_TRUE(database.ok()) << database.status();
  // postgresql://user@127.0.0.1:<port>/<db>: the same database behind the forwarder's port.
  std::smatch parts;
  ASSERT_TRUE(std::regex_match(*database, parts, std::regex(R"((.*@127\.0\.0\.1:)(\d+)(/.*))"))) << *database;
  TcpForwarder database_link(std::stoi(parts[2]));
  const std::string via_link = absl::StrCat(parts[1].str(), database_link.port(), parts[3].str());

  GatewayStack stack("postgres_outage");
  struct DumpLogsOnFailure {
    GatewayStack& stack;
    ~DumpLogsOnFailure() {
      if (::testing::Test::HasFailure()) std::cerr << stack.Logs();
    }
  } dump{stack};
  const std::string catalog = absl::StrCat(FreshTempDir("postgres_outage_catalog"), "/catalog.tsv");
  std::ofstream(catalog) << "GitHub\thttps://www.githubstatus.com\tatlassian-statuspage\n"
                         << "Zoom\thttps://status.zoom.us\t\n";
  const absl::Time started_at = absl::Now();
  absl::Status started = stack.StartServer(0, {"--postgres_url=" + via_link, "--catalog=" + catalog});
  ASSERT_TRUE(started.ok()) << started;
  EXPECT_LT(absl::Now() - started_at, absl::Seconds(10)) << "the server waited for the database before listening";
  started = stack.StartGateway();
  ASSERT_TRUE(started.ok()) << started;

  const std::string count_url = stack.Url("/api/v1/statusPages/count");
  const RestResponse health = Get(stack.Url("/healthz"));
  EXPECT_EQ(health.status, 503) << health.body;
  EXPECT_NE(health.body.find("NOT_SERVING"), std::string::npos) << health.body;
  const RestResponse count = Get(count_url);
  EXPECT_EQ(count.status, 503) << count.body;
  EXPECT_NE(count.body.find("unavailable"), std::string::npos) << count.body;
  // Still down a few retries later, and still running.
  absl::SleepFor(absl::Seconds(2));
  EXPECT_EQ(Get(stack.Url("/healthz")).status, 503);

  ASSERT_TRUE(database_link.Start().ok());
  const absl::Time up = absl::Now();
  ASSERT_TRUE(Eventually([&] { return Get(stack.Url("/healthz")).status == 200; }, absl::Seconds(20)));
  std::cerr << "serving " << absl::FormatDuration(absl::Now() - up) << " after the database answered\n";
  EXPECT_EQ(JsonOk(Get(count_url), "count once up")["statusPageCount"], 2);  // the catalog, reconciled
}

}  // namespace
}  // namespace statusphere::testing
