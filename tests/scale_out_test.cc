// Scale-out on PostgreSQL: two server processes and four scraper processes share one
// database and a farm of status pages on 127.0.0.1. During the run one scraper is killed
// with SIGKILL mid-lease and PostgreSQL itself restarts. Afterwards every incident the farm
// serves is stored exactly once, with every one of its updates.
//
// It starts its own throwaway cluster (scripts/pg_throwaway.sh), since it restarts it and
// Bazel ends every process a test leaves behind; skips when PostgreSQL is not installed.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/http_server.h"
#include "tests/support/postgres_database.h"
#include "tests/support/server_process.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using statusphere::testing::AddPage;
using statusphere::testing::BinaryPath;
using statusphere::testing::CallContext;
using statusphere::testing::Eventually;
using statusphere::testing::FakeStatuspage;
using statusphere::testing::FreshPostgresDatabase;
using statusphere::testing::FreshTempDir;
using statusphere::testing::HttpServer;
using statusphere::testing::kTestAdminToken;
using statusphere::testing::Rfc3339;
using statusphere::testing::ServerProcess;
using statusphere::testing::ServerProcessOptions;
using statusphere::testing::StartScraper;
using statusphere::testing::Subprocess;
using namespace statusphere::v1;  // NOLINT

constexpr int kPages = 12;

