// The internal API scrapers call: lease due pages, renew/release leases, report results.
// Every call carries the scraper token; leases last as long as the server allows, not as
// long as a caller asks; a report names a provider the server knows, or none.
#ifndef STATUSPHERE_SERVER_SCRAPE_SERVICE_H_
#define STATUSPHERE_SERVER_SCRAPE_SERVICE_H_

#include <set>
#include <string>

#include "absl/time/time.h"
#include "server/call_boundary.h"
#include "server/change_notifier.h"
#include "server/schedule.h"
#include "server/store/sql/sql_store.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"

namespace statusphere {

struct ScrapeServiceOptions {
  // The scraper token ("authorization: Bearer <token>" on every call).
  std::string token;
  // The names a report may give as its provider (providers::AllProviders()' names); a
  // report naming none keeps the page's remembered provider.
  std::set<std::string, std::less<>> providers;
  // The longest lease one LeaseStatusPages or RenewLease call grants, whatever it asks for.
  absl::Duration max_lease_duration = absl::Minutes(5);
  // How long renewals may keep a lease from the time it was taken; RenewLease past it is
  // FAILED_PRECONDITION, and an extension reaching beyond it is cut to it.
  absl::Duration max_lease_lifetime = absl::Minutes(15);
};

class ScrapeServiceImpl final : public statusphere::v1::ScrapeService::Service {
 public:
  // The shortest lease granted (a lease shorter than a fetch is of no use).
  static constexpr absl::Duration kMinLease = absl::Seconds(10);

  ScrapeServiceImpl(store::Store* store, ChangeNotifier* notifier, const ScheduleConfig& schedule,
                    ScrapeServiceOptions options)
      : store_(store),
        notifier_(notifier),
        policy_(MakeSchedulePolicy(schedule)),
        boundary_(CallBoundary::BearerToken(kScraperRole, options.token)),
        options_(std::move(options)) {}

  grpc::Status LeaseStatusPages(grpc::ServerContext*, const v1::LeaseStatusPagesRequest*,
                                v1::LeaseStatusPagesResponse*) override;
  grpc::Status RenewLease(grpc::ServerContext*, const v1::RenewLeaseRequest*, v1::RenewLeaseResponse*) override;
  grpc::Status ReleaseLease(grpc::ServerContext*, const v1::ReleaseLeaseRequest*, v1::ReleaseLeaseResponse*) override;
  grpc::Status ReportScrapeResult(grpc::ServerContext*, const v1::ReportScrapeResultRequest*,
                                  v1::ReportScrapeResultResponse*) override;

 private:
  // The lease granted for a request of `requested` (zero: the default).
  absl::Duration LeaseDuration(absl::Duration requested) const;

  store::Store* store_;
  ChangeNotifier* notifier_;
  store::SchedulePolicy policy_;
  CallBoundary boundary_;  // every RPC: the scraper token, then the handler
  const ScrapeServiceOptions options_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_SCRAPE_SERVICE_H_
