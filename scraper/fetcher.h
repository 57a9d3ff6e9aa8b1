// Fetches status-page documents: the scraper's side of the common HTTP client. It adds what
// only scraping needs (the Accept header, conditional requests, the workers' shared per-host
// limit, the stop flag) and says why a fetch failed in the scrape report's words
// (ScrapeFailure::Reason). One Fetcher per thread; it keeps its connections alive.
#ifndef STATUSPHERE_SCRAPER_FETCHER_H_
#define STATUSPHERE_SCRAPER_FETCHER_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/address_policy.h"
#include "common/http/client.h"
#include "scraper/host_limiter.h"
#include "statusphere/v1/scrape_service.pb.h"

namespace statusphere::scraper {

// The client's timeouts, caps and SSRF guard (common/http/client.h), with the scraper's
// User-Agent, plus what only the scraper has.
struct FetcherOptions : http::ClientOptions {
  FetcherOptions();
  // Shared by the workers of one scraper: how many of them may fetch from a host at once
  // (null: no limit beyond max_per_host within this fetcher).
  std::shared_ptr<HostLimiter> host_limiter;
  // When set and it turns true (the scraper is stopping), transfers in flight are given up
  // within a quarter of a second, as failures saying so, instead of running to their
  // timeouts: a stop must not wait for a slow status page or a hanging DNS lookup.
  const std::atomic<bool>* cancel = nullptr;
};

struct FetchRequest {
  std::string url;
  // Validators from the last successful fetch, for a conditional request.
  std::string etag;
  std::string last_modified;
  // A Server-Sent Events stream: read until this event has arrived, then closed
  // (http::Request::end_after_event).
  std::string end_after_event;
};

// A fetched document as the client returns it: status, validators, body, or why it failed.
using FetchResult = http::Response;

// Why a fetch failed, in the scrape report's words: REASON_UNSPECIFIED on success
// (including 304 and HTTP error statuses, which the caller judges).
statusphere::v1::ScrapeFailure::Reason FailureReason(const FetchResult& result);

// A successful conditional request: the document is as it was.
inline bool NotModified(const FetchResult& result) { return result.ok() && result.http_status == 304; }

class Fetcher {
 public:
  explicit Fetcher(FetcherOptions options = {});
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Fetches all requests concurrently; results are in request order.
  std::vector<FetchResult> FetchAll(const std::vector<FetchRequest>& requests);
  FetchResult Fetch(const FetchRequest& request);

 private:
  std::shared_ptr<HostLimiter> host_limiter_;
  const std::atomic<bool>* cancel_;
  http::Client client_;
};

}  // namespace statusphere::scraper

#endif  // STATUSPHERE_SCRAPER_FETCHER_H_
