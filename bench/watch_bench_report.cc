// The report side of bench/watch_bench.sh: adds a page (seed), or scrapes it once with one
// new incident (report) and prints the wall time just before the report was sent, in
// Unix nanoseconds, for the watch clients' arrival times to be measured from.
//
//   watch_bench_report --server=127.0.0.1:PORT --token_file=F --page=URL seed|report
#include <fstream>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/grpcpp.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "server address");
ABSL_FLAG(std::string, token_file, "", "admin token file (seed)");
ABSL_FLAG(std::string, scraper_token_file, "", "scraper token file (the server's <data_dir>/scraper_token)");
ABSL_FLAG(std::string, page, "https://status.watchbench.example", "the page");

using namespace statusphere::v1;  // NOLINT

int main(int argc, char** argv) {
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string mode = args.size() > 1 ? args[1] : "";
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_server), grpc::InsecureChannelCredentials());
  if (mode == "seed") {
    std::ifstream in(absl::GetFlag(FLAGS_token_file));
    std::string token;
    in >> token;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    AddStatusPageRequest add;
    add.set_name(absl::GetFlag(FLAGS_page));
    add.set_url(absl::GetFlag(FLAGS_page));
    AddStatusPageResponse added;
    grpc::Status s = AdminService::NewStub(channel)->AddStatusPage(&context, add, &added);
    if (!s.ok()) std::cerr << "seed: " << s.error_message() << "\n";
    return s.ok() ? 0 : 1;
  }
  if (mode != "report") {
    std::cerr << "usage: watch_bench_report seed|report\n";
    return 2;
  }
  auto scrape = ScrapeService::NewStub(channel);
  std::ifstream scraper_token_in(absl::GetFlag(FLAGS_scraper_token_file));
  std::string scraper_token;
  scraper_token_in >> scraper_token;
  grpc::ClientContext lease_context;
  lease_context.AddMetadata("authorization", "Bearer " + scraper_token);
  LeaseStatusPagesRequest lease_request;
  lease_request.set_scraper_id("watch-bench");
  lease_request.set_max_pages(10);
  LeaseStatusPagesResponse leases;
  grpc::Status leased = scrape->LeaseStatusPages(&lease_context, lease_request, &leases);
  std::string lease_id;
  for (const Lease& lease : leases.leases()) {
    if (lease.status_page().url() == absl::GetFlag(FLAGS_page)) lease_id = lease.lease_id();
  }
  if (!leased.ok() || lease_id.empty()) {
    std::cerr << "report: no lease for " << absl::GetFlag(FLAGS_page) << " " << leased.error_message() << "\n";
    return 1;
  }
  ReportScrapeResultRequest report;
  report.set_lease_id(lease_id);
  report.set_provider("atlassian-statuspage");
  const absl::Time now = absl::Now();
  Incident* incident = report.mutable_success()->add_incidents();
  incident->set_id(absl::StrCat("bench-", absl::ToUnixNanos(now)));
  incident->set_title("Elevated error rates on the API");
  incident->set_impact("major");
  incident->set_deep_link(absl::StrCat(absl::GetFlag(FLAGS_page), "/incidents/1"));
  *incident->mutable_start_time() = statusphere::ToProto(now);
  IncidentEvent* event = incident->add_events();
  event->set_id("1");
  event->set_title("Investigating");
  event->set_description("We are investigating reports of elevated error rates.");
  *event->mutable_time() = statusphere::ToProto(now);
  grpc::ClientContext report_context;
  report_context.AddMetadata("authorization", "Bearer " + scraper_token);
  ReportScrapeResultResponse reported;
  const int64_t sent = absl::ToUnixNanos(absl::Now());
  grpc::Status s = scrape->ReportScrapeResult(&report_context, report, &reported);
  if (!s.ok()) {
    std::cerr << "report: " << s.error_message() << "\n";
    return 1;
  }
  std::cout << sent << "\n";
  return 0;
}
