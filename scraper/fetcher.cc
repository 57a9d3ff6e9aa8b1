#include "scraper/fetcher.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/metrics/metrics.h"
#include "scraper/scrape_metrics.h"

namespace statusphere::scraper {
namespace {

using statusphere::v1::ScrapeFailure;

http::Request DocumentRequest(const FetchRequest& request) {
  http::Request r{http::Method::kGet, request.url, {}, ""};
  r.headers.push_back({"Accept", request.end_after_event.empty()
                                     ? "application/json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
                                     : "text/event-stream"});
  r.end_after_event = request.end_after_event;
  if (!request.etag.empty()) r.headers.push_back({"If-None-Match", request.etag});
  if (!request.last_modified.empty()) r.headers.push_back({"If-Modified-Since", request.last_modified});
  return r;
}

}  // namespace

ScrapeFailure::Reason FailureReason(const FetchResult& result) {
  switch (result.error) {
    case http::ErrorKind::kNone:
      return ScrapeFailure::REASON_UNSPECIFIED;
    case http::ErrorKind::kBlocked:
      return ScrapeFailure::BLOCKED_ADDRESS;
    case http::ErrorKind::kTooLarge:
      return ScrapeFailure::TOO_LARGE;
    case http::ErrorKind::kTimeout:
      return ScrapeFailure::TIMEOUT;
    case http::ErrorKind::kTooManyRedirects:
      return ScrapeFailure::TOO_MANY_REDIRECTS;
    case http::ErrorKind::kBadUrl:
    case http::ErrorKind::kCancelled:
    case http::ErrorKind::kTransport:
      break;
  }
  return ScrapeFailure::FETCH_FAILED;
}

FetcherOptions::FetcherOptions() {
  user_agent = "statusphere-scraper/1.0 (+https://github.com/statusphere/statusphere)";
}

Fetcher::Fetcher(FetcherOptions options)
    : host_limiter_(options.host_limiter), cancel_(options.cancel), client_(std::move(options)) {}

FetchResult Fetcher::Fetch(const FetchRequest& request) { return FetchAll({request}).front(); }

std::vector<FetchResult> Fetcher::FetchAll(const std::vector<FetchRequest>& requests) {
  std::optional<HostLimiter::Slots> slots;
  if (host_limiter_ != nullptr) {
    std::vector<std::string> hosts;
    for (const FetchRequest& r : requests) {
      if (absl::StatusOr<std::string> host = UrlHost(r.url); host.ok()) hosts.push_back(absl::AsciiStrToLower(*host));
    }
    slots.emplace(host_limiter_->Acquire(std::move(hosts)));
  }
  std::vector<http::Request> documents;
  documents.reserve(requests.size());
  for (const FetchRequest& r : requests) documents.push_back(DocumentRequest(r));
  const metrics::Stopwatch fetching;
  std::vector<FetchResult> results = client_.SendAll(documents, cancel_);
  RecordFetches(results, fetching.Seconds());
  // The only cancel there is: the scraper's stop.
  for (FetchResult& r : results) {
    if (r.error == http::ErrorKind::kCancelled)
      r.error_message = absl::StrCat("GET ", r.url, ": given up: the scraper is stopping");
  }
  return results;
}

}  // namespace statusphere::scraper
