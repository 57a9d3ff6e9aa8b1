// The scraper's work loop: lease due pages from the server, scrape each, report, repeat.
// Holds no state of its own: a killed scraper loses nothing, because its leases expire
// and another scraper takes the pages over.
#ifndef STATUSPHERE_SCRAPER_WORKER_H_
#define STATUSPHERE_SCRAPER_WORKER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "scraper/fetcher.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"

namespace statusphere::scraper {

// Scrapes one leased page and returns the report to send (lease_id filled in by the caller).
using ScrapeFn = std::function<statusphere::v1::ReportScrapeResultRequest(const statusphere::v1::Lease&, Fetcher&)>;

struct WorkerOptions {
  std::string scraper_id;
  // The scraper token the server checks on every call.
  std::string token;
  // Pages leased per request; each is scraped in turn by this worker.
  int batch_size = 4;
  absl::Duration lease_duration = absl::Minutes(2);
  // How long to wait when no page is due (or the server is unreachable).
  absl::Duration idle_wait = absl::Seconds(2);
  absl::Duration rpc_timeout = absl::Seconds(30);
  FetcherOptions fetcher;
};

struct WorkerStats {
  std::atomic<long> pages_scraped{0};
  // Of pages_scraped, by the report's outcome (a rejected report counts under its outcome too).
  std::atomic<long> successes{0};
  std::atomic<long> not_modified{0};
  std::atomic<long> failures{0};
  std::atomic<long> reports_rejected{0};
  std::atomic<long> server_errors{0};
};

// Runs until `stop` becomes true. Meant to be run by several threads at once.
void RunWorker(statusphere::v1::ScrapeService::StubInterface& stub, const WorkerOptions& options,
               const ScrapeFn& scrape, const std::atomic<bool>& stop, WorkerStats& stats);

}  // namespace statusphere::scraper

#endif  // STATUSPHERE_SCRAPER_WORKER_H_
