// Who may do what on the gRPC server (issue 23, findings 1 and 4), in-process on 127.0.0.1
// over a real SQLite store: ScrapeService wants the scraper token on every call, a report
// names a provider the server knows, leases are bounded by the server, x-forwarded-for is
// believed only from the gateway (its token), and with an internal listener the
// credentialed services are not on the public port at all.
#include <chrono>
#include <memory>
#include <string>

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

namespace statusphere {
namespace {

using grpc::StatusCode;
using namespace statusphere::v1;  // NOLINT: the test reads as the API does

constexpr char kAdminToken[] = "trust-admin-token-0123456789";
constexpr char kScraperToken[] = "trust-scraper-token-0123456789";
constexpr char kGatewayToken[] = "trust-gateway-token-0123456789";
constexpr char kPage[] = "https://status.example.com";

class TrustBoundaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::InProcessServer::Start([&](ServerOptions& options) {
      options.admin_token = kAdminToken;
      options.scrape.token = kScraperToken;
      options.scrape.providers = {"atlassian-statuspage", "rss"};
      options.api.rate_limit.gateway_token = kGatewayToken;
      options.notify = false;
      Configure(options);
    });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    store_ = &server_->store();
    auto channel = server_->Channel();
    auto internal =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->internal_port()), grpc::InsecureChannelCredentials());
    pages_ = StatusPageService::NewStub(channel);
    scrape_ = ScrapeService::NewStub(internal);
    admin_ = AdminService::NewStub(internal);
  }

  virtual void Configure(ServerOptions&) {}

  static std::unique_ptr<grpc::ClientContext> Context(const std::string& authorization = "") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!authorization.empty()) context->AddMetadata("authorization", authorization);
    return context;
  }
  static std::unique_ptr<grpc::ClientContext> Scraper() { return Context(absl::StrCat("Bearer ", kScraperToken)); }

  void AddPage(const std::string& url, const std::string& provider = "atlassian-statuspage") {
    AddStatusPageRequest request;
    request.set_name(url);
    request.set_url(url);
    request.set_provider(provider);
    AddStatusPageResponse response;
    grpc::Status s = admin_->AddStatusPage(Context(absl::StrCat("Bearer ", kAdminToken)).get(), request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  grpc::Status Lease(grpc::ClientContext* context, LeaseStatusPagesResponse* response,
                     absl::Duration duration = absl::ZeroDuration()) {
    LeaseStatusPagesRequest request;
    request.set_scraper_id("trust-test");
    request.set_max_pages(10);
    if (duration > absl::ZeroDuration()) *request.mutable_lease_duration() = ToProtoDuration(duration);
    return scrape_->LeaseStatusPages(context, request, response);
  }

  // A report of one open critical incident, as the attacker forged it.
  static ReportScrapeResultRequest ForgedReport(const std::string& lease_id, const std::string& provider) {
    ReportScrapeResultRequest report;
    report.set_lease_id(lease_id);
    report.set_provider(provider);
    Incident* incident = report.mutable_success()->add_incidents();
    incident->set_id("forged");
    incident->set_title("Total outage");
    incident->set_impact("critical");
    incident->set_deep_link("https://attacker.example/phish");
    *incident->mutable_start_time() = ToProto(absl::Now() - absl::Minutes(5));
    report.mutable_success()->set_lists_every_open_incident(true);
    return report;
  }

  int IncidentCount() {
    ListIncidentsRequest request;
    request.set_status_page_url(kPage);
    ListIncidentsResponse response;
    EXPECT_TRUE(pages_->ListIncidents(Context().get(), request, &response).ok());
    return response.incidents_size();
  }

  StatusPage Page() {
    GetStatusPageRequest request;
    request.set_status_page_url(kPage);
    GetStatusPageResponse response;
    EXPECT_TRUE(pages_->GetStatusPage(Context().get(), request, &response).ok());
    return response.status_page();
  }

  store::Store* store_ = nullptr;
  std::unique_ptr<testing::InProcessServer> server_;
  std::unique_ptr<StatusPageService::Stub> pages_;
  std::unique_ptr<ScrapeService::Stub> scrape_;
  std::unique_ptr<AdminService::Stub> admin_;
};

TEST_F(TrustBoundaryTest, EveryScrapeCallNeedsTheScraperToken) {
  AddPage(kPage);
  // No credential, a wrong token, another role's token, and the right token in the wrong scheme.
  const std::vector<std::string> refused = {"", "Bearer not-the-scraper-token-000",
                                            absl::StrCat("Bearer ", kAdminToken),
                                            absl::StrCat("Basic ", kScraperToken)};
  for (const std::string& authorization : refused) {
    LeaseStatusPagesResponse leases;
    grpc::Status s = Lease(Context(authorization).get(), &leases);
    EXPECT_EQ(s.error_code(), StatusCode::UNAUTHENTICATED) << authorization;
    EXPECT_TRUE(absl::StrContains(s.error_message(), "scraper token")) << s.error_message();
    EXPECT_EQ(leases.leases_size(), 0);
  }
  // Nothing was leased by those: the page is still due.
  LeaseStatusPagesResponse leases;
  ASSERT_TRUE(Lease(Scraper().get(), &leases).ok());
  ASSERT_EQ(leases.leases_size(), 1);
  const std::string lease_id = leases.leases(0).lease_id();
  const absl::Time deadline = FromProto(leases.leases(0).deadline());

  for (const std::string& authorization : refused) {
    RenewLeaseRequest renew;
    renew.set_lease_id(lease_id);
    *renew.mutable_extension() = ToProtoDuration(absl::Minutes(5));
    RenewLeaseResponse renewed;
    EXPECT_EQ(scrape_->RenewLease(Context(authorization).get(), renew, &renewed).error_code(),
              StatusCode::UNAUTHENTICATED);
    ReportScrapeResultResponse reported;
    EXPECT_EQ(scrape_->ReportScrapeResult(Context(authorization).get(), ForgedReport(lease_id, "rss"), &reported)
                  .error_code(),
              StatusCode::UNAUTHENTICATED);
    ReleaseLeaseRequest release;
    release.set_lease_id(lease_id);
    ReleaseLeaseResponse released;
    EXPECT_EQ(scrape_->ReleaseLease(Context(authorization).get(), release, &released).error_code(),
              StatusCode::UNAUTHENTICATED);
  }
  // Nothing stored: no incident, the provider kept, the lease still held (not released, so
  // nobody else gets the page).
  EXPECT_EQ(IncidentCount(), 0);
  EXPECT_EQ(Page().provider(), "atlassian-statuspage");
  LeaseStatusPagesResponse none;
  ASSERT_TRUE(Lease(Scraper().get(), &none).ok());
  EXPECT_EQ(none.leases_size(), 0);

  // The right token works for every call.
  RenewLeaseRequest renew;
  renew.set_lease_id(lease_id);
  *renew.mutable_extension() = ToProtoDuration(absl::Minutes(1));
  RenewLeaseResponse renewed;
  ASSERT_TRUE(scrape_->RenewLease(Scraper().get(), renew, &renewed).ok());
  EXPECT_LT(FromProto(renewed.deadline()), deadline);
  ReportScrapeResultResponse reported;
  ASSERT_TRUE(scrape_->ReportScrapeResult(Scraper().get(), ForgedReport(lease_id, ""), &reported).ok());
  EXPECT_EQ(IncidentCount(), 1);
}

TEST_F(TrustBoundaryTest, AReportNamesOnlyARegisteredProvider) {
  AddPage(kPage);
  LeaseStatusPagesResponse leases;
  ASSERT_TRUE(Lease(Scraper().get(), &leases).ok());
  ASSERT_EQ(leases.leases_size(), 1);
  const std::string lease_id = leases.leases(0).lease_id();
  for (const char* provider : {"no-such-platform", "Atlassian-Statuspage", "rss "}) {
    ReportScrapeResultResponse reported;
    grpc::Status s = scrape_->ReportScrapeResult(Scraper().get(), ForgedReport(lease_id, provider), &reported);
    EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT) << provider;
    EXPECT_TRUE(absl::StrContains(s.error_message(), "is not one of this server's providers")) << s.error_message();
    EXPECT_TRUE(absl::StrContains(s.error_message(), "atlassian-statuspage, rss")) << s.error_message();
  }
  EXPECT_EQ(IncidentCount(), 0);
  EXPECT_EQ(Page().provider(), "atlassian-statuspage");
  // A failure naming one is refused the same; a registered one is remembered.
  ReportScrapeResultRequest failure;
  failure.set_lease_id(lease_id);
  failure.set_provider("evil");
  failure.mutable_failure()->set_message("boom");
  ReportScrapeResultResponse reported;
  EXPECT_EQ(scrape_->ReportScrapeResult(Scraper().get(), failure, &reported).error_code(),
            StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Page().last_error().empty());
  ASSERT_TRUE(scrape_->ReportScrapeResult(Scraper().get(), ForgedReport(lease_id, "rss"), &reported).ok());
  EXPECT_EQ(Page().provider(), "rss");
}

