// Fetches status-page documents over HTTP(S) with libcurl's multi interface: many
// transfers at once with keep-alive and HTTP/2, bounded in time, size and redirects, with
// conditional requests. Hostile or broken servers produce a typed error, never a crash.
// One Fetcher per thread; it keeps its connections alive between calls.
#ifndef STATUSPHERE_SCRAPER_FETCHER_H_
#define STATUSPHERE_SCRAPER_FETCHER_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/address_policy.h"
#include "scraper/host_limiter.h"
#include "statusphere/v1/scrape_service.pb.h"

namespace statusphere::scraper {

struct FetcherOptions {
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration total_timeout = absl::Seconds(30);
  // Decompressed bytes; a larger response (or a gzip bomb) fails with TOO_LARGE.
  size_t max_body_bytes = 16 << 20;
  int max_redirects = 5;
  // Transfers in flight at once in one Fetch call, and per host.
  int max_concurrency = 16;
  int max_per_host = 6;
  // The SSRF guard: every connection (the first and each redirect's) is checked against
  // it after DNS resolution, so neither a status page's redirect nor a DNS answer that
  // changed since the page was added can reach a private address.
  AddressPolicy addresses;
  // Shared by the workers of one scraper: how many of them may fetch from a host at once
  // (null: no limit beyond max_per_host within this fetcher).
  std::shared_ptr<HostLimiter> host_limiter;
  std::string user_agent = "statusphere-scraper/1.0 (+https://github.com/statusphere/statusphere)";
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
};

struct FetchResult {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  int http_status = 0;    // 0 when no response arrived
  std::string content_type;
  std::string etag;
  std::string last_modified;
  absl::Duration retry_after = absl::ZeroDuration();
  std::string body;
  // REASON_UNSPECIFIED on success (including 304 and HTTP error statuses, which the
  // caller judges); otherwise why the transfer failed, with a message for people.
  statusphere::v1::ScrapeFailure::Reason error = statusphere::v1::ScrapeFailure::REASON_UNSPECIFIED;
  std::string error_message;

  bool ok() const { return error == statusphere::v1::ScrapeFailure::REASON_UNSPECIFIED; }
  bool not_modified() const { return ok() && http_status == 304; }
};

class Fetcher {
 public:
  explicit Fetcher(FetcherOptions options = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Fetches all requests concurrently; results are in request order.
  std::vector<FetchResult> FetchAll(const std::vector<FetchRequest>& requests);
  FetchResult Fetch(const FetchRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses a Retry-After value: delay-seconds or an HTTP date. Zero when absent or invalid.
absl::Duration ParseRetryAfter(const std::string& value, absl::Time now);

}  // namespace statusphere::scraper

#endif  // STATUSPHERE_SCRAPER_FETCHER_H_
