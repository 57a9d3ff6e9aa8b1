// Leases on PostgreSQL under real concurrency: two servers and three scrapers share one
// database for a minute, scraping slow pages on 127.0.0.1 that are due every second. No
// page may be fetched by two scrapers at once, no report may be rejected because its lease
// was taken from under it, the servers' logs show no deadlock, and a graceful stop of the
// scrapers hands every lease back.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/http_server.h"
#include "tests/support/postgres_database.h"
#include "tests/support/server_process.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {
namespace {

using namespace statusphere::v1;  // NOLINT

constexpr int kPages = 24;
constexpr absl::Duration kRun = absl::Seconds(60);

// Lines of `log` that contain `needle`.
int CountLines(const std::string& log, absl::string_view needle) {
  int n = 0;
  for (absl::string_view line : absl::StrSplit(log, '\n')) n += absl::StrContains(line, needle) ? 1 : 0;
  return n;
}

TEST(LeaseExclusivity, TwoServersThreeScrapersOnePostgresNeverShareAPage) {
  absl::StatusOr<std::string> database = FreshPostgresDatabase("statusphere_leases");
  if (database.status().code() == absl::StatusCode::kNotFound) GTEST_SKIP() << database.status().message();
  ASSERT_TRUE(database.ok()) << database.status();
  const std::string dir = FreshTempDir("lease_exclusivity");

  // Slow pages: a scrape takes a few hundred milliseconds, so two scrapers holding one page
  // at once would overlap on its documents.
  HttpServer farm;
  std::vector<std::unique_ptr<FakeStatuspage>> pages;
  for (int p = 0; p < kPages; ++p) {
    pages.push_back(std::make_unique<FakeStatuspage>(farm, absl::StrCat("vendor", p), /*etag=*/false));
    pages[p]->AddIncident(absl::StrCat("v", p), "minor", Rfc3339(absl::Now() - absl::Hours(1)));
    pages[p]->set_delay(absl::Milliseconds(150));
  }

  std::vector<std::unique_ptr<ServerProcess>> servers;
  std::vector<std::unique_ptr<Subprocess>> scrapers;
  for (int s = 0; s < 2; ++s) {
    ServerProcessOptions options;
    options.dir = dir;
    options.name = absl::StrCat("server", s);
    options.postgres_url = *database;
    options.flags = {"--postgres_pool_size=4", "--current_interval=1s", "--historical_interval=1h",
                     "--allow_addresses=127.0.0.0/8", "--rate_limit_rps=0"};
    absl::StatusOr<std::unique_ptr<ServerProcess>> started = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.status();
    servers.push_back(*std::move(started));
  }
  auto admin = AdminService::NewStub(grpc::CreateChannel(servers[0]->address(), grpc::InsecureChannelCredentials()));
  for (const auto& page : pages) {
    ASSERT_TRUE(AddPage(*admin, kTestAdminToken, page->url(), "atlassian-statuspage").ok());
  }
  for (int k = 0; k < 3; ++k) {
    scrapers.push_back(
        StartScraper(servers[k % 2]->address(),
                     {"--workers=4", absl::StrCat("--batch_size=", 1 + k), "--idle_wait=20ms", "--fetch_timeout=3s",
                      "--lease_duration=20s", "--allow_addresses=127.0.0.0/8", absl::StrCat("--scraper_id=lease-", k)},
                     absl::StrCat(dir, "/scraper", k, ".log")));
  }
  absl::SleepFor(kRun);
  for (auto& s : scrapers) EXPECT_EQ(s->Stop(absl::Seconds(15)), 0);

  int fetches = 0;
  for (const auto& page : pages) {
    fetches += farm.RequestCount(page->summary_path());
    EXPECT_EQ(farm.MaxInFlight(page->summary_path()), 1) << page->url() << " was scraped by two scrapers at once";
  }
  // Every page due every second for a minute, a scrape taking ~0.3 s: many rounds each.
  EXPECT_GT(fetches, kPages * 10);
  for (auto& s : scrapers) {
    const std::string log = s->Log();
    EXPECT_EQ(CountLines(log, "scraper.report_rejected"), 0) << log.substr(0, 4000);
    // A deadlock between two servers' transactions reaches the scraper as a retried report.
    EXPECT_EQ(CountLines(log, "deadlock"), 0) << log.substr(0, 4000);
    EXPECT_EQ(CountLines(log, "scraper.lease_failed"), 0) << log.substr(0, 4000);
  }
  // A graceful stop hands its leases back.
  absl::StatusOr<long long> live = QueryNumber(
      *database, "SELECT count(*) FROM leases WHERE expires_at > (extract(epoch FROM now()) * 1000000)::bigint");
  ASSERT_TRUE(live.ok()) << live.status();
  EXPECT_EQ(*live, 0) << "leases left behind by scrapers that stopped gracefully";
  for (auto& s : servers) {
    EXPECT_EQ(s->Stop(absl::Seconds(15)), 0);
    const std::string log = s->Log();
    EXPECT_EQ(CountLines(log, "deadlock"), 0) << log.substr(0, 4000);
    EXPECT_EQ(CountLines(log, "\"level\":\"error\""), 0) << log.substr(0, 4000);
  }
  absl::StatusOr<long long> idle = SessionsIdleInTransaction(*database);
  ASSERT_TRUE(idle.ok()) << idle.status();
  EXPECT_EQ(*idle, 0);
  std::cout << "summary fetches in " << absl::FormatDuration(kRun) << ": " << fetches << "\n";
}

}  // namespace
}  // namespace statusphere::testing
