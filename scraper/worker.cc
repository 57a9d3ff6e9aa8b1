#include "scraper/worker.h"

#include <chrono>

#include "absl/time/clock.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "common/proto_time.h"
#include "scraper/scrape_metrics.h"

namespace statusphere::scraper {
namespace {

using statusphere::v1::Lease;

// Every ScrapeService call: a deadline, and the scraper token.
std::unique_ptr<grpc::ClientContext> Context(const WorkerOptions& options) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(options.rpc_timeout));
  context->AddMetadata("authorization", "Bearer " + options.token);
  return context;
}

// Sleeps in small steps so that a stop request is honoured quickly.
void Wait(absl::Duration d, const std::atomic<bool>& stop) {
  const absl::Time until = absl::Now() + d;
  while (!stop && absl::Now() < until) absl::SleepFor(std::min(absl::Milliseconds(50), until - absl::Now()));
}

void Release(v1::ScrapeService::StubInterface& stub, const Lease& lease, const WorkerOptions& options) {
  v1::ReleaseLeaseRequest request;
  request.set_lease_id(lease.lease_id());
  v1::ReleaseLeaseResponse response;
  const metrics::Stopwatch rpc;
  const grpc::Status status =
      stub.ReleaseLease(Context(options).get(), request, &response);  // best effort: it expires anyway
  RecordRpc("ReleaseLease", status, rpc.Seconds());
}

// Sends a report, retrying while the server (or its database) is unreachable and the lease
// still holds: a server restart in the middle of a scrape costs a delay, not the result.
// Reports are idempotent, so a retry after a lost reply is harmless.
grpc::Status DeliverReport(v1::ScrapeService::StubInterface& stub, const v1::ReportScrapeResultRequest& report,
                           absl::Time lease_deadline, const WorkerOptions& options, const std::atomic<bool>& stop,
                           v1::ReportScrapeResultResponse& response) {
  absl::Duration backoff = absl::Milliseconds(200);
  while (true) {
    const metrics::Stopwatch rpc;
    grpc::Status status = stub.ReportScrapeResult(Context(options).get(), report, &response);
    RecordRpc("ReportScrapeResult", status, rpc.Seconds());
    const bool transient = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                           status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
                           status.error_code() == grpc::StatusCode::ABORTED;
    if (!transient || stop || absl::Now() + backoff >= lease_deadline) return status;
    log::Warn("scraper.report_retry", {{"error", status.error_message()}});
    Wait(backoff, stop);
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
}

}  // namespace

void RunWorker(v1::ScrapeService::StubInterface& stub, const WorkerOptions& options, const ScrapeFn& scrape,
               const std::atomic<bool>& stop, WorkerStats& stats) {
  Fetcher fetcher(options.fetcher);
  while (!stop) {
    v1::LeaseStatusPagesRequest lease_request;
    lease_request.set_scraper_id(options.scraper_id);
    lease_request.set_max_pages(options.batch_size);
    *lease_request.mutable_lease_duration() = ToProtoDuration(options.lease_duration);
    v1::LeaseStatusPagesResponse leases;
    const metrics::Stopwatch rpc;
    grpc::Status status = stub.LeaseStatusPages(Context(options).get(), lease_request, &leases);
    RecordRpc("LeaseStatusPages", status, rpc.Seconds());
    if (!status.ok()) {
      ++stats.server_errors;
      log::Warn("scraper.lease_failed",
                {{"error", status.error_message()}, {"code", static_cast<int>(status.error_code())}});
      Wait(options.idle_wait, stop);
      continue;
    }
    if (leases.leases_size() == 0) {
      Wait(options.idle_wait, stop);
      continue;
    }
    for (int i = 0; i < leases.leases_size(); ++i) {
      const Lease& lease = leases.leases(i);
      if (stop) {
        Release(stub, lease, options);
        continue;
      }
      // A page whose lease is about to run out is given back rather than scraped late.
      if (FromProto(lease.deadline()) - absl::Now() < options.fetcher.total_timeout) {
        Release(stub, lease, options);
        continue;
      }
      const metrics::Stopwatch scraping;
      v1::ReportScrapeResultRequest report = scrape(lease, fetcher);
      const double scrape_seconds = scraping.Seconds();
      // Stopping cuts fetches short: such a failure says nothing about the page, so the
      // lease goes back for another scraper instead of being reported.
      if (stop && report.has_failure()) {
        Release(stub, lease, options);
        continue;
      }
      report.set_lease_id(lease.lease_id());
      v1::ReportScrapeResultResponse response;
      grpc::Status reported = DeliverReport(stub, report, FromProto(lease.deadline()), options, stop, response);
      ++stats.pages_scraped;
      RecordScrape(lease, report, !reported.ok(), scrape_seconds);
      ++(report.has_success() ? stats.successes : report.has_not_modified() ? stats.not_modified : stats.failures);
      if (!reported.ok()) {
        ++stats.reports_rejected;
        log::Warn("scraper.report_rejected",
                  {{"page", lease.status_page().url()}, {"error", reported.error_message()}});
        continue;
      }
      // One line per page is hundreds a minute: debug; the scraper logs a summary per minute.
      log::Debug("scraper.page_scraped",
                 {{"page", lease.status_page().url()},
                  {"kind", lease.kind() == v1::SCRAPE_KIND_HISTORICAL ? "historical" : "current"},
                  {"outcome", Outcome(report)},
                  {"provider", report.provider()},
                  {"created", response.incidents_created()},
                  {"updated", response.incidents_updated()}});
    }
  }
}

}  // namespace statusphere::scraper
