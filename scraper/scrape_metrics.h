// The scraper's metrics: scrapes by outcome, provider and kind; document fetches by result
// with their bytes and latency; the lease and report RPCs' latency as the scraper sees it.
#ifndef STATUSPHERE_SCRAPER_SCRAPE_METRICS_H_
#define STATUSPHERE_SCRAPER_SCRAPE_METRICS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/http/client.h"
#include "grpcpp/support/status.h"
#include "statusphere/v1/scrape_service.pb.h"

namespace statusphere::scraper {

// One round of concurrent document fetches (`seconds` for all of them together).
void RecordFetches(const std::vector<http::Response>& results, double seconds);

// The outcome word of a scrape report: "success", "not_modified" or "failure".
absl::string_view Outcome(const statusphere::v1::ReportScrapeResultRequest& report);

// One page scraped and reported; `rejected` when the server refused the report.
void RecordScrape(const statusphere::v1::Lease& lease, const statusphere::v1::ReportScrapeResultRequest& report,
                  bool rejected, double seconds);

// One ScrapeService call: "LeaseStatusPages", "ReportScrapeResult", "ReleaseLease".
void RecordRpc(absl::string_view rpc, const grpc::Status& status, double seconds);

// What fetched documents' statuses are counted as: "200", "304", "2xx", "3xx", "4xx",
// "429", "5xx", or "error" (no response: refused, timed out, too large, ...).
std::string FetchResultLabel(const http::Response& response);

}  // namespace statusphere::scraper

#endif  // STATUSPHERE_SCRAPER_SCRAPE_METRICS_H_
