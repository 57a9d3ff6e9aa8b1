// The gRPC server in-process on 127.0.0.1 (ephemeral port) over a real SQLite store,
// exercised through real stubs: every RPC, including bad input and authentication.
#include <chrono>
#include <memory>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/in_process_server.h"
#include "tests/support/server_process.h"

namespace statusphere {
namespace {

using grpc::StatusCode;
using namespace statusphere::v1;  // NOLINT: the test reads as the API does

constexpr const char* kToken = testing::kTestAdminToken;
constexpr const char* kScraperToken = testing::kTestScraperToken;
constexpr const char* kGatewayToken = testing::kTestGatewayToken;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::InProcessServer::Start([&](ServerOptions& options) {
      options.scrape.providers = {"atlassian-statuspage", "rss"};
      options.page_addresses = PageAddresses();
      options.api.public_site_url = "https://example.org/statusphere/";
      options.api.watch_poll_interval = absl::Milliseconds(200);
      Configure(options);
    });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto channel = server_->Channel();
    pages_ = StatusPageService::NewStub(channel);
    scrape_ = ScrapeService::NewStub(channel);
    admin_ = AdminService::NewStub(channel);
    health_ = grpc::health::v1::Health::NewStub(channel);
  }

  // These tests add pages under public names without wanting DNS lookups (CI is offline);
  // the SSRF guard has its own fixture below.
  virtual AddressPolicy PageAddresses() { return AddressPolicy::AllowAny(); }
  virtual void Configure(ServerOptions&) {}

  std::unique_ptr<grpc::ClientContext> Context(bool admin = false) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (admin) context->AddMetadata("authorization", absl::StrCat("Bearer ", kToken));
    return context;
  }

  std::unique_ptr<grpc::ClientContext> ScraperContext() {
    auto context = Context();
    context->AddMetadata("authorization", absl::StrCat("Bearer ", kScraperToken));
    return context;
  }

  grpc::Status AddPage(const std::string& name, const std::string& url) {
    AddStatusPageRequest request;
    request.set_name(name);
    request.set_url(url);
    AddStatusPageResponse response;
    return admin_->AddStatusPage(Context(true).get(), request, &response);
  }

  // Leases every due page; returns the lease of `url`, releasing the others.
  Lease LeaseFor(const std::string& url) {
    LeaseStatusPagesRequest request;
    request.set_scraper_id("test");
    request.set_max_pages(100);
    LeaseStatusPagesResponse response;
    EXPECT_TRUE(scrape_->LeaseStatusPages(ScraperContext().get(), request, &response).ok());
    Lease found;
    for (const Lease& lease : response.leases()) {
      if (lease.status_page().url() == url) {
        found = lease;
      } else {
        ReleaseLeaseRequest release;
        release.set_lease_id(lease.lease_id());
        ReleaseLeaseResponse ignored;
        EXPECT_TRUE(scrape_->ReleaseLease(ScraperContext().get(), release, &ignored).ok());
      }
    }
    return found;
  }

  static Incident MakeIncident(const std::string& id, absl::Time start, const std::string& impact, bool resolved) {
    Incident incident;
    incident.set_id(id);
    incident.set_title(absl::StrCat("Incident ", id));
    incident.set_impact(impact);
    incident.set_deep_link(absl::StrCat("https://status.example.com/incidents/", id));
    *incident.mutable_start_time() = ToProto(start);
    IncidentEvent* first = incident.add_events();
    first->set_id(id + "-1");
    first->set_title("Investigating");
    first->set_status("investigating");
    *first->mutable_time() = ToProto(start);
    if (resolved) {
      *incident.mutable_end_time() = ToProto(start + absl::Hours(1));
      IncidentEvent* last = incident.add_events();
      last->set_id(id + "-2");
      last->set_title("Resolved");
      last->set_status("resolved");
      *last->mutable_time() = ToProto(start + absl::Hours(1));
    }
    return incident;
  }

  grpc::Status Report(const std::string& lease_id, std::vector<Incident> incidents,
                      ReportScrapeResultResponse* response) {
    ReportScrapeResultRequest request;
    request.set_lease_id(lease_id);
    request.set_provider("atlassian-statuspage");
    for (auto& i : incidents) *request.mutable_success()->add_incidents() = std::move(i);
    return scrape_->ReportScrapeResult(ScraperContext().get(), request, response);
  }

  std::unique_ptr<testing::InProcessServer> server_;
  std::unique_ptr<StatusPageService::Stub> pages_;
  std::unique_ptr<ScrapeService::Stub> scrape_;
  std::unique_ptr<AdminService::Stub> admin_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

