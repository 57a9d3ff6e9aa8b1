// A stored change is visible through gRPC within a second although the server keeps its
// answers (server/answer_cache.h): at once on the server the write went through, and within
// the cache's age bound on another server sharing the PostgreSQL database. Real server
// binaries with their default cache flags, on 127.0.0.1.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/postgres_database.h"
#include "tests/support/server_process.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using namespace statusphere::v1;  // NOLINT: the test reads as the API does
using testing::AdminCallContext;
using testing::CallContext;
using testing::kTestAdminToken;
using testing::kTestScraperToken;
using testing::ScraperCallContext;
using testing::ServerProcess;
using testing::ServerProcessOptions;

constexpr char kPage[] = "https://status.fresh.example";
// What issue 14 promises: a stored change is visible through the API within a second.
constexpr absl::Duration kFreshness = absl::Seconds(1);

struct Client {
  std::unique_ptr<StatusPageService::Stub> pages;
  std::unique_ptr<ScrapeService::Stub> scrape;
  std::unique_ptr<AdminService::Stub> admin;
};

Client Connect(const ServerProcess& server) {
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  return {StatusPageService::NewStub(channel), ScrapeService::NewStub(channel), AdminService::NewStub(channel)};
}

Incident MakeIncident(const std::string& id, const std::string& impact, bool resolved) {
  Incident incident;
  incident.set_id(id);
  incident.set_title(absl::StrCat("Incident ", id));
  incident.set_impact(impact);
  incident.set_deep_link(absl::StrCat(kPage, "/incidents/", id));
  const absl::Time start = absl::Now() - absl::Hours(id == "one" ? 3 : 1);
  *incident.mutable_start_time() = ToProto(start);
  IncidentEvent* first = incident.add_events();
  first->set_id(id + "-1");
  first->set_title("Investigating");
  first->set_status("investigating");
  *first->mutable_time() = ToProto(start);
  if (resolved) {
    *incident.mutable_end_time() = ToProto(start + absl::Minutes(30));
    IncidentEvent* last = incident.add_events();
    last->set_id(id + "-2");
    last->set_title("Resolved");
    last->set_status("resolved");
    *last->mutable_time() = ToProto(start + absl::Minutes(30));
  }
  return incident;
}

// Leases the page (waiting until it is due again) and reports `incidents` for it.
void Report(Client& client, const std::vector<Incident>& incidents) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  std::string lease_id;
  while (lease_id.empty() && absl::Now() < give_up) {
    LeaseStatusPagesRequest request;
    request.set_scraper_id("freshness-test");
    request.set_max_pages(10);
    LeaseStatusPagesResponse leases;
    ASSERT_TRUE(client.scrape->LeaseStatusPages(ScraperCallContext(kTestScraperToken).get(), request, &leases).ok());
    for (const Lease& lease : leases.leases()) {
      if (lease.status_page().url() == kPage) lease_id = lease.lease_id();
    }
    if (lease_id.empty()) absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_FALSE(lease_id.empty()) << "the page never came due";
  ReportScrapeResultRequest request;
  request.set_lease_id(lease_id);
  request.set_provider("atlassian-statuspage");
  for (const auto& incident : incidents) *request.mutable_success()->add_incidents() = incident;
  ReportScrapeResultResponse response;
  grpc::Status reported =
      client.scrape->ReportScrapeResult(ScraperCallContext(kTestScraperToken).get(), request, &response);
  ASSERT_TRUE(reported.ok()) << reported.error_message();
}

// What a poller of the page sees: the unresolved incidents' ids, and every incident's id
// with whether it ended, newest first.
std::string Seen(Client& client) {
  GetCurrentStatusRequest current_request;
  current_request.set_status_page_url(kPage);
  GetCurrentStatusResponse current;
  grpc::Status s = client.pages->GetCurrentStatus(CallContext().get(), current_request, &current);
  if (!s.ok()) return absl::StrCat("GetCurrentStatus: ", s.error_message());
  ListIncidentsRequest list_request;
  list_request.set_status_page_url(kPage);
  list_request.set_limit("50");
  ListIncidentsResponse list;
  s = client.pages->ListIncidents(CallContext().get(), list_request, &list);
  if (!s.ok()) return absl::StrCat("ListIncidents: ", s.error_message());
  std::string seen = absl::StrCat(current.status(), " open:");
  for (const auto& incident : current.unresolved_incidents()) absl::StrAppend(&seen, " ", incident.id());
  absl::StrAppend(&seen, " all:");
  for (const auto& incident : list.incidents()) {
    absl::StrAppend(&seen, " ", incident.id(), incident.has_end_time() ? "(ended)" : "", "x", incident.events_size());
  }
  return seen;
}

std::string PageName(Client& client) {
  GetStatusPageRequest request;
  request.set_status_page_url(kPage);
  GetStatusPageResponse response;
  grpc::Status s = client.pages->GetStatusPage(CallContext().get(), request, &response);
  return s.ok() ? response.status_page().name() : absl::StrCat("GetStatusPage: ", s.error_message());
}

// How long until `client` shows `want` (polling as fast as a client could), or the last
// answer when it does not within 5 s.
absl::Duration TimeUntil(absl::FunctionRef<std::string()> read, const std::string& want, std::string* last) {
  const absl::Time start = absl::Now();
  while (absl::Now() - start < absl::Seconds(5)) {
    *last = read();
    if (*last == want) return absl::Now() - start;
  }
  return absl::InfiniteDuration();
}

