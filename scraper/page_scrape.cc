#include "scraper/page_scrape.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/utf8.h"
#include "providers/detect.h"
#include "providers/registry.h"

namespace statusphere::scraper {
namespace {

using statusphere::v1::ReportScrapeResultRequest;
using statusphere::v1::ScrapeFailure;

// Follow-up rounds a plan may ask for: a bound, so that no page keeps a worker fetching.
constexpr int kMaxFollowUpRounds = 3;

ReportScrapeResultRequest Failure(ScrapeFailure::Reason reason, const std::string& message, int http_status = 0,
                                  absl::Duration retry_after = absl::ZeroDuration()) {
  ReportScrapeResultRequest report;
  ScrapeFailure* failure = report.mutable_failure();
  failure->set_reason(reason);
  failure->set_message(message);
  failure->set_http_status(http_status);
  if (retry_after > absl::ZeroDuration()) *failure->mutable_retry_after() = ToProtoDuration(retry_after);
  return report;
}

// A fetched document as Parse and detection take it (the one conversion): a transfer that
// failed says why.
providers::Document ToDocument(FetchResult r) {
  const bool ok = r.ok();
  return providers::Document{std::move(r.url), ok ? r.http_status : 0, std::move(r.content_type), std::move(r.body),
                             ok ? "" : std::move(r.error_message)};
}

FetchRequest ToRequest(providers::DocumentToFetch& d) {
  return {std::move(d.url), "", "", std::move(d.end_after_event)};
}

// The page's provider: the one the server remembers, else the one detection finds. A
// failure is the report to send.
std::variant<const providers::Provider*, ReportScrapeResultRequest> ChooseProvider(const statusphere::v1::Lease& lease,
                                                                                   Fetcher& fetcher) {
  const std::string& page_url = lease.status_page().url();
  if (const providers::Provider* known = providers::FindProvider(lease.status_page().provider())) return known;
  absl::StatusOr<const providers::Provider*> detected =
      providers::Detect(page_url, [&](const std::string& url) { return ToDocument(fetcher.Fetch({url})); });
  if (detected.ok()) return *detected;
  // Unreachable is a fetch failure (it may come back); only a page that answered and
  // matched nothing is unsupported, and the schedule retries those far less often.
  const bool unreachable = detected.status().code() == absl::StatusCode::kUnavailable;
  return Failure(unreachable ? ScrapeFailure::FETCH_FAILED : ScrapeFailure::UNSUPPORTED,
                 std::string(detected.status().message()));
}

// What a plan's fetches brought: each result with the role of its document, and whether
// the plan's stand-ins were fetched because a document did not answer.
struct Fetched {
  std::vector<std::string> roles;
  std::vector<FetchResult> results;
  bool fell_back = false;
};

// Fetches the plan's documents, then its follow-up rounds, then its fallbacks if needed.
Fetched FetchPlanDocuments(providers::FetchPlan& plan, const statusphere::v1::Lease& lease, Fetcher& fetcher) {
  Fetched fetched;
  const bool has_follow_ups = static_cast<bool>(plan.follow_ups);
  std::vector<FetchRequest> requests;
  for (providers::DocumentToFetch& d : plan.documents) {
    fetched.roles.push_back(std::move(d.role));
    requests.push_back(ToRequest(d));
  }
  // A 304 saves work only when every document answers it: one changed document means all are
  // parsed, and the unchanged ones fetched again in full. A document without validators
  // (never fetched, or its server sends none, as for a 404) always answers in full, so then
  // conditional requests would only buy that second round of fetches.
  const bool all_have_validators = std::all_of(
      requests.begin(), requests.end(), [&](const FetchRequest& r) { return lease.validators().count(r.url) > 0; });
  if (!has_follow_ups && all_have_validators) {
    for (FetchRequest& request : requests) {
      const statusphere::v1::HttpValidators& v = lease.validators().at(request.url);
      request.etag = v.etag();
      request.last_modified = v.last_modified();
    }
  }
  std::set<std::string> requested;
  for (const FetchRequest& r : requests) requested.insert(r.url);
  fetched.results = fetcher.FetchAll(requests);
  // More rounds for what the documents so far reveal (a page id in the home page, the
  // pages a list's first page counts), until they name nothing new. A round that the next
  // reads is fetched in full: a 304 would hide what it names.
  const int rounds = has_follow_ups ? std::clamp(plan.follow_up_rounds, 1, kMaxFollowUpRounds) : 0;
  for (int round = 0; round < rounds; ++round) {
    providers::Documents so_far;
    for (size_t i = 0; i < fetched.results.size(); ++i) {
      const FetchResult& r = fetched.results[i];
      if (r.ok() && r.http_status == 200) so_far.Add(fetched.roles[i], ToDocument(r));
    }
    std::vector<FetchRequest> follow_ups;
    for (providers::DocumentToFetch& d : plan.follow_ups(so_far)) {
      if (!requested.insert(d.url).second) continue;
      fetched.roles.push_back(std::move(d.role));
      FetchRequest request = ToRequest(d);
      if (auto it = lease.validators().find(request.url); it != lease.validators().end() && round == rounds - 1) {
        request.etag = it->second.etag();
        request.last_modified = it->second.last_modified();
      }
      follow_ups.push_back(std::move(request));
    }
    if (follow_ups.empty()) break;
    for (FetchResult& r : fetcher.FetchAll(follow_ups)) fetched.results.push_back(std::move(r));
  }
  // Stand-ins for documents that did not answer. Their page, when Parse makes one from them,
  // is the scrape's result; when it cannot, the first document's failure is.
  fetched.fell_back =
      !plan.fallbacks.empty() && std::any_of(fetched.results.begin(), fetched.results.end(), [](const FetchResult& r) {
        return !r.ok() || (r.http_status != 200 && !NotModified(r));
      });
  if (fetched.fell_back) {
    std::vector<FetchRequest> fallbacks;
    for (providers::DocumentToFetch& d : plan.fallbacks) {
      fetched.roles.push_back(std::move(d.role));
      fallbacks.push_back(ToRequest(d));
    }
    for (FetchResult& r : fetcher.FetchAll(fallbacks)) fetched.results.push_back(std::move(r));
  }
  return fetched;
}

// The page is as fresh as its least fresh document: one that may change at any time (no
// caching headers, no-cache) leaves the report without a freshness.
void SetFreshFor(const std::vector<FetchResult>& results, ReportScrapeResultRequest& report) {
  if (results.empty()) return;
  absl::Duration least = absl::InfiniteDuration();
  for (const FetchResult& r : results) least = std::min(least, r.ok() ? r.fresh_for : absl::ZeroDuration());
  if (least > absl::ZeroDuration()) *report.mutable_fresh_for() = ToProtoDuration(least);
}

// The report of what was fetched: a failure, "not modified", or the parsed page.
ReportScrapeResultRequest BuildReport(const providers::Provider& provider, const std::string& page_url, Fetched fetched,
                                      Fetcher& fetcher) {
  std::vector<FetchResult>& results = fetched.results;
  std::optional<ReportScrapeResultRequest> deferred_failure;
  ReportScrapeResultRequest report;
  report.set_provider(std::string(provider.name()));
  bool all_not_modified = !results.empty();
  for (const FetchResult& r : results) {
    std::optional<ReportScrapeResultRequest> failure;
    if (!r.ok()) failure = Failure(FailureReason(r), r.error_message);
    // 429 and 5xx: the page is struggling; back off as it asks.
    if (r.ok() && (r.http_status == 429 || r.http_status >= 500)) {
      failure = Failure(ScrapeFailure::HTTP_ERROR, absl::StrCat("GET ", r.url, ": HTTP ", r.http_status), r.http_status,
                        r.retry_after);
    }
    if (failure && !fetched.fell_back) return *failure;
    if (failure && !deferred_failure) deferred_failure = std::move(failure);
    all_not_modified = all_not_modified && NotModified(r);
  }
  if (all_not_modified) {
    report.mutable_not_modified();  // nothing changed: no parse, no write
    SetFreshFor(results, report);
    return report;
  }
  // Some documents changed, some did not: the unchanged ones must be fetched in full to
  // parse the page as a whole.
  providers::Documents documents;
  for (size_t i = 0; i < results.size(); ++i) {
    if (NotModified(results[i])) {
      FetchResult full = fetcher.Fetch({results[i].url});
      if (!full.ok()) return Failure(FailureReason(full), full.error_message);
      results[i] = std::move(full);
    }
    documents.Add(fetched.roles[i], ToDocument(results[i]));
  }
  absl::StatusOr<providers::ParsedPage> parsed = provider.Parse(page_url, documents);
  if (!parsed.ok() && deferred_failure) return *deferred_failure;
  if (!parsed.ok()) {
    ReportScrapeResultRequest failure = Failure(ScrapeFailure::PARSE_FAILED, std::string(parsed.status().message()));
    failure.set_provider(report.provider());
    return failure;
  }
  // Validators of fresh responses, for the next conditional request.
  for (const FetchResult& r : results) {
    if (r.http_status != 200 || (r.etag.empty() && r.last_modified.empty())) continue;
    statusphere::v1::HttpValidators& v = (*report.mutable_validators())[r.url];
    v.set_etag(r.etag);
    v.set_last_modified(r.last_modified);
  }
  for (auto& incident : parsed->incidents) *report.mutable_success()->add_incidents() = std::move(incident);
  for (auto& component : parsed->components) *report.mutable_success()->add_components() = std::move(component);
  // Set even for a page with no incidents, which is still a success.
  report.mutable_success()->set_lists_every_open_incident(parsed->lists_every_open_incident);
  report.mutable_success()->set_platform_indicator(std::move(parsed->platform_indicator));
  SetFreshFor(results, report);
  return report;
}

// Chooses the provider, fetches the plan's documents, and builds the report.
ReportScrapeResultRequest ScrapeUnchecked(const statusphere::v1::Lease& lease, Fetcher& fetcher) {
  auto chosen = ChooseProvider(lease, fetcher);
  if (auto* failure = std::get_if<ReportScrapeResultRequest>(&chosen)) return std::move(*failure);
  const providers::Provider& provider = *std::get<const providers::Provider*>(chosen);
  const std::string& page_url = lease.status_page().url();
  providers::FetchPlan plan = provider.Fetches(page_url, lease.kind());
  return BuildReport(provider, page_url, FetchPlanDocuments(plan, lease, fetcher), fetcher);
}

}  // namespace

ReportScrapeResultRequest ScrapePage(const statusphere::v1::Lease& lease, Fetcher& fetcher) {
  ReportScrapeResultRequest report = ScrapeUnchecked(lease, fetcher);
  // Bad bytes from a status page must cost at most a U+FFFD, never the whole report.
  RepairUtf8Strings(&report);
  return report;
}

}  // namespace statusphere::scraper
