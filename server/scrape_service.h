// The internal API scrapers call: lease due pages, renew/release leases, report results.
#ifndef STATUSPHERE_SERVER_SCRAPE_SERVICE_H_
#define STATUSPHERE_SERVER_SCRAPE_SERVICE_H_

#include "server/call_boundary.h"
#include "server/change_notifier.h"
#include "server/schedule.h"
#include "server/store/store.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"

namespace statusphere {

class ScrapeServiceImpl final : public statusphere::v1::ScrapeService::Service {
 public:
  ScrapeServiceImpl(store::Store* store, ChangeNotifier* notifier, const ScheduleConfig& schedule)
      : store_(store), notifier_(notifier), policy_(MakeSchedulePolicy(schedule)) {}

  grpc::Status LeaseStatusPages(grpc::ServerContext*, const v1::LeaseStatusPagesRequest*,
                                v1::LeaseStatusPagesResponse*) override;
  grpc::Status RenewLease(grpc::ServerContext*, const v1::RenewLeaseRequest*, v1::RenewLeaseResponse*) override;
  grpc::Status ReleaseLease(grpc::ServerContext*, const v1::ReleaseLeaseRequest*, v1::ReleaseLeaseResponse*) override;
  grpc::Status ReportScrapeResult(grpc::ServerContext*, const v1::ReportScrapeResultRequest*,
                                  v1::ReportScrapeResultResponse*) override;

 private:
  store::Store* store_;
  ChangeNotifier* notifier_;
  store::SchedulePolicy policy_;
  // Internal: scrapers are trusted (run them on a private network or behind mutual TLS).
  CallBoundary boundary_ = CallBoundary::Open();
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_SCRAPE_SERVICE_H_