TEST_F(ServerTest, HealthCheckIsServing) {
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health_->Check(Context().get(), request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(ServerTest, EmptyServerListsNoPages) {
  ListStatusPagesResponse list;
  ASSERT_TRUE(pages_->ListStatusPages(Context().get(), {}, &list).ok());
  EXPECT_EQ(list.status_pages_size(), 0);
  CountStatusPagesResponse count;
  ASSERT_TRUE(pages_->CountStatusPages(Context().get(), {}, &count).ok());
  EXPECT_EQ(count.status_page_count(), 0);
}

TEST_F(ServerTest, AdminNeedsTheRightBearerToken) {
  AddStatusPageRequest request;
  request.set_name("GitHub");
  request.set_url("https://www.githubstatus.com");
  AddStatusPageResponse response;
  grpc::Status none = admin_->AddStatusPage(Context().get(), request, &response);
  EXPECT_EQ(none.error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(absl::StrContains(none.error_message(), "authorization"));
  auto wrong = Context();
  wrong->AddMetadata("authorization", "Bearer not-the-token");
  EXPECT_EQ(admin_->AddStatusPage(wrong.get(), request, &response).error_code(), StatusCode::UNAUTHENTICATED);
  auto basic = Context();
  basic->AddMetadata("authorization", absl::StrCat("Basic ", kToken));
  EXPECT_EQ(admin_->AddStatusPage(basic.get(), request, &response).error_code(), StatusCode::UNAUTHENTICATED);
  CountStatusPagesResponse count;
  ASSERT_TRUE(pages_->CountStatusPages(Context().get(), {}, &count).ok());
  EXPECT_EQ(count.status_page_count(), 0);
  ASSERT_TRUE(admin_->AddStatusPage(Context(true).get(), request, &response).ok());
  EXPECT_EQ(response.status_page().url(), "https://www.githubstatus.com");
}

TEST_F(ServerTest, AdminValidatesAndManagesPages) {
  EXPECT_EQ(AddPage("", "https://a.example").error_code(), StatusCode::INVALID_ARGUMENT);
  grpc::Status bad_url = AddPage("A", "ftp://a.example");
  EXPECT_EQ(bad_url.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(bad_url.error_message(), "url")) << bad_url.error_message();
  ASSERT_TRUE(AddPage("GitHub", "HTTPS://WWW.GitHubStatus.com/").ok());
  EXPECT_EQ(AddPage("GitHub 2", "https://www.githubstatus.com").error_code(), StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(AddPage("github", "https://other.example").error_code(), StatusCode::ALREADY_EXISTS);

  RenameStatusPageRequest rename;
  rename.set_status_page_url("https://www.githubstatus.com/");
  rename.set_new_name("GitHub Inc");
  RenameStatusPageResponse renamed;
  ASSERT_TRUE(admin_->RenameStatusPage(Context(true).get(), rename, &renamed).ok());
  EXPECT_EQ(renamed.status_page().name(), "GitHub Inc");
  rename.set_new_name("  ");
  EXPECT_EQ(admin_->RenameStatusPage(Context(true).get(), rename, &renamed).error_code(), StatusCode::INVALID_ARGUMENT);

  RemoveStatusPageRequest remove;
  remove.set_status_page_url("https://www.githubstatus.com");
  RemoveStatusPageResponse removed;
  ASSERT_TRUE(admin_->RemoveStatusPage(Context(true).get(), remove, &removed).ok());
  EXPECT_EQ(admin_->RemoveStatusPage(Context(true).get(), remove, &removed).error_code(), StatusCode::NOT_FOUND);
}

TEST_F(ServerTest, PagesAreListedSortedAndFoundByUrlOrName) {
  ASSERT_TRUE(AddPage("zoom", "https://status.zoom.us").ok());
  ASSERT_TRUE(AddPage("GitHub", "https://www.githubstatus.com").ok());
  ASSERT_TRUE(AddPage("Atlassian", "https://status.atlassian.com").ok());
  ListStatusPagesResponse list;
  ASSERT_TRUE(pages_->ListStatusPages(Context().get(), {}, &list).ok());
  ASSERT_EQ(list.status_pages_size(), 3);
  EXPECT_EQ(list.status_pages(0).name(), "Atlassian");
  EXPECT_EQ(list.status_pages(2).name(), "zoom");

  GetStatusPageRequest by_url;
  by_url.set_status_page_url("https://WWW.githubstatus.com/");  // unnormalized, as clients send it
  GetStatusPageResponse page;
  ASSERT_TRUE(pages_->GetStatusPage(Context().get(), by_url, &page).ok());
  EXPECT_EQ(page.status_page().name(), "GitHub");
  EXPECT_EQ(page.status_page().status(), "UNKNOWN");

  GetStatusPageRequest by_name;
  by_name.set_status_page_name("github");
  ASSERT_TRUE(pages_->GetStatusPage(Context().get(), by_name, &page).ok());
  EXPECT_EQ(page.status_page().url(), "https://www.githubstatus.com");

  GetStatusPageRequest neither;
  EXPECT_EQ(pages_->GetStatusPage(Context().get(), neither, &page).error_code(), StatusCode::INVALID_ARGUMENT);
  GetStatusPageRequest both = by_url;
  both.set_status_page_name("GitHub");
  grpc::Status both_status = pages_->GetStatusPage(Context().get(), both, &page);
  EXPECT_EQ(both_status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(both_status.error_message(), "exactly one"));
  GetStatusPageRequest unknown;
  unknown.set_status_page_name("no such vendor");
  EXPECT_EQ(pages_->GetStatusPage(Context().get(), unknown, &page).error_code(), StatusCode::NOT_FOUND);
  GetStatusPageRequest garbage;
  garbage.set_status_page_url("not a url");
  EXPECT_EQ(pages_->GetStatusPage(Context().get(), garbage, &page).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServerTest, SearchRanksFuzzyMatchesAndValidatesQuery) {
  ASSERT_TRUE(AddPage("GitHub", "https://www.githubstatus.com").ok());
  ASSERT_TRUE(AddPage("GitLab", "https://status.gitlab.com").ok());
  ASSERT_TRUE(AddPage("Google Cloud", "https://status.cloud.google.com").ok());
  ASSERT_TRUE(AddPage("Stripe", "https://status.stripe.com").ok());
  for (int i = 0; i < 15; ++i)
    ASSERT_TRUE(AddPage(absl::StrCat("Gizmo ", i), absl::StrCat("https://gizmo", i, ".example")).ok());

  auto search = [&](const std::string& query) {
    SearchStatusPagesRequest request;
    request.set_query(query);
    SearchStatusPagesResponse response;
    EXPECT_TRUE(pages_->SearchStatusPages(Context().get(), request, &response).ok()) << query;
    return response;
  };
  auto best = [&](const std::string& query) {
    SearchStatusPagesResponse response = search(query);
    return response.status_pages_size() > 0 ? response.status_pages(0).name() : "(none)";
  };
  EXPECT_EQ(best("github"), "GitHub");
  EXPECT_EQ(best("gihtub"), "GitHub");        // transposition
  EXPECT_EQ(best("githubstatus"), "GitHub");  // by url
  EXPECT_EQ(best("google cloud"), "Google Cloud");
  EXPECT_EQ(best("cloud.google"), "Google Cloud");
  EXPECT_EQ(best("STRIPE"), "Stripe");
  EXPECT_EQ(search("gi").status_pages_size(), 10);  // at most 10
  EXPECT_EQ(search("zzzzqqqq").status_pages_size(), 0);

  SearchStatusPagesRequest empty;
  SearchStatusPagesResponse response;
  EXPECT_EQ(pages_->SearchStatusPages(Context().get(), empty, &response).error_code(), StatusCode::INVALID_ARGUMENT);
  SearchStatusPagesRequest huge;
  huge.set_query(std::string(1000, 'a'));
  EXPECT_EQ(pages_->SearchStatusPages(Context().get(), huge, &response).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServerTest, ScrapeReportsDriveIncidentsAndCurrentStatus) {
  const std::string url = "https://status.example.com";
  ASSERT_TRUE(AddPage("Example", url).ok());

  GetCurrentStatusRequest status_request;
  status_request.set_status_page_url(url);
  GetCurrentStatusResponse status;
  ASSERT_TRUE(pages_->GetCurrentStatus(Context().get(), status_request, &status).ok());
  EXPECT_EQ(status.status(), "UNKNOWN");
  EXPECT_FALSE(status.is_indexed());

  const absl::Time t0 = absl::Now() - absl::Hours(48);
  Lease lease = LeaseFor(url);
  ASSERT_FALSE(lease.lease_id().empty());
  EXPECT_EQ(lease.kind(), SCRAPE_KIND_CURRENT);
  ReportScrapeResultResponse report;
  ASSERT_TRUE(
      Report(lease.lease_id(),
             {MakeIncident("old", t0, "minor", true), MakeIncident("open", t0 + absl::Hours(40), "major", false),
              MakeIncident("mnt", t0 + absl::Hours(10), "maintenance", true)},
             &report)
          .ok());
  EXPECT_EQ(report.incidents_created(), 3);
  // The lease is spent: a second report is rejected and stores nothing.
  EXPECT_EQ(Report(lease.lease_id(), {MakeIncident("x", t0, "minor", true)}, &report).error_code(),
            StatusCode::NOT_FOUND);

  ASSERT_TRUE(pages_->GetCurrentStatus(Context().get(), status_request, &status).ok());
  EXPECT_EQ(status.status(), "DEGRADED");
  EXPECT_TRUE(status.is_indexed());
  ASSERT_EQ(status.unresolved_incidents_size(), 1);
  EXPECT_EQ(status.unresolved_incidents(0).id(), "open");

  ListIncidentsRequest list_request;
  list_request.set_status_page_url(url + "/");
  ListIncidentsResponse list;
  ASSERT_TRUE(pages_->ListIncidents(Context().get(), list_request, &list).ok());
  EXPECT_TRUE(list.is_indexed());
  ASSERT_EQ(list.incidents_size(), 3);
  EXPECT_EQ(list.incidents(0).id(), "open");  // newest start first
  EXPECT_EQ(list.incidents(1).id(), "mnt");
  EXPECT_EQ(list.incidents(2).id(), "old");
  EXPECT_EQ(list.incidents(2).events_size(), 2);
  EXPECT_EQ(list.incidents(2).events(0).title(), "Resolved");
  EXPECT_EQ(list.incidents(0).status_page_url(), url);

  list_request.set_impact("major, Minor");
  ASSERT_TRUE(pages_->ListIncidents(Context().get(), list_request, &list).ok());
  ASSERT_EQ(list.incidents_size(), 2);
  list_request.set_impact("");
  list_request.set_limit("1");
  ASSERT_TRUE(pages_->ListIncidents(Context().get(), list_request, &list).ok());
  ASSERT_EQ(list.incidents_size(), 1);
  EXPECT_EQ(list.incidents(0).id(), "open");
  // A typed client's integer limits the same way.
  list_request.set_limit("");
  list_request.set_max_incidents(2);
  ASSERT_TRUE(pages_->ListIncidents(Context().get(), list_request, &list).ok());
  ASSERT_EQ(list.incidents_size(), 2);
  EXPECT_EQ(list.incidents(0).id(), "open");
  EXPECT_EQ(list.incidents(1).id(), "mnt");
  list_request.set_max_incidents(0);  // unset: no limit
  ASSERT_TRUE(pages_->ListIncidents(Context().get(), list_request, &list).ok());
  EXPECT_EQ(list.incidents_size(), 3);

  // The incident resolves on the next scrape.
  lease = LeaseFor(url);
  ASSERT_FALSE(lease.lease_id().empty());
  EXPECT_EQ(lease.kind(), SCRAPE_KIND_HISTORICAL);  // backfill is due after the first scrape
  ASSERT_TRUE(Report(lease.lease_id(), {MakeIncident("open", t0 + absl::Hours(40), "major", true)}, &report).ok());
  EXPECT_EQ(report.incidents_updated(), 1);
  ASSERT_TRUE(pages_->GetCurrentStatus(Context().get(), status_request, &status).ok());
  EXPECT_EQ(status.status(), "UP");
}

// A page turns a component red before anyone writes an incident; a maintenance window
// in progress; one announced for later. currentStatus and the page's status follow the one
// rule, and carry the page's own indicator as it was reported.
TEST_F(ServerTest, CurrentStatusFollowsComponentsAndMaintenanceAndCarriesThePagesIndicator) {
  const std::string url = "https://status.example.com", other = "https://status.other.example";
  ASSERT_TRUE(AddPage("Example", url).ok());
  ASSERT_TRUE(AddPage("Other", other).ok());
  // Each page is due twice at first (its current scrape, then its backfill).
  auto report = [&](ScrapeSuccess success, const std::string& page_url) {
    ReportScrapeResultRequest request;
    request.set_lease_id(LeaseFor(page_url).lease_id());
    *request.mutable_success() = std::move(success);
    ReportScrapeResultResponse response;
    return scrape_->ReportScrapeResult(ScraperContext().get(), request, &response);
  };
  auto current = [&](const std::string& page_url) {
    GetCurrentStatusRequest request;
    request.set_status_page_url(page_url);
    GetCurrentStatusResponse response;
    EXPECT_TRUE(pages_->GetCurrentStatus(Context().get(), request, &response).ok());
    return response;
  };
  auto page = [&] {
    GetStatusPageRequest request;
    request.set_status_page_url(url);
    GetStatusPageResponse response;
    EXPECT_TRUE(pages_->GetStatusPage(Context().get(), request, &response).ok());
    return response.status_page();
  };
  auto component = [](const std::string& name, const std::string& status) {
    Component c;
    c.set_id(name);
    c.set_name(name);
    c.set_status(status);
    return c;
  };

  ScrapeSuccess red;
  *red.add_components() = component("API", "operational");
  *red.add_components() = component("Git Operations", "partial_outage");
  red.set_platform_indicator("minor");
  red.set_lists_every_open_incident(true);
  ASSERT_TRUE(report(red, url).ok());
  GetCurrentStatusResponse status = current(url);
  EXPECT_EQ(status.status(), "DEGRADED");
  EXPECT_EQ(status.unresolved_incidents_size(), 0);  // no incident written yet
  EXPECT_EQ(status.platform_indicator(), "minor");
  EXPECT_EQ(page().status(), "DEGRADED");
  EXPECT_EQ(page().platform_indicator(), "minor");

  // Components green again, a maintenance announced for later: UP.
  const absl::Time now = absl::Now();
  Incident later = MakeIncident("mnt-later", now - absl::Hours(2), "maintenance", false);
  later.set_status("scheduled");
  *later.mutable_scheduled_start_time() = ToProto(now + absl::Hours(24));
  *later.mutable_scheduled_end_time() = ToProto(now + absl::Hours(26));
  ScrapeSuccess green;
  *green.add_components() = component("API", "operational");
  *green.add_components() = component("Git Operations", "operational");
  *green.add_incidents() = later;
  green.set_platform_indicator("none");
  green.set_lists_every_open_incident(true);
  ASSERT_TRUE(report(green, url).ok());
  EXPECT_EQ(current(url).status(), "UP");
  EXPECT_EQ(current(url).platform_indicator(), "none");
  EXPECT_EQ(page().status(), "UP");

  // On the other page the window is under way: DEGRADED, with no incident unresolved.
  later.set_status("in_progress");
  *green.mutable_incidents(0) = later;
  green.set_platform_indicator("maintenance");
  ASSERT_TRUE(report(green, other).ok());
  status = current(other);
  EXPECT_EQ(status.status(), "DEGRADED");
  EXPECT_EQ(status.unresolved_incidents_size(), 0);
  EXPECT_EQ(status.platform_indicator(), "maintenance");

  // An indicator is a word, not a document.
  ScrapeSuccess huge = green;
  huge.set_platform_indicator(std::string(201, 'x'));
  EXPECT_EQ(report(huge, other).error_code(), StatusCode::INVALID_ARGUMENT);
}

// Incidents read through the API carry a description: the postmortem, else the latest
// update's text, the platform's own kept.
TEST_F(ServerTest, IncidentDescriptionsAreThePostmortemOrTheLatestUpdate) {
  const std::string url = "https://status.example.com";
  ASSERT_TRUE(AddPage("Example", url).ok());
  const absl::Time t0 = absl::Now() - absl::Hours(48);
  Incident open = MakeIncident("open", t0 + absl::Hours(40), "major", false);
  open.mutable_events(0)->set_description("We are investigating failed logins.");
  IncidentEvent* identified = open.add_events();
  identified->set_id("open-2");
  identified->set_title("Identified");
  identified->set_status("identified");
  identified->set_description("A certificate expired; renewing it.");
  *identified->mutable_time() = ToProto(t0 + absl::Hours(41));
  Incident old = MakeIncident("old", t0, "minor", true);
  IncidentEvent* postmortem = old.add_events();
  postmortem->set_id("old-3");
  postmortem->set_title("Postmortem");
  postmortem->set_status("postmortem");
  postmortem->set_description("A database failover took 40 minutes.");
  *postmortem->mutable_time() = ToProto(t0 + absl::Hours(5));
  Incident own = MakeIncident("own", t0 + absl::Hours(1), "minor", true);
  own.set_description("Delays in email delivery.");
  ReportScrapeResultResponse response;
  ASSERT_TRUE(Report(LeaseFor(url).lease_id(), {open, old, own}, &response).ok());
  EXPECT_EQ(response.incidents_created(), 3);

  ListIncidentsRequest request;
  request.set_status_page_url(url);
  ListIncidentsResponse list;
  ASSERT_TRUE(pages_->ListIncidents(Context().get(), request, &list).ok());
  ASSERT_EQ(list.incidents_size(), 3);
  EXPECT_EQ(list.incidents(0).id(), "open");
  EXPECT_EQ(list.incidents(0).description(), "A certificate expired; renewing it.");
  EXPECT_EQ(list.incidents(1).id(), "own");
  EXPECT_EQ(list.incidents(1).description(), "Delays in email delivery.");
  EXPECT_EQ(list.incidents(2).id(), "old");
  EXPECT_EQ(list.incidents(2).description(), "A database failover took 40 minutes.");

  GetCurrentStatusRequest status_request;
  status_request.set_status_page_url(url);
  GetCurrentStatusResponse status;
  ASSERT_TRUE(pages_->GetCurrentStatus(Context().get(), status_request, &status).ok());
  ASSERT_EQ(status.unresolved_incidents_size(), 1);
  EXPECT_EQ(status.unresolved_incidents(0).description(), "A certificate expired; renewing it.");
}

TEST_F(ServerTest, ListIncidentsRejectsBadArguments) {
  ASSERT_TRUE(AddPage("Example", "https://status.example.com").ok());
  ListIncidentsResponse list;
  ListIncidentsRequest missing;
  grpc::Status s = pages_->ListIncidents(Context().get(), missing, &list);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "statusPageUrl is required");
  for (const char* limit : {"-1", "abc", "1.5", "99999999999"}) {
    ListIncidentsRequest request;
    request.set_status_page_url("https://status.example.com");
    request.set_limit(limit);
    grpc::Status status = pages_->ListIncidents(Context().get(), request, &list);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << limit;
    EXPECT_TRUE(absl::StrContains(status.error_message(), "limit")) << status.error_message();
  }
  ListIncidentsRequest too_many;
  too_many.set_status_page_url("https://status.example.com");
  too_many.set_limit("1001");
  grpc::Status too_many_status = pages_->ListIncidents(Context().get(), too_many, &list);
  EXPECT_EQ(too_many_status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(too_many_status.error_message(),
            "limit: 1001 is above the maximum of 1000 (omit it for the whole history)");
  // The integer field: same bounds, messages naming it.
  for (const auto& [max_incidents, message] : std::vector<std::pair<int32_t, std::string>>{
           {-1, "max_incidents: -1 is not a non-negative integer"},
           {1001, "max_incidents: 1001 is above the maximum of 1000 (omit it for the whole history)"}}) {
    ListIncidentsRequest request;
    request.set_status_page_url("https://status.example.com");
    request.set_max_incidents(max_incidents);
    grpc::Status status = pages_->ListIncidents(Context().get(), request, &list);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << max_incidents;
    EXPECT_EQ(status.error_message(), message);
  }
  ListIncidentsRequest both;
  both.set_status_page_url("https://status.example.com");
  both.set_limit("5");
  both.set_max_incidents(5);
  grpc::Status both_status = pages_->ListIncidents(Context().get(), both, &list);
  EXPECT_EQ(both_status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(both_status.error_message(), "limit and max_incidents are the same setting: give only one of them");
  ListIncidentsRequest long_url;
  long_url.set_status_page_url("https://status.example.com/" + std::string(3000, 'a'));
  grpc::Status long_url_status = pages_->ListIncidents(Context().get(), long_url, &list);
  EXPECT_EQ(long_url_status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(long_url_status.error_message(), "statusPageUrl is longer than 2048 characters");
  ListIncidentsRequest bad_impact;
  bad_impact.set_status_page_url("https://status.example.com");
  bad_impact.set_impact("major,catastrophic");
  grpc::Status impact_status = pages_->ListIncidents(Context().get(), bad_impact, &list);
  EXPECT_EQ(impact_status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(impact_status.error_message(), "catastrophic"));
  ListIncidentsRequest unknown;
  unknown.set_status_page_url("https://unknown.example.com");
  EXPECT_EQ(pages_->ListIncidents(Context().get(), unknown, &list).error_code(), StatusCode::NOT_FOUND);
  GetCurrentStatusRequest unknown_status;
  unknown_status.set_status_page_url("https://unknown.example.com");
  GetCurrentStatusResponse status;
  EXPECT_EQ(pages_->GetCurrentStatus(Context().get(), unknown_status, &status).error_code(), StatusCode::NOT_FOUND);
}

// A typed client sizes the Atom feed with max_entries; the REST spelling (limit) still
// answers as before; both bounds and messages hold for the integer.
TEST_F(ServerTest, AtomFeedTakesMaxEntriesFromTypedClients) {
  const std::string url = "https://status.example.com";
  ASSERT_TRUE(AddPage("Example", url).ok());
  const absl::Time t0 = absl::Now() - absl::Hours(48);
  ReportScrapeResultResponse report;
  ASSERT_TRUE(Report(LeaseFor(url).lease_id(),
                     {MakeIncident("a", t0, "minor", true), MakeIncident("b", t0 + absl::Hours(2), "major", true),
                      MakeIncident("c", t0 + absl::Hours(4), "critical", true)},
                     &report)
                  .ok());
  auto entries = [&](int32_t max_entries, const std::string& limit, grpc::Status* status) {
    GetAtomFeedRequest request;
    request.set_status_page_url(url);
    request.set_max_entries(max_entries);
    request.set_limit(limit);
    GetAtomFeedResponse feed;
    *status = pages_->GetAtomFeed(Context().get(), request, &feed);
    int count = 0;
    for (size_t at = feed.body().find("<entry>"); at != std::string::npos; at = feed.body().find("<entry>", at + 1)) {
      ++count;
    }
    return count;
  };
  grpc::Status status;
  EXPECT_EQ(entries(2, "", &status), 2);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(entries(0, "", &status), 3);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(entries(0, "1", &status), 1);
  EXPECT_TRUE(status.ok()) << status.error_message();
  for (const auto& [max_entries, limit, message] : std::vector<std::tuple<int32_t, std::string, std::string>>{
           {-3, "", "max_entries: -3 is not a non-negative integer"},
           {201, "", "max_entries: 201 is above the maximum of 200 for feeds"},
           {0, "201", "limit: 201 is above the maximum of 200 for feeds"},
           {0, "abc", "limit: 'abc' is not a non-negative integer"},
           {2, "2", "limit and max_entries are the same setting: give only one of them"}}) {
    entries(max_entries, limit, &status);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << message;
    EXPECT_EQ(status.error_message(), message);
  }
}

TEST_F(ServerTest, InvalidReportIsRejectedWholeAndLeaseStaysUsable) {
  const std::string url = "https://status.example.com";
  ASSERT_TRUE(AddPage("Example", url).ok());
  Lease lease = LeaseFor(url);
  ReportScrapeResultResponse report;
  Incident bad = MakeIncident("b", absl::Now(), "apocalyptic", false);
  grpc::Status s = Report(lease.lease_id(), {MakeIncident("good", absl::Now(), "minor", false), bad}, &report);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "incidents[1]")) << s.error_message();
  Incident no_id = MakeIncident("", absl::Now(), "minor", false);
  EXPECT_EQ(Report(lease.lease_id(), {no_id}, &report).error_code(), StatusCode::INVALID_ARGUMENT);
  ReportScrapeResultRequest no_outcome;
  no_outcome.set_lease_id(lease.lease_id());
  EXPECT_EQ(scrape_->ReportScrapeResult(ScraperContext().get(), no_outcome, &report).error_code(),
            StatusCode::INVALID_ARGUMENT);
  ListIncidentsRequest list_request;
  list_request.set_status_page_url(url);
  ListIncidentsResponse list;
  ASSERT_TRUE(pages_->ListIncidents(Context().get(), list_request, &list).ok());
  EXPECT_EQ(list.incidents_size(), 0);
  ASSERT_TRUE(Report(lease.lease_id(), {MakeIncident("good", absl::Now(), "minor", false)}, &report).ok());
}

TEST_F(ServerTest, FailedScrapeIsVisibleAndKeepsData) {
  const std::string url = "https://status.example.com";
  ASSERT_TRUE(AddPage("Example", url).ok());
  Lease lease = LeaseFor(url);
  ReportScrapeResultResponse report;
  ASSERT_TRUE(Report(lease.lease_id(), {MakeIncident("a", absl::Now() - absl::Hours(1), "minor", true)}, &report).ok());
  lease = LeaseFor(url);  // the backfill
  ReportScrapeResultRequest failure;
  failure.set_lease_id(lease.lease_id());
  failure.mutable_failure()->set_reason(ScrapeFailure::HTTP_ERROR);
  failure.mutable_failure()->set_http_status(503);
  failure.mutable_failure()->set_message("GET https://status.example.com/history.atom: HTTP 503");
  ASSERT_TRUE(scrape_->ReportScrapeResult(ScraperContext().get(), failure, &report).ok());
  EXPECT_GT(FromProto(report.next_scrape_time()), absl::Now());
  GetStatusPageRequest request;
  request.set_status_page_url(url);
  GetStatusPageResponse page;
  ASSERT_TRUE(pages_->GetStatusPage(Context().get(), request, &page).ok());
  EXPECT_EQ(page.status_page().last_error(), "GET https://status.example.com/history.atom: HTTP 503");
  EXPECT_TRUE(page.status_page().is_indexed());
  ListIncidentsRequest list_request;
  list_request.set_status_page_url(url);
  ListIncidentsResponse list;
  ASSERT_TRUE(pages_->ListIncidents(Context().get(), list_request, &list).ok());
  EXPECT_EQ(list.incidents_size(), 1);
}

TEST_F(ServerTest, LeasesAreValidatedRenewedAndReleased) {
  LeaseStatusPagesRequest bad;
  bad.set_max_pages(0);
  LeaseStatusPagesResponse leases;
  EXPECT_EQ(scrape_->LeaseStatusPages(ScraperContext().get(), bad, &leases).error_code(), StatusCode::INVALID_ARGUMENT);
  // Bounded above too: the batch size is written into the lease's statement, one prepared
  // statement per size, so the sizes a scraper can ask for are few.
  bad.set_max_pages(1001);
  const grpc::Status too_many = scrape_->LeaseStatusPages(ScraperContext().get(), bad, &leases);
  EXPECT_EQ(too_many.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(too_many.error_message(), "max_pages must be between 1 and 1000, got 1001");
  ASSERT_TRUE(AddPage("Example", "https://status.example.com").ok());
  Lease lease = LeaseFor("https://status.example.com");
  ASSERT_FALSE(lease.lease_id().empty());
  RenewLeaseRequest renew;
  renew.set_lease_id(lease.lease_id());
  *renew.mutable_extension() = ToProtoDuration(absl::Minutes(4));
  RenewLeaseResponse renewed;
  ASSERT_TRUE(scrape_->RenewLease(ScraperContext().get(), renew, &renewed).ok());
  EXPECT_GT(FromProto(renewed.deadline()), absl::Now() + absl::Minutes(3));
  renew.set_lease_id("nope");
  EXPECT_EQ(scrape_->RenewLease(ScraperContext().get(), renew, &renewed).error_code(), StatusCode::NOT_FOUND);
  // Another scraper gets nothing while the lease is held.
  LeaseStatusPagesRequest other;
  other.set_max_pages(10);
  ASSERT_TRUE(scrape_->LeaseStatusPages(ScraperContext().get(), other, &leases).ok());
  EXPECT_EQ(leases.leases_size(), 0);
  ReleaseLeaseRequest release;
  release.set_lease_id(lease.lease_id());
  ReleaseLeaseResponse released;
  ASSERT_TRUE(scrape_->ReleaseLease(ScraperContext().get(), release, &released).ok());
  ASSERT_TRUE(scrape_->LeaseStatusPages(ScraperContext().get(), other, &leases).ok());
  EXPECT_EQ(leases.leases_size(), 1);
}

TEST_F(ServerTest, SitemapListsEveryPageEscaped) {
  ASSERT_TRUE(AddPage("GitHub", "https://www.githubstatus.com").ok());
  ASSERT_TRUE(AddPage("AT&T Business", "https://status.att.example").ok());
  GetSitemapResponse sitemap;
  ASSERT_TRUE(pages_->GetSitemap(Context().get(), {}, &sitemap).ok());
  EXPECT_EQ(sitemap.content_type(), "application/xml");
  EXPECT_TRUE(absl::StrContains(sitemap.body(), "<loc>https://example.org/statusphere/status/GitHub</loc>"));
  EXPECT_TRUE(absl::StrContains(sitemap.body(), "<loc>https://example.org/statusphere/status/AT%26T%20Business</loc>"));
  EXPECT_TRUE(absl::StartsWith(sitemap.body(), "<?xml"));
}

TEST_F(ServerTest, WatchStreamsChangesLiveAndResumesFromCursor) {
  const std::string url = "https://status.example.com";
  ASSERT_TRUE(AddPage("Example", url).ok());

  grpc::ClientContext watch_context;
  WatchIncidentsRequest watch_request;
  watch_request.set_status_page_url(url);
  auto reader = pages_->WatchIncidents(&watch_context, watch_request);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the stream reach its wait

  const absl::Time reported_at = absl::Now();
  Lease lease = LeaseFor(url);
  ReportScrapeResultResponse report;
  ASSERT_TRUE(Report(lease.lease_id(), {MakeIncident("w", absl::Now(), "critical", false)}, &report).ok());
  IncidentChange change;
  ASSERT_TRUE(reader->Read(&change));
  EXPECT_LT(absl::Now() - reported_at, absl::Seconds(1));
  EXPECT_EQ(change.kind(), IncidentChange::CREATED);
  EXPECT_EQ(change.incident().id(), "w");
  EXPECT_FALSE(change.cursor().empty());
  watch_context.TryCancel();
  reader->Finish().IgnoreError();

  // Resuming from before the change replays it.
  grpc::ClientContext resume_context;
  resume_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  WatchIncidentsRequest resume;
  resume.set_cursor("0");
  auto replay = pages_->WatchIncidents(&resume_context, resume);
  IncidentChange replayed;
  ASSERT_TRUE(replay->Read(&replayed));
  EXPECT_EQ(replayed.cursor(), change.cursor());
  resume_context.TryCancel();
  replay->Finish().IgnoreError();

  grpc::ClientContext bad_context;
  WatchIncidentsRequest bad;
  bad.set_cursor("yesterday");
  auto bad_reader = pages_->WatchIncidents(&bad_context, bad);
  IncidentChange none;
  EXPECT_FALSE(bad_reader->Read(&none));
  EXPECT_EQ(bad_reader->Finish().error_code(), StatusCode::INVALID_ARGUMENT);
}

// The default server: pages added at run time must be on public addresses.
class SsrfGuardTest : public ServerTest {
 protected:
  AddressPolicy PageAddresses() override { return AddressPolicy(); }
};

TEST_F(SsrfGuardTest, AddStatusPageRefusesNonPublicAddresses) {
  for (const char* url : {"http://127.0.0.1:8080", "http://localhost:3000", "http://169.254.169.254/latest",
                          "https://10.1.2.3", "http://192.168.0.1", "http://100.100.100.200", "http://0.0.0.0:8080"}) {
    grpc::Status s = AddPage("Internal", url);
    EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT) << url;
    EXPECT_TRUE(absl::StrContains(s.error_message(), "url: ")) << s.error_message();
    EXPECT_TRUE(absl::StrContains(s.error_message(), "not a public address")) << s.error_message();
  }
  // IPv6 literal hosts are not accepted as page URLs at all.
  for (const char* url : {"http://[::1]:8080", "http://[fd00:ec2::254]", "http://[::ffff:10.0.0.1]"}) {
    EXPECT_EQ(AddPage("Internal", url).error_code(), StatusCode::INVALID_ARGUMENT) << url;
  }
  // "localhost" is refused for what it resolves to, and the message says so.
  EXPECT_TRUE(absl::StrContains(AddPage("Internal", "http://localhost:3000").error_message(), "resolves to"));
  // Nothing refused was stored.
  ListStatusPagesResponse pages;
  ASSERT_TRUE(pages_->ListStatusPages(Context().get(), ListStatusPagesRequest(), &pages).ok());
  EXPECT_EQ(pages.status_pages_size(), 0);
  // A public address literal is accepted.
  EXPECT_TRUE(AddPage("Public", "https://140.82.112.3").ok());
}

// A server whose public API allows 2 requests per second in bursts of 3.
class RateLimitTest : public ServerTest {
 protected:
  void Configure(ServerOptions& options) override {
    options.api.rate_limit.requests_per_second = 2;
    options.api.rate_limit.burst = 3;
  }
  // With an x-forwarded-for, as the gateway calls (its token included).
  grpc::Status Count(const std::string& forwarded_for = "", grpc::ClientContext* context = nullptr) {
    auto own = Context();
    if (context == nullptr) context = own.get();
    if (!forwarded_for.empty()) {
      context->AddMetadata("x-forwarded-for", forwarded_for);
      context->AddMetadata("statusphere-gateway-token", kGatewayToken);
    }
    CountStatusPagesResponse response;
    return pages_->CountStatusPages(context, CountStatusPagesRequest(), &response);
  }
};

TEST_F(RateLimitTest, RefusesPastTheBurstWithWhenToRetry) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Count().ok()) << i;
  grpc::ClientContext context;
  grpc::Status refused = Count("", &context);
  EXPECT_EQ(refused.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "rate limit exceeded for 127.0.0.1"))
      << refused.error_message();
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "at most 2 requests per second")) << refused.error_message();
  auto retry = context.GetServerTrailingMetadata().find("retry-after");
  ASSERT_NE(retry, context.GetServerTrailingMetadata().end());
  EXPECT_EQ(std::string(retry->second.data(), retry->second.size()), "1");
  // Tokens come back at the sustained rate.
  absl::SleepFor(absl::Milliseconds(600));
  EXPECT_TRUE(Count().ok());
}

TEST_F(RateLimitTest, TrustedProxyForwardsTheClientAndOtherApisAreNotLimited) {
  // Calls carrying the gateway token are the gateway's: x-forwarded-for names the client,
  // its last entry (the one the gateway appended) counts.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Count("203.0.113.7").ok());
  EXPECT_EQ(Count("203.0.113.7").error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(Count("203.0.113.8").ok());
  EXPECT_TRUE(absl::StrContains(Count("1.1.1.1, 203.0.113.7").error_message(), "203.0.113.7"));
  // Of several headers the last one is the proxy's own.
  grpc::ClientContext spoofed;
  spoofed.AddMetadata("x-forwarded-for", "198.51.100.1");
  EXPECT_TRUE(absl::StrContains(Count("203.0.113.7", &spoofed).error_message(), "203.0.113.7"));
  // Scrapers and admins are not throttled by the public API's limit.
  for (int i = 0; i < 10; ++i) {
    LeaseStatusPagesResponse leases;
    LeaseStatusPagesRequest request;
    request.set_scraper_id("s");
    request.set_max_pages(1);
    ASSERT_TRUE(scrape_->LeaseStatusPages(ScraperContext().get(), request, &leases).ok()) << i;
  }
}

}  // namespace
}  // namespace statusphere
