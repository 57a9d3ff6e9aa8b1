// A bounded load test on loopback: for 60 s, REST clients (through the real gateway) and
// gRPC clients hammer the public API while two real scrapers scrape a farm of changing
// status pages. Afterwards: no error other than the rate limiter's, the server's memory
// stable, and every incident and update the farm served stored exactly once.
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

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
#include "tests/support/http_server.h"
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

TEST(LoadTest, ApiUnderLoadWhileScrapingLosesNothing) {
  GatewayStack stack("load");
  struct DumpLogsOnFailure {
    GatewayStack& stack;
    ~DumpLogsOnFailure() {
      if (::testing::Test::HasFailure()) std::cerr << stack.Logs().substr(0, 20000);
    }
  } dump{stack};
  // A generous limit: most calls pass, the busiest clients meet the limiter.
  ASSERT_TRUE(stack.StartServer(0, {"--current_interval=1s", "--historical_interval=1h", "--rate_limit_rps=200",
                                    "--rate_limit_burst=200"})
                  .ok());
  ASSERT_TRUE(stack.StartGateway().ok());

  HttpServer site;
  std::vector<std::unique_ptr<FakeStatuspage>> farm;
  auto channel = grpc::CreateChannel(stack.server_address(), grpc::InsecureChannelCredentials());
  auto admin = AdminService::NewStub(channel);
  const absl::Time t0 = absl::Now() - absl::Hours(1);
  for (int i = 0; i < kPages; ++i) {
    farm.push_back(std::make_unique<FakeStatuspage>(site, absl::StrCat("vendor", i), /*etag=*/i % 2 == 0));
    farm.back()->AddIncident("base", "minor", Rfc3339(t0));
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
    AddStatusPageRequest request;
    request.set_name(absl::StrCat("Vendor ", i));
    request.set_url(farm.back()->url());
    request.set_provider("atlassian-statuspage");
    AddStatusPageResponse response;
    ASSERT_TRUE(admin->AddStatusPage(&context, request, &response).ok());
  }
  const std::string dir = FreshTempDir("load_scrapers");
  std::vector<std::unique_ptr<Subprocess>> scrapers;
  for (int k = 0; k < 2; ++k) {
    scrapers.push_back(std::make_unique<Subprocess>(
        std::vector<std::string>{BinaryPath("scraper/statusphere-scraper"),
                                 absl::StrCat("--server=", stack.server_address()), "--workers=4", "--batch_size=1",
                                 "--idle_wait=100ms", "--fetch_timeout=2s", "--lease_duration=10s",
                                 "--allow_addresses=127.0.0.0/8", absl::StrCat("--scraper_id=load-", k)},
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
        const std::string url =
            n % 3 == 0   ? stack.Url("/api/v1/currentStatus?statusPageUrl=" + page)
            : n % 3 == 1 ? stack.Url("/api/v1/incidents?limit=50&statusPageUrl=" + page)
                         : stack.Url("/api/v1/statusPages/search?query=vendor");
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        const CURLcode code = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        rest.Add(code == CURLE_OK ? absl::StrCat(status) : curl_easy_strerror(code));
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
        // Each gRPC client poses as its own user behind a proxy (loopback is trusted).
        context.AddMetadata("x-forwarded-for", absl::StrCat("198.51.100.", c + 1));
        grpc::Status status;
        if (n % 2 == 0) {
          GetCurrentStatusRequest request;
          request.set_status_page_url(farm[n % kPages]->url());
          GetCurrentStatusResponse response;
          status = stub->GetCurrentStatus(&context, request, &response);
        } else {
          ListIncidentsRequest request;
          request.set_status_page_url(farm[n % kPages]->url());
          request.set_limit("50");
          ListIncidentsResponse response;
          status = stub->ListIncidents(&context, request, &response);
        }
        grpc_calls.Add(status.ok() ? "OK" : absl::StrCat("code ", status.error_code(), ": ", status.error_message().substr(0, 60)));
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
      ListIncidentsRequest request;
      request.set_status_page_url(page->url());
      ListIncidentsResponse response;
      if (!stub->ListIncidents(&context, request, &response).ok()) return false;
      if (response.incidents_size() != page->incident_count()) {
        *mismatch = absl::StrCat(page->url(), ": ", response.incidents_size(), " stored, ", page->incident_count(), " served");
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
  for (const auto& [outcome, n] : rest_counts) {
    rest_total += n;
    std::cout << "REST " << outcome << ": " << n << "\n";
    EXPECT_TRUE(outcome == "200" || outcome == "429") << "REST " << outcome << " x" << n;
  }
  for (const auto& [outcome, n] : grpc_counts) {
    grpc_total += n;
    std::cout << "gRPC " << outcome << ": " << n << "\n";
    EXPECT_TRUE(outcome == "OK" || absl::StartsWith(outcome, "code 8:")) << "gRPC " << outcome << " x" << n;
  }
  std::cout << "changes made: " << changes << "; server RSS at 15 s: " << rss_early / 1024
            << " MB, at the end: " << rss_late / 1024 << " MB\n";
  EXPECT_GT(rest_counts.count("200") ? rest_counts.at("200") : 0, 1000);
  EXPECT_GT(grpc_counts.count("OK") ? grpc_counts.at("OK") : 0, 1000);
  // Memory stable: after warm-up the server grows by less than 64 MB under steady load.
  ASSERT_GT(rss_early, 0);
  EXPECT_LT(rss_late - rss_early, 64 * 1024);
  for (auto& s : scrapers) EXPECT_TRUE(s->Running()) << s->Log().substr(0, 3000);
}

}  // namespace
}  // namespace statusphere::testing
