// A bounded load test on loopback, on each store: for 60 s, REST clients (through the real
// gateway) and gRPC clients hammer the public API, asking for pages that exist, pages that
// do not and with invalid arguments, while two real scrapers scrape a farm of changing
// status pages. Afterwards: every answer the one its request deserves (or the rate
// limiter's), none timed out, the server's memory stable, every incident and update the
// farm served stored exactly once, and on PostgreSQL no session left inside a transaction.
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/gateway/stack.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/http_server.h"
#include "tests/support/postgres_database.h"
#include "tests/support/server_process.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {
namespace {

using namespace statusphere::v1;  // NOLINT

constexpr absl::Duration kLoad = absl::Seconds(60);
constexpr int kPages = 20;
constexpr int kRestClients = 4;
constexpr int kGrpcClients = 4;

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

// Outcome counts by name ("200", "429", "OK", "RESOURCE_EXHAUSTED", ...).
class Tally {
 public:
  void Add(const std::string& outcome) {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[outcome];
  }
  std::map<std::string, int64_t> counts() {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, int64_t> counts_;
};

class LoadTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LoadTest, ApiUnderLoadWhileScrapingLosesNothing) {
  const bool postgres = GetParam() == "postgres";
  std::vector<std::string> store_flags;
  std::string database;
  if (postgres) {
    absl::StatusOr<std::string> url = FreshPostgresDatabase("statusphere_load");
    if (url.status().code() == absl::StatusCode::kNotFound) GTEST_SKIP() << url.status().message();
    ASSERT_TRUE(url.ok()) << url.status();
    database = *url;
    store_flags = {"--postgres_url=" + database, "--postgres_pool_size=8"};
  }
  GatewayStack stack("load_" + GetParam());
  struct DumpLogsOnFailure {
    GatewayStack& stack;
    ~DumpLogsOnFailure() {
      if (::testing::Test::HasFailure()) std::cerr << stack.Logs().substr(0, 20000);
    }
  } dump{stack};
  // A generous limit: most calls pass, the busiest clients meet the limiter.
  std::vector<std::string> server_flags = {"--current_interval=1s", "--historical_interval=1h", "--rate_limit_rps=200",
                                           "--rate_limit_burst=200"};
  server_flags.insert(server_flags.end(), store_flags.begin(), store_flags.end());
  ASSERT_TRUE(stack.StartServer(0, server_flags).ok());
  // The gateway limits too (cached answers never reach the server): the same limits.
  ASSERT_TRUE(stack
                  .StartGateway({"--listen=127.0.0.1:0", absl::StrCat("--backend=", stack.server_address()),
                                 "--rate_limit_rps=200", "--rate_limit_burst=200"})
                  .ok());

  HttpServer site;
  std::vector<std::unique_ptr<FakeStatuspage>> farm;
  auto channel = grpc::CreateChannel(stack.server_address(), grpc::InsecureChannelCredentials());
  auto admin = AdminService::NewStub(channel);
  const absl::Time t0 = absl::Now() - absl::Hours(1);
  for (int i = 0; i < kPages; ++i) {
    farm.push_back(std::make_unique<FakeStatuspage>(site, absl::StrCat("vendor", i), /*etag=*/i % 2 == 0));
    farm.back()->AddIncident("base", "minor", Rfc3339(t0));
    ASSERT_TRUE(
        AddPage(*admin, kAdminToken, farm.back()->url(), "atlassian-statuspage", absl::StrCat("Vendor ", i)).ok());
  }
  const std::string dir = FreshTempDir("load_scrapers");
  std::vector<std::unique_ptr<Subprocess>> scrapers;
  for (int k = 0; k < 2; ++k) {
    scrapers.push_back(
        StartScraper(stack.server_address(),
                     {"--workers=4", "--batch_size=1", "--idle_wait=100ms", "--fetch_timeout=2s",
                      "--lease_duration=10s", "--allow_addresses=127.0.0.0/8", absl::StrCat("--scraper_id=load-", k)},
                     absl::StrCat(dir, "/scraper", k, ".log")));
  }