// Restarts the cluster in place (same port, same data).
void RestartPostgres(const std::string& dir) {
  const char* bin = "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1";
  const std::string cmd =
      absl::StrCat("PATH=$PATH:/usr/sbin:/sbin; bin=$(", bin, "); ", getuid() == 0 ? "runuser -u postgres -- " : "",
                   "\"$bin/pg_ctl\" -D '", dir, "/data' -w -t 30 -m fast restart >/dev/null 2>&1");
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// A cluster of this test's own, stopped when the test ends.
class ThrowawayPostgres {
 public:
  ThrowawayPostgres() {
    const std::string script = BinaryPath("scripts/pg_throwaway.sh");
    FILE* out = ::popen((script + " start 2>/dev/null").c_str(), "r");
    char line[512];
    while (out != nullptr && std::fgets(line, sizeof(line), out) != nullptr) {
      absl::string_view text = absl::StripTrailingAsciiWhitespace(line);
      if (absl::ConsumePrefix(&text, "export STATUSPHERE_PG_URL=")) url_ = std::string(text);
      if (absl::ConsumePrefix(&text, "export STATUSPHERE_PG_DIR=")) dir_ = std::string(text);
    }
    if (out != nullptr) ::pclose(out);
  }
  ~ThrowawayPostgres() {
    if (!dir_.empty() && std::system((BinaryPath("scripts/pg_throwaway.sh") + " stop " + dir_).c_str()) != 0) {
      std::fprintf(stderr, "could not stop the throwaway cluster in %s\n", dir_.c_str());
    }
  }
  const std::string& url() const { return url_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string url_, dir_;
};

TEST(ScaleOut, TwoServersFourScrapersOnePostgresNothingLostNothingDoubled) {
  if (std::system("ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "PostgreSQL server binaries are not installed (scripts/setup.sh installs them)";
  }
  ThrowawayPostgres postgres;
  ASSERT_FALSE(postgres.url().empty()) << "the throwaway PostgreSQL cluster did not start";
  absl::StatusOr<std::string> fresh = FreshPostgresDatabase("statusphere_scale", postgres.url());
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  const std::string database = *fresh;
  const std::string pg_dir = postgres.dir();
  const std::string dir = FreshTempDir("scale_out");

  HttpServer farm;
  std::vector<std::unique_ptr<FakeStatuspage>> pages;
  const absl::Time t0 = absl::Now() - absl::Hours(5);
  for (int p = 0; p < kPages; ++p) {
    pages.push_back(std::make_unique<FakeStatuspage>(farm, absl::StrCat("vendor", p), p % 2 == 0));
    for (int i = 0; i < 3; ++i) {
      const std::string id = absl::StrCat("v", p, "i", i);
      pages[p]->AddIncident(id, i == 0 ? "major" : "minor", Rfc3339(t0 + absl::Minutes(10 * i)));
      pages[p]->PostUpdate(id, "identified", "Found it.", Rfc3339(t0 + absl::Minutes(10 * i + 5)));
    }
  }

  std::vector<std::unique_ptr<ServerProcess>> servers;
  std::vector<std::unique_ptr<Subprocess>> scrapers;
  for (int s = 0; s < 2; ++s) {
    ServerProcessOptions options;
    options.dir = dir;
    options.name = absl::StrCat("server", s);
    options.postgres_url = database;
    options.flags = {"--postgres_pool_size=4", "--current_interval=1s", "--historical_interval=1h",
                     "--allow_addresses=127.0.0.0/8",
                     "--rate_limit_rps=0"};  // the test polls the API far faster than a client would
    absl::StatusOr<std::unique_ptr<ServerProcess>> started = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.status();
    servers.push_back(*std::move(started));
  }
  auto channel = grpc::CreateChannel(servers[0]->address(), grpc::InsecureChannelCredentials());
  auto admin = AdminService::NewStub(channel);
  auto api = StatusPageService::NewStub(channel);
  for (const auto& page : pages) {
    ASSERT_TRUE(AddPage(*admin, kTestAdminToken, page->url(), "atlassian-statuspage").ok());
  }
  for (int k = 0; k < 4; ++k) {
    scrapers.push_back(
        StartScraper(servers[k % 2]->address(),
                     {"--workers=3", "--batch_size=1", "--idle_wait=100ms", "--fetch_timeout=2s",
                      "--lease_duration=10s", "--allow_addresses=127.0.0.0/8", absl::StrCat("--scraper_id=scale-", k)},
                     absl::StrCat(dir, "/scraper", k, ".log")));
  }

  auto stored = [&](const std::string& url) {
    ListIncidentsRequest request;
    request.set_status_page_url(url);
    ListIncidentsResponse response;
    return api->ListIncidents(CallContext().get(), request, &response).ok() ? response : ListIncidentsResponse();
  };
  auto all_match = [&] {
    for (const auto& page : pages) {
      ListIncidentsResponse r = stored(page->url());
      if (r.incidents_size() != page->incident_count()) return false;
      for (const auto& i : r.incidents()) {
        if (i.events_size() != page->update_count(i.id())) return false;
      }
    }
    return true;
  };
  ASSERT_TRUE(Eventually(all_match, absl::Seconds(30))) << "first scrapes did not land";

  // Mid-run: a scraper dies holding leases, new updates are posted, PostgreSQL restarts,
  // more updates and a new incident per page.
  scrapers[0]->Kill();
  for (int p = 0; p < kPages; ++p) {
    pages[p]->PostUpdate(absl::StrCat("v", p, "i0"), "monitoring", "A fix is out.", Rfc3339(absl::Now()));
  }
  ASSERT_NO_FATAL_FAILURE(RestartPostgres(pg_dir));
  for (int p = 0; p < kPages; ++p) {
    pages[p]->PostUpdate(absl::StrCat("v", p, "i0"), "resolved", "Resolved.", Rfc3339(absl::Now()));
    pages[p]->AddIncident(absl::StrCat("v", p, "i9"), "critical", Rfc3339(absl::Now()));
  }
  // The dead scraper's leases (10 s) expire and the others take its pages over.
  ASSERT_TRUE(Eventually(all_match, absl::Seconds(45))) << servers[0]->Log().substr(0, 4000);

  // Exactly once: no duplicate ids, no duplicate updates, end times where resolved.
  for (const auto& page : pages) {
    ListIncidentsResponse r = stored(page->url());
    std::set<std::string> ids;
    for (const auto& i : r.incidents()) {
      EXPECT_TRUE(ids.insert(i.id()).second) << "incident stored twice: " << i.id();
      std::set<std::string> updates;
      for (const auto& e : i.events()) EXPECT_TRUE(updates.insert(e.id()).second) << "update stored twice: " << e.id();
      if (absl::EndsWith(i.id(), "i0")) EXPECT_TRUE(i.has_end_time()) << i.id();
    }
  }
  for (auto& s : scrapers) s->Stop();
  for (auto& s : servers) EXPECT_EQ(s->Stop(absl::Seconds(15)), 0);
}

}  // namespace
}  // namespace statusphere