// Leases of at most a minute, kept by renewals for at most 3 s from when they were taken.
class LeaseBoundsTest : public TrustBoundaryTest {
 protected:
  void Configure(ServerOptions& options) override {
    options.scrape.max_lease_duration = absl::Minutes(1);
    options.scrape.max_lease_lifetime = absl::Seconds(3);
  }
};

TEST_F(LeaseBoundsTest, TheServerBoundsLeasesAndRenewals) {
  AddPage(kPage);
  const absl::Time asked = absl::Now();
  LeaseStatusPagesResponse leases;
  ASSERT_TRUE(Lease(Scraper().get(), &leases, absl::Hours(1)).ok());
  ASSERT_EQ(leases.leases_size(), 1);
  const std::string lease_id = leases.leases(0).lease_id();
  // An hour asked, a minute granted.
  EXPECT_LE(FromProto(leases.leases(0).deadline()), absl::Now() + absl::Minutes(1));
  EXPECT_GE(FromProto(leases.leases(0).deadline()), asked + absl::Seconds(59));

  // A renewal asking an hour is cut to the lease's lifetime, 3 s from when it was taken.
  RenewLeaseRequest renew;
  renew.set_lease_id(lease_id);
  *renew.mutable_extension() = ToProtoDuration(absl::Hours(1));
  RenewLeaseResponse renewed;
  ASSERT_TRUE(scrape_->RenewLease(Scraper().get(), renew, &renewed).ok());
  EXPECT_LE(FromProto(renewed.deadline()), asked + absl::Seconds(3) + absl::Milliseconds(500));

  // Past the lifetime, no renewal: FAILED_PRECONDITION saying why, and the page is free again.
  absl::SleepFor(asked + absl::Seconds(3) + absl::Milliseconds(200) - absl::Now());
  grpc::Status late = scrape_->RenewLease(Scraper().get(), renew, &renewed);
  EXPECT_EQ(late.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(late.error_message(), "a lease lasts at most 3s")) << late.error_message();
  LeaseStatusPagesResponse again;
  ASSERT_TRUE(Lease(Scraper().get(), &again).ok());
  EXPECT_EQ(again.leases_size(), 1);
}

