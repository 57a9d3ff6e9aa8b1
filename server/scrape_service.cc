#include "server/scrape_service.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "server/report_bounds.h"
#include "server/store/lease_id.h"

namespace statusphere {
namespace {

constexpr int kMaxPagesPerLease = 1000;
constexpr absl::Duration kDefaultLease = absl::Minutes(5);
// Bounds that keep one report from exhausting the server.
constexpr int kMaxIncidentsPerReport = 20000;
constexpr int kMaxComponentsPerReport = 5000;
constexpr size_t kMaxErrorMessage = 2000;
// An indicator is one word or a short phrase ("major", "Partial Service Disruption").
constexpr size_t kMaxPlatformIndicator = 200;

// A report is checked whole before anything is stored: one bad incident rejects it.
absl::Status ValidateSuccess(const v1::ScrapeSuccess& success) {
  if (success.incidents_size() > kMaxIncidentsPerReport) {
    return absl::InvalidArgumentError(absl::StrCat("success.incidents: ", success.incidents_size(),
                                                   " incidents exceed the limit of ", kMaxIncidentsPerReport));
  }
  if (success.components_size() > kMaxComponentsPerReport) {
    return absl::InvalidArgumentError(absl::StrCat("success.components: more than ", kMaxComponentsPerReport));
  }
  if (success.platform_indicator().size() > kMaxPlatformIndicator) {
    return absl::InvalidArgumentError(
        absl::StrCat("success.platform_indicator: longer than ", kMaxPlatformIndicator, " characters"));
  }
  std::set<std::string> ids;
  for (int i = 0; i < success.incidents_size(); ++i) {
    const v1::Incident& incident = success.incidents(i);
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat("success.incidents[", i, "] (id '", incident.id(), "'): ", what));
    };
    if (incident.id().empty()) return error("id is required");
    if (!ids.insert(incident.id()).second) return error("duplicate id in one report");
    if (!vocabulary::IsImpact(incident.impact())) {
      return error(
          absl::StrCat("impact '", incident.impact(), "' is not one of critical, major, minor, maintenance, none"));
    }
    if (!IsSet(incident.start_time())) return error("start_time is required");
  }
  return absl::OkStatus();
}

// A provider the server does not know would be remembered for the page and make every
// later scrape of it fail (the scraper looks the name up first).
absl::Status ValidateProvider(const std::string& provider, const std::set<std::string, std::less<>>& known) {
  if (provider.empty() || known.count(provider) > 0) return absl::OkStatus();
  std::string names;
  for (const std::string& name : known) absl::StrAppend(&names, names.empty() ? "" : ", ", name);
  return absl::InvalidArgumentError(absl::StrCat("provider '", provider.substr(0, 100),
                                                 "' is not one of this server's providers (", names,
                                                 "); leave it empty to keep the page's"));
}

store::ScrapeReport ToReport(const v1::ReportScrapeResultRequest& request) {
  store::ScrapeReport report;
  report.provider = request.provider();
  report.fresh_for = FromProto(request.fresh_for());
  for (const auto& [url, v] : request.validators()) report.validators[url] = {v.etag(), v.last_modified()};
  switch (request.outcome_case()) {
    case v1::ReportScrapeResultRequest::kSuccess:
      report.outcome = store::ScrapeReport::Outcome::kSuccess;
      report.incidents.assign(request.success().incidents().begin(), request.success().incidents().end());
      report.components.assign(request.success().components().begin(), request.success().components().end());
      report.lists_every_open_incident = request.success().lists_every_open_incident();
      report.platform_indicator = request.success().platform_indicator();
      break;
    case v1::ReportScrapeResultRequest::kNotModified:
      report.outcome = store::ScrapeReport::Outcome::kNotModified;
      break;
    default:
      report.outcome = store::ScrapeReport::Outcome::kFailure;
      report.error_message = request.failure().message().substr(0, kMaxErrorMessage);
      if (report.error_message.empty()) report.error_message = "scrape failed (no message given)";
      report.retry_after = FromProto(request.failure().retry_after());
      report.failure_reason = request.failure().reason();
  }
  return report;
}

// Reports by what the store did with them: `merged` (a success whose content differed from
// the last one merged), `unchanged` (a success saying what the last one said: not merged),
// `not_modified` (a 304), `failure`. The share of the first is the real work of ingest.
void CountReport(const store::ScrapeReport::Outcome outcome, const store::ReportSummary& summary) {
  static metrics::Family<metrics::Counter>& reports = metrics::DefaultRegistry().AddCounter(
      "statusphere_scrape_reports_total",
      "Scrape reports stored, by what the store did: merged (new content), unchanged (the same content as the "
      "last merged report: not merged again), not_modified, failure.",
      {"result"});
  static metrics::Counter& merged = reports.With({"merged"});
  static metrics::Counter& unchanged = reports.With({"unchanged"});
  static metrics::Counter& not_modified = reports.With({"not_modified"});
  static metrics::Counter& failure = reports.With({"failure"});
  switch (outcome) {
    case store::ScrapeReport::Outcome::kSuccess:
      (summary.content_unchanged ? unchanged : merged).Increment();
      break;
    case store::ScrapeReport::Outcome::kNotModified:
      not_modified.Increment();
      break;
    case store::ScrapeReport::Outcome::kFailure:
      failure.Increment();
      break;
  }
}

}  // namespace

