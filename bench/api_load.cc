// gRPC side of the API benchmark: seeds a server with one page holding `incidents`
// incidents (through the real Admin and Scrape services), or drives load against
// GetCurrentStatus / ListIncidents(limit=50) and prints requests/s with p50/p99 latency.
//
//   api_load --server=127.0.0.1:PORT --token_file=F seed
//   api_load --server=127.0.0.1:PORT load current|incidents
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/create_channel.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "server address");
ABSL_FLAG(std::string, token_file, "", "admin token file (seed)");
ABSL_FLAG(std::string, page, "https://status.bench.example", "the seeded page");
ABSL_FLAG(int, incidents, 500, "incidents to seed");
ABSL_FLAG(int, connections, 32, "concurrent clients (load)");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10), "load duration");

using namespace statusphere::v1;  // NOLINT

namespace {

int Seed() {
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_server), grpc::InsecureChannelCredentials());
  std::ifstream in(absl::GetFlag(FLAGS_token_file));
  std::string token;
  in >> token;
  grpc::ClientContext add_context;
  add_context.AddMetadata("authorization", "Bearer " + token);
  AddStatusPageRequest add;
  add.set_name("Bench");
  add.set_url(absl::GetFlag(FLAGS_page));
  AddStatusPageResponse added;
  if (auto s = AdminService::NewStub(channel)->AddStatusPage(&add_context, add, &added); !s.ok()) {
    std::cerr << "seed: " << s.error_message() << "\n";
    return 1;
  }
  auto scrape = ScrapeService::NewStub(channel);
  grpc::ClientContext lease_context;
  LeaseStatusPagesRequest lease_request;
  lease_request.set_max_pages(10);
  LeaseStatusPagesResponse leases;
  if (auto s = scrape->LeaseStatusPages(&lease_context, lease_request, &leases); !s.ok() || leases.leases_size() == 0) {
    std::cerr << "seed: no lease\n";
    return 1;
  }
  ReportScrapeResultRequest report;
  report.set_lease_id(leases.leases(0).lease_id());
  const absl::Time now = absl::Now();
  const char* impacts[] = {"critical", "major", "minor", "none"};
  for (int n = 0; n < absl::GetFlag(FLAGS_incidents); ++n) {
    Incident* i = report.mutable_success()->add_incidents();
    i->set_id(absl::StrCat("inc", n));
    i->set_title(absl::StrCat("Elevated error rates on service ", n % 17));
    i->set_impact(impacts[n % 4]);
    i->set_deep_link(absl::StrCat(absl::GetFlag(FLAGS_page), "/incidents/inc", n));
    const absl::Time start = now - absl::Hours(6 * (n + 1));
    *i->mutable_start_time() = statusphere::ToProto(start);
    if (n > 0) *i->mutable_end_time() = statusphere::ToProto(start + absl::Hours(2));
    for (int u = 0; u < 4; ++u) {
      IncidentEvent* e = i->add_events();
      e->set_id(absl::StrCat("inc", n, "-", u));
      e->set_title(u == 3 ? "Resolved" : "Update");
      e->set_description("We are investigating reports of elevated error rates and will share more soon.");
      *e->mutable_time() = statusphere::ToProto(start + absl::Minutes(30 * u));
    }
  }
  grpc::ClientContext report_context;
  ReportScrapeResultResponse reported;
  if (auto s = scrape->ReportScrapeResult(&report_context, report, &reported); !s.ok()) {
    std::cerr << "seed: " << s.error_message() << "\n";
    return 1;
  }
  std::cout << "seeded " << reported.incidents_created() << " incidents\n";
  return 0;
}

int Load(const std::string& what) {
  const int connections = absl::GetFlag(FLAGS_connections);
  const absl::Time until = absl::Now() + absl::GetFlag(FLAGS_duration);
  std::vector<std::vector<double>> latencies(connections);
  std::atomic<long> errors{0};
  std::vector<std::thread> threads;
  const absl::Time start = absl::Now();
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      // One channel per client, as separate processes would have.
      grpc::ChannelArguments args;
      args.SetInt("grpc.channel_id", c);
      auto stub = StatusPageService::NewStub(
          grpc::CreateCustomChannel(absl::GetFlag(FLAGS_server), grpc::InsecureChannelCredentials(), args));
      while (absl::Now() < until) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        const absl::Time t0 = absl::Now();
        grpc::Status s;
        if (what == "current") {
          GetCurrentStatusRequest request;
          request.set_status_page_url(absl::GetFlag(FLAGS_page));
          GetCurrentStatusResponse response;
          s = stub->GetCurrentStatus(&context, request, &response);
        } else {
          ListIncidentsRequest request;
          request.set_status_page_url(absl::GetFlag(FLAGS_page));
          request.set_limit("50");
          ListIncidentsResponse response;
          s = stub->ListIncidents(&context, request, &response);
        }
        if (!s.ok()) ++errors;
        latencies[c].push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  if (all.empty()) return 1;
  std::cout << absl::StrFormat("%.0f %.2f %.2f %d\n", all.size() / seconds, all[all.size() / 2],
                               all[std::min(all.size() - 1, all.size() * 99 / 100)], static_cast<int>(errors));
  return errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string command = args.size() > 1 ? args[1] : "";
  if (command == "seed") return Seed();
  if (command == "load" && args.size() > 2) return Load(args[2]);
  std::cerr << "usage: api_load seed | load current|incidents\n";
  return 2;
}