  std::atomic<bool> stop{false};
  Tally rest, grpc_calls;
  std::vector<std::thread> clients;
  for (int c = 0; c < kRestClients; ++c) {
    clients.emplace_back([&, c] {
      CURL* curl = curl_easy_init();  // one handle per client: keep-alive, like a real client
      curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Discard);
      curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
      for (int n = 0; !stop; ++n) {
        const std::string page = farm[(c + n) % kPages]->url();
        const std::string unknown = absl::StrCat("https://unknown-", c, "-", n, ".example");
        // Each request with the status it deserves.
        const auto [kind, path, expected] =
            n % 11 == 0   ? std::make_tuple("currentStatus", "/api/v1/currentStatus?statusPageUrl=" + page, 200L)
            : n % 11 == 1 ? std::make_tuple("incidents", "/api/v1/incidents?limit=50&statusPageUrl=" + page, 200L)
            : n % 11 == 2 ? std::make_tuple("search", std::string("/api/v1/statusPages/search?query=vendor"), 200L)
            : n % 11 == 3 ? std::make_tuple("statusPage unknown", "/api/v1/statusPage?statusPageUrl=" + unknown, 404L)
            : n % 11 == 4 ? std::make_tuple("incidents unknown", "/api/v1/incidents?statusPageUrl=" + unknown, 404L)
            : n % 11 == 5
                ? std::make_tuple("incidents bad limit", "/api/v1/incidents?limit=-1&statusPageUrl=" + page, 400L)
            : n % 11 == 6 ? std::make_tuple("statusPage by unknown name",
                                            "/api/v1/statusPage?statusPageName=nobody-" + std::to_string(n), 404L)
            : n % 11 == 7 ? std::make_tuple("statusPages", std::string("/api/v1/statusPages"), 200L)
            : n % 11 == 8 ? std::make_tuple("count", std::string("/api/v1/statusPages/count"), 200L)
            : n % 11 == 9 ? std::make_tuple("feed unknown page", "/api/v1/feed.atom?statusPageUrl=" + unknown, 404L)
                          : std::make_tuple("sitemap", std::string("/api/v1/sitemap.xml"), 200L);
        const std::string url = stack.Url(path);
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        const CURLcode code = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (code != CURLE_OK) {
          rest.Add(absl::StrCat(kind, ": ", curl_easy_strerror(code)));
        } else {
          rest.Add(absl::StrCat(kind, ": ",
                                status == expected ? "expected"
                                : status == 429    ? "429"
                                                   : absl::StrCat(status)));
        }
      }
      curl_easy_cleanup(curl);
    });
  }
  for (int c = 0; c < kGrpcClients; ++c) {
    clients.emplace_back([&, c] {
      auto stub = StatusPageService::NewStub(channel);
      for (int n = 0; !stop; ++n) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        // Each gRPC client poses as its own user behind the gateway (it has the gateway token).
        context.AddMetadata("x-forwarded-for", absl::StrCat("198.51.100.", c + 1));
        context.AddMetadata("statusphere-gateway-token", kTestGatewayToken);
        grpc::Status status;
        const char* kind;
        grpc::StatusCode expected = grpc::StatusCode::OK;
        const std::string unknown = absl::StrCat("https://unknown-grpc-", c, "-", n, ".example");
        switch (n % 5) {
          case 0: {
            kind = "GetCurrentStatus";
            GetCurrentStatusRequest request;
            request.set_status_page_url(farm[n % kPages]->url());
            GetCurrentStatusResponse response;
            status = stub->GetCurrentStatus(&context, request, &response);
            break;
          }
          case 1: {
            kind = "ListIncidents";
            ListIncidentsRequest request;
            request.set_status_page_url(farm[n % kPages]->url());
            request.set_limit("50");
            ListIncidentsResponse response;
            status = stub->ListIncidents(&context, request, &response);
            break;
          }
          case 2: {
            kind = "GetStatusPage unknown";
            expected = grpc::StatusCode::NOT_FOUND;
            GetStatusPageRequest request;
            request.set_status_page_url(unknown);
            GetStatusPageResponse response;
            status = stub->GetStatusPage(&context, request, &response);
            break;
          }
          case 3: {
            kind = "GetCurrentStatus unknown";
            expected = grpc::StatusCode::NOT_FOUND;
            GetCurrentStatusRequest request;
            request.set_status_page_url(unknown);
            GetCurrentStatusResponse response;
            status = stub->GetCurrentStatus(&context, request, &response);
            break;
          }
          default: {
            kind = "ListIncidents bad impact";
            expected = grpc::StatusCode::INVALID_ARGUMENT;
            ListIncidentsRequest request;
            request.set_status_page_url(farm[n % kPages]->url());
            request.set_impact("catastrophic");
            ListIncidentsResponse response;
            status = stub->ListIncidents(&context, request, &response);
            break;
          }
        }
        grpc_calls.Add(
            absl::StrCat(kind, ": ",
                         status.error_code() == expected ? "expected"
                         : status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED
                             ? "RESOURCE_EXHAUSTED"
                             : absl::StrCat("code ", status.error_code(), ": ", status.error_message().substr(0, 60))));
      }
    });
  }

  // Meanwhile the vendors have incidents: one change every 500 ms somewhere in the farm.
  const absl::Time start = absl::Now();
  int64_t rss_early = -1;
  int changes = 0;
  while (absl::Now() - start < kLoad) {
    FakeStatuspage& page = *farm[changes % kPages];
    const std::string id = absl::StrCat("inc", changes / kPages);
    if (changes / kPages % 2 == 0) {
      page.AddIncident(id, "major", Rfc3339(absl::Now()));
    } else {
      page.PostUpdate(absl::StrCat("inc", changes / kPages - 1), "resolved", "Fixed.", Rfc3339(absl::Now()));
    }
    ++changes;
    absl::SleepFor(absl::Milliseconds(500));
    if (rss_early < 0 && absl::Now() - start > absl::Seconds(15)) {
      rss_early = ProcessMemoryKb(stack.server_pid(), "VmRSS");
    }
  }
  stop = true;
  for (auto& t : clients) t.join();
  const int64_t rss_late = ProcessMemoryKb(stack.server_pid(), "VmRSS");

  // What the farm shows must become what is stored, exactly once each.
  auto stored_matches_farm = [&](std::string* mismatch) {
    auto stub = StatusPageService::NewStub(channel);
    for (const auto& page : farm) {
      grpc::ClientContext context;
      context.AddMetadata("x-forwarded-for", "198.51.100.200");
      context.AddMetadata("statusphere-gateway-token", kTestGatewayToken);
      ListIncidentsRequest request;
      request.set_status_page_url(page->url());
      ListIncidentsResponse response;
      if (!stub->ListIncidents(&context, request, &response).ok()) return false;
      if (response.incidents_size() != page->incident_count()) {
        *mismatch =
            absl::StrCat(page->url(), ": ", response.incidents_size(), " stored, ", page->incident_count(), " served");
        return false;
      }
      for (const Incident& incident : response.incidents()) {
        std::set<std::string> ids;
        for (const auto& e : incident.events()) ids.insert(e.id());
        if (static_cast<int>(ids.size()) != incident.events_size() ||
            incident.events_size() != page->update_count(incident.id())) {
          *mismatch = absl::StrCat(page->url(), " ", incident.id(), ": ", incident.events_size(), " updates stored (",
                                   ids.size(), " distinct), ", page->update_count(incident.id()), " served");
          return false;
        }
      }
    }
    return true;
  };
  std::string mismatch;
  EXPECT_TRUE(Eventually([&] { return stored_matches_farm(&mismatch); }, absl::Seconds(15))) << mismatch;

  const auto rest_counts = rest.counts();
  const auto grpc_counts = grpc_calls.counts();
  int64_t rest_total = 0, grpc_total = 0;
  int64_t rest_expected = 0, grpc_expected = 0;
  for (const auto& [outcome, n] : rest_counts) {
    rest_total += n;
    std::cout << "REST " << outcome << ": " << n << "\n";
    EXPECT_TRUE(absl::EndsWith(outcome, ": expected") || absl::EndsWith(outcome, ": 429"))
        << "REST " << outcome << " x" << n;
    if (absl::EndsWith(outcome, ": expected")) rest_expected += n;
  }
  for (const auto& [outcome, n] : grpc_counts) {
    grpc_total += n;
    std::cout << "gRPC " << outcome << ": " << n << "\n";
    EXPECT_TRUE(absl::EndsWith(outcome, ": expected") || absl::EndsWith(outcome, ": RESOURCE_EXHAUSTED"))
        << "gRPC " << outcome << " x" << n;
    if (absl::EndsWith(outcome, ": expected")) grpc_expected += n;
  }
  std::cout << "changes made: " << changes << "; server RSS at 15 s: " << rss_early / 1024
            << " MB, at the end: " << rss_late / 1024 << " MB\n";
  EXPECT_GT(rest_expected, 1000);
  EXPECT_GT(grpc_expected, 1000);
  // Memory stable: after warm-up the server grows by less than 64 MB under steady load.
  ASSERT_GT(rss_early, 0);
  EXPECT_LT(rss_late - rss_early, 64 * 1024);
  for (auto& s : scrapers) EXPECT_TRUE(s->Running()) << s->Log().substr(0, 3000);
  if (postgres) {
    // Left behind, not between two statements of a transaction under way: with the
    // scrapers stopped, a session still idle in transaction a few seconds on is stuck.
    for (auto& s : scrapers) s->Stop();
    absl::StatusOr<long long> idle;
    const bool none = Eventually(
        [&] {
          idle = SessionsIdleInTransaction(database);
          return idle.ok() && *idle == 0;
        },
        absl::Seconds(5));
    ASSERT_TRUE(idle.ok()) << idle.status();
    EXPECT_TRUE(none) << *idle << " sessions left idle in transaction";
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, LoadTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace statusphere::testing