absl::Duration ScrapeServiceImpl::LeaseDuration(absl::Duration requested) const {
  const absl::Duration longest = std::max(kMinLease, options_.max_lease_duration);
  if (requested <= absl::ZeroDuration()) return std::min(kDefaultLease, longest);
  return std::clamp(requested, kMinLease, longest);
}

grpc::Status ScrapeServiceImpl::LeaseStatusPages(grpc::ServerContext* context,
                                                 const v1::LeaseStatusPagesRequest* request,
                                                 v1::LeaseStatusPagesResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    if (request->max_pages() < 1 || request->max_pages() > kMaxPagesPerLease) {
      return absl::InvalidArgumentError(
          absl::StrCat("max_pages must be between 1 and ", kMaxPagesPerLease, ", got ", request->max_pages()));
    }
    ASSIGN_OR_RETURN(std::vector<store::LeaseRecord> leases,
                     store_->LeaseDuePages(request->scraper_id(), request->max_pages(),
                                           LeaseDuration(FromProto(request->lease_duration())), absl::Now()));
    for (auto& record : leases) {
      v1::Lease* lease = response->add_leases();
      lease->set_lease_id(record.lease_id);
      *lease->mutable_status_page() = std::move(record.page);
      lease->set_kind(record.kind);
      *lease->mutable_deadline() = ToProto(record.deadline);
      for (const auto& [url, v] : record.validators) {
        v1::HttpValidators& out = (*lease->mutable_validators())[url];
        out.set_etag(v.etag);
        out.set_last_modified(v.last_modified);
      }
    }
    return absl::OkStatus();
  });
}

grpc::Status ScrapeServiceImpl::RenewLease(grpc::ServerContext* context, const v1::RenewLeaseRequest* request,
                                           v1::RenewLeaseResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    if (request->lease_id().empty()) return absl::InvalidArgumentError("lease_id is required");
    // Renewals cannot keep a page from every other scraper: a lease ends at the latest
    // --max_lease_lifetime after it was taken.
    const absl::Time now = absl::Now();
    const std::optional<absl::Time> taken = store::LeaseTakenAt(request->lease_id());
    if (!taken) return absl::NotFoundError(absl::StrCat("lease '", request->lease_id(), "' is not held"));
    const absl::Duration left = *taken + options_.max_lease_lifetime - now;
    if (left <= absl::ZeroDuration()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "lease '", request->lease_id(), "' cannot be renewed: a lease lasts at most ",
          absl::FormatDuration(options_.max_lease_lifetime), " from when it was taken; report or release it"));
    }
    const absl::Duration extension = std::min(LeaseDuration(FromProto(request->extension())), left);
    ASSIGN_OR_RETURN(absl::Time deadline, store_->RenewLease(request->lease_id(), extension, now));
    *response->mutable_deadline() = ToProto(deadline);
    return absl::OkStatus();
  });
}

grpc::Status ScrapeServiceImpl::ReleaseLease(grpc::ServerContext* context, const v1::ReleaseLeaseRequest* request,
                                             v1::ReleaseLeaseResponse*) {
  return boundary_(context, [&]() -> absl::Status {
    if (request->lease_id().empty()) return absl::InvalidArgumentError("lease_id is required");
    return store_->ReleaseLease(request->lease_id(), absl::Now());
  });
}

grpc::Status ScrapeServiceImpl::ReportScrapeResult(grpc::ServerContext* context,
                                                   const v1::ReportScrapeResultRequest* request,
                                                   v1::ReportScrapeResultResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    if (request->lease_id().empty()) return absl::InvalidArgumentError("lease_id is required");
    if (request->outcome_case() == v1::ReportScrapeResultRequest::OUTCOME_NOT_SET) {
      return absl::InvalidArgumentError("one of success, failure or not_modified is required");
    }
    RETURN_IF_ERROR(ValidateProvider(request->provider(), options_.providers));
    if (request->fresh_for().seconds() < 0 || request->fresh_for().nanos() < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("fresh_for must not be negative, got ", absl::FormatDuration(FromProto(request->fresh_for()))));
    }
    if (request->has_success()) RETURN_IF_ERROR(ValidateSuccess(request->success()));
    store::ScrapeReport report = ToReport(*request);
    // Kept for the log: the report itself is moved into the store's call (it may be large).
    const std::string error = report.outcome == store::ScrapeReport::Outcome::kFailure ? report.error_message : "";
    const store::ScrapeReport::Outcome outcome = report.outcome;
    ASSIGN_OR_RETURN(store::ReportSummary summary,
                     ApplyBoundedReport(*store_, request->lease_id(), std::move(report), policy_, absl::Now()));
    CountReport(outcome, summary);
    if (summary.created + summary.updated > 0) notifier_->Notify();
    response->set_incidents_created(summary.created);
    response->set_incidents_updated(summary.updated);
    response->set_incidents_unchanged(summary.unchanged);
    *response->mutable_next_scrape_time() = ToProto(summary.next_scrape_time);
    if (!error.empty()) {
      log::Warn("scrape.failed", {{"lease", request->lease_id()}, {"error", error}});
    }
    return absl::OkStatus();
  });
}

}  // namespace statusphere
