#include "tests/gateway/seed.h"

#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "tests/support/server_process.h"

namespace statusphere::testing {
namespace {

using namespace statusphere::v1;  // NOLINT: reads as the API does

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

// ScrapeService's calls: the scraper token the test servers have.
std::unique_ptr<grpc::ClientContext> ScraperContext() {
  auto context = Context();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", kTestScraperToken));
  return context;
}

absl::Status Check(const grpc::Status& status, const std::string& what) {
  if (status.ok()) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", status.error_code(), " ", status.error_message()));
}

}  // namespace

Seeder::Seeder(const std::string& server_address, const std::string& admin_token) : admin_token_(admin_token) {
  auto channel = grpc::CreateChannel(server_address, grpc::InsecureChannelCredentials());
  admin_ = AdminService::NewStub(channel);
  scrape_ = ScrapeService::NewStub(channel);
}

absl::Status Seeder::AddPage(const std::string& name, const std::string& url) {
  AddStatusPageRequest request;
  request.set_name(name);
  request.set_url(url);
  AddStatusPageResponse response;
  auto context = Context();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", admin_token_));
  return Check(admin_->AddStatusPage(context.get(), request, &response), "AddStatusPage " + url);
}

absl::Status Seeder::ReportIncidents(const std::string& url, const std::vector<IncidentSpec>& incidents,
                                     const std::vector<v1::Component>& components) {
  LeaseStatusPagesRequest lease_request;
  lease_request.set_scraper_id("gateway-e2e-test");
  lease_request.set_max_pages(100);
  LeaseStatusPagesResponse leases;
  if (absl::Status s =
          Check(scrape_->LeaseStatusPages(ScraperContext().get(), lease_request, &leases), "LeaseStatusPages");
      !s.ok()) {
    return s;
  }
  std::string lease_id;
  for (const Lease& lease : leases.leases()) {
    if (lease.status_page().url() == url) {
      lease_id = lease.lease_id();
      continue;
    }
    ReleaseLeaseRequest release;
    release.set_lease_id(lease.lease_id());
    ReleaseLeaseResponse released;
    if (absl::Status s = Check(scrape_->ReleaseLease(ScraperContext().get(), release, &released), "ReleaseLease");
        !s.ok()) {
      return s;
    }
  }
  if (lease_id.empty()) return absl::FailedPreconditionError(absl::StrCat("no lease for ", url));

  ReportScrapeResultRequest report;
  report.set_lease_id(lease_id);
  report.set_provider("atlassian-statuspage");
  for (const IncidentSpec& spec : incidents) *report.mutable_success()->add_incidents() = MakeIncident(url, spec);
  for (const v1::Component& component : components) *report.mutable_success()->add_components() = component;
  ReportScrapeResultResponse response;
  return Check(scrape_->ReportScrapeResult(ScraperContext().get(), report, &response), "ReportScrapeResult " + url);
}

Incident Seeder::MakeIncident(const std::string& page_url, const IncidentSpec& spec) {
  Incident incident;
  incident.set_id(spec.id);
  incident.set_title(absl::StrCat("Incident ", spec.id));
  incident.set_impact(spec.impact);
  if (spec.with_description) incident.set_description(absl::StrCat("About incident ", spec.id));
  incident.set_deep_link(absl::StrCat(page_url, "/incidents/", spec.id));
  incident.set_status_page_url(page_url);
  *incident.mutable_start_time() = ToProto(spec.start);
  if (spec.end != absl::InfinitePast()) *incident.mutable_end_time() = ToProto(spec.end);
  for (const std::string& c : spec.components) incident.add_components(c);
  for (size_t i = 0; i < spec.events.size(); ++i) {
    IncidentEvent* event = incident.add_events();
    event->set_id(absl::StrCat(spec.id, "-", i));
    event->set_title(spec.events[i].title);
    event->set_description(spec.events[i].description);
    event->set_status(absl::AsciiStrToLower(spec.events[i].title));
    *event->mutable_time() = ToProto(spec.events[i].time);
  }
  if (spec.impact == "maintenance") {
    *incident.mutable_scheduled_start_time() = ToProto(spec.start);
    if (spec.end != absl::InfinitePast()) *incident.mutable_scheduled_end_time() = ToProto(spec.end);
  }
  return incident;
}

}  // namespace statusphere::testing