// The public API limited to 2 requests per second in bursts of 3.
class ForwardedForTest : public TrustBoundaryTest {
 protected:
  void Configure(ServerOptions& options) override {
    options.api.rate_limit.requests_per_second = 2;
    options.api.rate_limit.burst = 3;
  }

  // The rotation: 40 calls, each claiming another client; how many were limited.
  int LimitedOfRotation(const std::string& gateway_token, const std::string& network) {
    int limited = 0;
    for (int i = 1; i <= 40; ++i) {
      auto context = Context();
      context->AddMetadata("x-forwarded-for", absl::StrCat(network, i));
      if (!gateway_token.empty()) context->AddMetadata("statusphere-gateway-token", gateway_token);
      CountStatusPagesResponse response;
      if (pages_->CountStatusPages(context.get(), {}, &response).error_code() == StatusCode::RESOURCE_EXHAUSTED) {
        ++limited;
      }
    }
    return limited;
  }
};

TEST_F(ForwardedForTest, OnlyTheGatewayPicksTheBucket) {
  // A local process without the gateway token is limited by its own address, whatever it claims.
  EXPECT_GE(LimitedOfRotation("", "198.51.100."), 35);
  absl::SleepFor(absl::Seconds(2));  // its own bucket refills a little; the gateway's calls are not in it
  EXPECT_GE(LimitedOfRotation("not-the-gateway-token-0000", "198.51.101."), 35);
  // The gateway (its token) names each client: 40 clients, none over its limit.
  EXPECT_EQ(LimitedOfRotation(kGatewayToken, "203.0.113."), 0);
}

// ScrapeService, AdminService and SubscriptionService on an internal address of their own.
class InternalListenerTest : public TrustBoundaryTest {
 protected:
  void Configure(ServerOptions& options) override { options.internal_listen_address = "127.0.0.1:0"; }
};

TEST_F(InternalListenerTest, CredentialedServicesAreOnlyOnTheInternalAddress) {
  ASSERT_NE(server_->internal_port(), server_->port());
  auto public_channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials());
  auto public_scrape = ScrapeService::NewStub(public_channel);
  auto public_admin = AdminService::NewStub(public_channel);
  // On the public port they do not exist, right credentials or not.
  LeaseStatusPagesRequest lease;
  lease.set_max_pages(1);
  LeaseStatusPagesResponse leases;
  EXPECT_EQ(public_scrape->LeaseStatusPages(Scraper().get(), lease, &leases).error_code(), StatusCode::UNIMPLEMENTED);
  AddStatusPageRequest add;
  add.set_name("Example");
  add.set_url(kPage);
  AddStatusPageResponse added;
  EXPECT_EQ(public_admin->AddStatusPage(Context(absl::StrCat("Bearer ", kAdminToken)).get(), add, &added).error_code(),
            StatusCode::UNIMPLEMENTED);
  // On the internal one they work (with their tokens), and the public API is not there.
  AddPage(kPage);
  ASSERT_TRUE(Lease(Scraper().get(), &leases).ok());
  EXPECT_EQ(leases.leases_size(), 1);
  EXPECT_EQ(Lease(Context().get(), &leases).error_code(), StatusCode::UNAUTHENTICATED);
  auto internal_pages = StatusPageService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->internal_port()), grpc::InsecureChannelCredentials()));
  CountStatusPagesResponse count;
  EXPECT_EQ(internal_pages->CountStatusPages(Context().get(), {}, &count).error_code(), StatusCode::UNIMPLEMENTED);
  ASSERT_TRUE(pages_->CountStatusPages(Context().get(), {}, &count).ok());
  EXPECT_EQ(count.status_page_count(), 1);
  // Both answer health checks.
  for (int port : {server_->port(), server_->internal_port()}) {
    auto health = grpc::health::v1::Health::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
    grpc::health::v1::HealthCheckResponse status;
    ASSERT_TRUE(health->Check(Context().get(), {}, &status).ok()) << port;
    EXPECT_EQ(status.status(), grpc::health::v1::HealthCheckResponse::SERVING) << port;
  }
}

}  // namespace
}  // namespace statusphere
