// gRPC side of the API benchmark: seeds a server with one page holding `incidents`
// incidents (through the real Admin and Scrape services), or drives load against
// GetCurrentStatus / ListIncidents(limit=50) and prints requests/s with p50/p99 latency
// (and the count of failed calls).
//
//   api_load --server=127.0.0.1:PORT --token_file=F seed
//   api_load --server=127.0.0.1:PORT load current|incidents
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/proto_buffer_writer.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "server address");
ABSL_FLAG(std::string, token_file, "", "admin token file (seed)");
ABSL_FLAG(std::string, scraper_token_file, "", "scraper token file (the server's <data_dir>/scraper_token)");
ABSL_FLAG(std::string, page, "https://status.bench.example", "the seeded page");
ABSL_FLAG(int, incidents, 500, "incidents to seed");
ABSL_FLAG(int, connections, 32, "concurrent clients (load): channels with one call in flight each");
ABSL_FLAG(int, threads, 2, "threads driving the connections (load), as wrk -t2 does");
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
  std::ifstream scraper_token_in(absl::GetFlag(FLAGS_scraper_token_file));
  std::string scraper_token;
  scraper_token_in >> scraper_token;
  grpc::ClientContext lease_context;
  lease_context.AddMetadata("authorization", "Bearer " + scraper_token);
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
  report_context.AddMetadata("authorization", "Bearer " + scraper_token);
  ReportScrapeResultResponse reported;
  if (auto s = scrape->ReportScrapeResult(&report_context, report, &reported); !s.ok()) {
    std::cerr << "seed: " << s.error_message() << "\n";
    return 1;
  }
  std::cout << "seeded " << reported.incidents_created() << " incidents\n";
  return 0;
}

// One call in flight on one channel: what a wrk connection is on HTTP.
struct Call {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Time started;
};

// Like wrk, which reads HTTP bodies without parsing the JSON, the load reads the answers'
// bytes without decoding them (decoding 50 incidents took more CPU in this process than the
// server spent answering, on the same two cores); the first answer is decoded and checked.
int Load(const std::string& what) {
  const int connections = absl::GetFlag(FLAGS_connections);
  const int threads = std::max(1, std::min(absl::GetFlag(FLAGS_threads), connections));
  const std::string server = absl::GetFlag(FLAGS_server);
  std::string method;
  grpc::ByteBuffer request;
  bool own = false;
  if (what == "current") {
    method = "/statusphere.v1.StatusPageService/GetCurrentStatus";
    GetCurrentStatusRequest r;
    r.set_status_page_url(absl::GetFlag(FLAGS_page));
    grpc::SerializationTraits<GetCurrentStatusRequest>::Serialize(r, &request, &own);
    GetCurrentStatusResponse check;
    grpc::ClientContext context;
    if (auto s = StatusPageService::NewStub(grpc::CreateChannel(server, grpc::InsecureChannelCredentials()))
                     ->GetCurrentStatus(&context, r, &check);
        !s.ok() || check.unresolved_incidents_size() == 0) {
      std::cerr << "load: GetCurrentStatus answered " << s.error_message() << " with "
                << check.unresolved_incidents_size() << " unresolved incidents\n";
      return 1;
    }
  } else {
    method = "/statusphere.v1.StatusPageService/ListIncidents";
    ListIncidentsRequest r;
    r.set_status_page_url(absl::GetFlag(FLAGS_page));
    r.set_limit("50");
    grpc::SerializationTraits<ListIncidentsRequest>::Serialize(r, &request, &own);
    ListIncidentsResponse check;
    grpc::ClientContext context;
    if (auto s = StatusPageService::NewStub(grpc::CreateChannel(server, grpc::InsecureChannelCredentials()))
                     ->ListIncidents(&context, r, &check);
        !s.ok() || check.incidents_size() != 50) {
      std::cerr << "load: ListIncidents answered " << s.error_message() << " with " << check.incidents_size()
                << " incidents, not 50\n";
      return 1;
    }
  }

  const absl::Time until = absl::Now() + absl::GetFlag(FLAGS_duration);
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<long> errors{0};
  std::vector<std::thread> workers;
  const absl::Time start = absl::Now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      grpc::CompletionQueue cq;
      std::vector<Call> calls;
      for (int c = t; c < connections; c += threads) {
        // One channel per connection, as separate clients would have.
        grpc::ChannelArguments args;
        args.SetInt("grpc.channel_id", c);
        calls.push_back(Call{grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), args)});
      }
      std::vector<grpc::GenericStub> stubs;
      for (auto& call : calls) stubs.emplace_back(call.channel);
      auto begin = [&](size_t n) {
        Call& call = calls[n];
        call.context = std::make_unique<grpc::ClientContext>();
        call.context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        call.response.Clear();
        call.started = absl::Now();
        call.reader = stubs[n].PrepareUnaryCall(call.context.get(), method, request, &cq);
        call.reader->StartCall();
        call.reader->Finish(&call.response, &call.status, reinterpret_cast<void*>(n));
      };
      for (size_t n = 0; n < calls.size(); ++n) begin(n);
      size_t in_flight = calls.size();
      void* tag;
      bool ok;
      while (in_flight > 0 && cq.Next(&tag, &ok)) {
        const size_t n = reinterpret_cast<size_t>(tag);
        Call& call = calls[n];
        const absl::Time now = absl::Now();
        if (!ok || !call.status.ok() || call.response.Length() == 0) ++errors;
        latencies[t].push_back(absl::ToDoubleMilliseconds(now - call.started));
        if (now < until) {
          begin(n);
        } else {
          --in_flight;
        }
      }
      cq.Shutdown();
      while (cq.Next(&tag, &ok)) {
      }
    });
  }
  for (auto& w : workers) w.join();
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
