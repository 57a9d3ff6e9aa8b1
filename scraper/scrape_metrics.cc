#include "scraper/scrape_metrics.h"

#include "absl/strings/ascii.h"
#include "common/metrics/metrics.h"

namespace statusphere::scraper {
namespace {

using metrics::DefaultRegistry;

// Sizes from a 304's empty body to the 16 MiB cap.
const std::vector<double> kByteBuckets = {1024, 8192, 65536, 262144, 1048576, 4194304, 16777216};

std::string KindLabel(statusphere::v1::ScrapeKind kind) {
  return kind == statusphere::v1::SCRAPE_KIND_HISTORICAL ? "historical" : "current";
}

}  // namespace

std::string FetchResultLabel(const http::Response& r) {
  if (!r.ok() || r.http_status == 0) return "error";
  if (r.http_status == 200 || r.http_status == 304 || r.http_status == 429) return std::to_string(r.http_status);
  return std::to_string(r.http_status / 100) + "xx";
}

void RecordFetches(const std::vector<http::Response>& results, double seconds) {
  static metrics::Family<metrics::Counter>& fetches = DefaultRegistry().AddCounter(
      "statusphere_fetches_total",
      "Documents fetched from status pages, by result: 200, 304 (unchanged, no parse), 2xx, 3xx, 4xx, 429, 5xx, "
      "error (no response).",
      {"result"});
  static metrics::Counter& bytes =
      DefaultRegistry()
          .AddCounter("statusphere_fetched_bytes_total", "Bytes of fetched document bodies, decompressed.")
          .With({});
  static metrics::Histogram& sizes =
      DefaultRegistry()
          .AddHistogram("statusphere_fetch_response_size_bytes", "Size of each fetched document body, decompressed.",
                        {}, kByteBuckets)
          .With({});
  static metrics::Histogram& latency =
      DefaultRegistry()
          .AddHistogram("statusphere_fetch_duration_seconds",
                        "Time of one round of a page's document fetches (run concurrently), DNS and connect included.",
                        {}, metrics::LatencyBuckets())
          .With({});
  for (const http::Response& r : results) {
    fetches.With({FetchResultLabel(r)}).Increment();
    bytes.Increment(static_cast<double>(r.body.size()));
    if (r.ok()) sizes.Observe(static_cast<double>(r.body.size()));
  }
  if (!results.empty()) latency.Observe(seconds);
}

absl::string_view Outcome(const statusphere::v1::ReportScrapeResultRequest& report) {
  if (report.has_success()) return "success";
  if (report.has_not_modified()) return "not_modified";
  return "failure";
}

void RecordScrape(const statusphere::v1::Lease& lease, const statusphere::v1::ReportScrapeResultRequest& report,
                  bool rejected, double seconds) {
  static metrics::Family<metrics::Counter>& scrapes = DefaultRegistry().AddCounter(
      "statusphere_scrapes_total",
      "Pages scraped and reported, by outcome (success, not_modified, failure, rejected: the server refused the "
      "report), provider (empty: not detected) and kind (current, historical).",
      {"outcome", "provider", "kind"});
  static metrics::Family<metrics::Counter>& failures = DefaultRegistry().AddCounter(
      "statusphere_scrape_failures_total", "Failed scrapes by reason (the report's ScrapeFailure reason).", {"reason"});
  static metrics::Family<metrics::Histogram>& duration = DefaultRegistry().AddHistogram(
      "statusphere_scrape_duration_seconds", "Time to scrape one page: detection, fetches and parse.", {"kind"},
      metrics::LatencyBuckets());
  const std::string provider = report.provider().empty() ? lease.status_page().provider() : report.provider();
  const std::string kind = KindLabel(lease.kind());
  scrapes.With({rejected ? "rejected" : std::string(Outcome(report)), provider, kind}).Increment();
  if (report.has_failure()) {
    failures.With({absl::AsciiStrToLower(statusphere::v1::ScrapeFailure::Reason_Name(report.failure().reason()))})
        .Increment();
  }
  duration.With({kind}).Observe(seconds);
}

void RecordRpc(absl::string_view rpc, const grpc::Status& status, double seconds) {
  static metrics::Family<metrics::Histogram>& latency = DefaultRegistry().AddHistogram(
      "statusphere_scraper_rpc_duration_seconds",
      "ScrapeService calls from this scraper (lease, report, release), by method and outcome (ok, error).",
      {"method", "outcome"}, metrics::LatencyBuckets());
  latency.With({std::string(rpc), status.ok() ? "ok" : "error"}).Observe(seconds);
}

}  // namespace statusphere::scraper