// Writes through servers[0]; every server must show the change within kFreshness, and
// servers[0] on its first read after the write.
void ExpectChangesVisible(std::vector<std::unique_ptr<ServerProcess>>& servers) {
  std::vector<Client> clients;
  for (auto& server : servers) clients.push_back(Connect(*server));
  Client& writer = clients[0];
  // Errors are not kept: a page unknown a moment ago is found as soon as it is added.
  for (int n = 0; n < 3; ++n) {
    GetStatusPageRequest request;
    request.set_status_page_url(kPage);
    GetStatusPageResponse response;
    ASSERT_EQ(writer.pages->GetStatusPage(CallContext().get(), request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  ASSERT_TRUE(testing::AddPage(*writer.admin, kTestAdminToken, kPage, "atlassian-statuspage", "Fresh").ok());
  ASSERT_EQ(PageName(writer), "Fresh");
  ASSERT_NO_FATAL_FAILURE(Report(writer, {MakeIncident("one", "major", false)}));
  const std::string before = "DEGRADED open: one all: onex1";
  std::string last;
  for (auto& client : clients) {
    ASSERT_LT(TimeUntil([&] { return Seen(client); }, before, &last), kFreshness) << last;
    // Kept answers from here on (many reads within the caches' ages).
    for (int n = 0; n < 20; ++n) ASSERT_EQ(Seen(client), before);
    ASSERT_EQ(PageName(client), "Fresh");
  }

  // The incident ends, and one that began and ended since is found: one report.
  ASSERT_NO_FATAL_FAILURE(Report(writer, {MakeIncident("one", "major", true), MakeIncident("two", "critical", true)}));
  const std::string after = "UP open: all: two(ended)x2 one(ended)x2";
  EXPECT_EQ(Seen(writer), after) << "the server the report went through answers from before it";
  for (size_t s = 1; s < clients.size(); ++s) {
    const absl::Duration took = TimeUntil([&] { return Seen(clients[s]); }, after, &last);
    EXPECT_LT(took, kFreshness) << "server " << s << " last showed: " << last;
    std::cout << "server " << s << " showed the report after " << absl::FormatDuration(took) << "\n";
  }

  // An admin edit is a write too.
  RenameStatusPageRequest rename;
  rename.set_status_page_url(kPage);
  rename.set_new_name("Fresher");
  RenameStatusPageResponse renamed;
  ASSERT_TRUE(writer.admin->RenameStatusPage(AdminCallContext(kTestAdminToken).get(), rename, &renamed).ok());
  EXPECT_EQ(PageName(writer), "Fresher");
  for (size_t s = 1; s < clients.size(); ++s) {
    EXPECT_LT(TimeUntil([&] { return PageName(clients[s]); }, "Fresher", &last), kFreshness) << last;
  }
}

TEST(ReadFreshness, OneServerOnSqliteAnswersAWriteAtOnce) {
  ServerProcessOptions options;
  options.dir = testing::FreshTempDir("read_freshness_sqlite");
  options.flags = {"--current_interval=200ms", "--historical_interval=1h", "--rate_limit_rps=0"};
  absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(std::move(options));
  ASSERT_TRUE(server.ok()) << server.status();
  std::vector<std::unique_ptr<ServerProcess>> servers;
  servers.push_back(*std::move(server));
  ExpectChangesVisible(servers);
}

TEST(ReadFreshness, TwoServersOnPostgresShowEachOthersWritesWithinASecond) {
  absl::StatusOr<std::string> database = testing::FreshPostgresDatabase("statusphere_fresh");
  if (database.status().code() == absl::StatusCode::kNotFound) GTEST_SKIP() << database.status().message();
  ASSERT_TRUE(database.ok()) << database.status();
  const std::string dir = testing::FreshTempDir("read_freshness_postgres");
  std::vector<std::unique_ptr<ServerProcess>> servers;
  for (int s = 0; s < 2; ++s) {
    ServerProcessOptions options;
    options.dir = dir;
    options.name = absl::StrCat("server", s);
    options.postgres_url = *database;
    options.flags = {"--postgres_pool_size=4", "--current_interval=200ms", "--historical_interval=1h",
                     "--rate_limit_rps=0"};
    absl::StatusOr<std::unique_ptr<ServerProcess>> started = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.status();
    servers.push_back(*std::move(started));
  }
  ExpectChangesVisible(servers);
}

// Answers kept or not, every call is counted against its client's rate.
TEST(ReadFreshness, KeptAnswersStillCountAgainstTheRateLimit) {
  ServerProcessOptions options;
  options.dir = testing::FreshTempDir("read_freshness_rate");
  options.flags = {"--rate_limit_rps=0.001", "--rate_limit_burst=5"};
  absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(std::move(options));
  ASSERT_TRUE(server.ok()) << server.status();
  Client client = Connect(**server);
  ASSERT_TRUE(testing::AddPage(*client.admin, kTestAdminToken, kPage, "atlassian-statuspage", "Fresh").ok());
  GetCurrentStatusRequest request;
  request.set_status_page_url(kPage);
  std::vector<grpc::StatusCode> codes;
  for (int n = 0; n < 7; ++n) {
    GetCurrentStatusResponse response;
    codes.push_back(client.pages->GetCurrentStatus(CallContext().get(), request, &response).error_code());
  }
  const std::vector<grpc::StatusCode> want = {grpc::StatusCode::OK,
                                              grpc::StatusCode::OK,
                                              grpc::StatusCode::OK,
                                              grpc::StatusCode::OK,
                                              grpc::StatusCode::OK,
                                              grpc::StatusCode::RESOURCE_EXHAUSTED,
                                              grpc::StatusCode::RESOURCE_EXHAUSTED};
  EXPECT_EQ(codes, want);
}

}  // namespace
}  // namespace statusphere
