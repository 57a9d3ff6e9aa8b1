// A Store decorator that times every call into the database: the store latency behind the
// API and the scrape reports. It sits under the read cache, so cache hits are not counted.
#ifndef STATUSPHERE_SERVER_METRICS_MEASURED_STORE_H_
#define STATUSPHERE_SERVER_METRICS_MEASURED_STORE_H_

#include <memory>

#include "common/metrics/metrics.h"
#include "server/store/forwarding_store.h"

namespace statusphere::metrics {

class MeasuredStore : public store::ForwardingStore {
 public:
  explicit MeasuredStore(std::unique_ptr<store::Store> backend);

  absl::StatusOr<store::StatusPage> AddPage(const store::NewPage& page, absl::Time now) override;
  absl::Status RemovePage(const std::string& url) override;
  absl::StatusOr<store::StatusPage> RenamePage(const std::string& url, const std::string& new_name) override;
  absl::StatusOr<store::CatalogReconciliation> ReconcileCatalog(const std::vector<store::NewPage>& entries,
                                                                absl::Time now) override;
  absl::StatusOr<std::vector<store::StatusPage>> ListPages() override;
  absl::StatusOr<int> CountPages() override;
  absl::StatusOr<store::StatusPage> GetPageByUrl(const std::string& url) override;
  absl::StatusOr<store::StatusPage> GetPageByName(const std::string& name) override;
  absl::StatusOr<std::vector<store::Incident>> ListIncidents(const store::IncidentQuery& query) override;
  absl::StatusOr<std::vector<store::Incident>> ListUnresolvedIncidents(const std::string& page_url) override;
  absl::StatusOr<std::vector<store::LeaseRecord>> LeaseDuePages(const std::string& scraper_id, int max_pages,
                                                                absl::Duration lease_duration, absl::Time now) override;
  absl::StatusOr<absl::Time> RenewLease(const std::string& lease_id, absl::Duration extension, absl::Time now) override;
  absl::Status ReleaseLease(const std::string& lease_id, absl::Time now) override;
  absl::StatusOr<store::ReportSummary> ApplyReport(const std::string& lease_id, const store::ScrapeReport& report,
                                                   const store::SchedulePolicy& policy, absl::Time now) override;
  absl::StatusOr<std::vector<store::ChangeRecord>> ListChanges(int64_t after, const std::string& page_url,
                                                               int limit) override;
  absl::StatusOr<int64_t> LatestChangeSequence() override;
  absl::Status CreateSubscription(const store::SubscriptionRecord& record, absl::Time now) override;
  absl::StatusOr<std::vector<store::Subscription>> ListSubscriptions() override;
  absl::StatusOr<store::Subscription> GetSubscription(const std::string& id) override;
  absl::Status DeleteSubscription(const std::string& id) override;
  absl::StatusOr<store::FanOut> DispatchChanges(const store::SubscriptionMatcher& matches, int max_changes,
                                                absl::Time now) override;
  absl::StatusOr<int> PruneDeliveries(absl::Time before) override;
  absl::StatusOr<std::vector<store::Delivery>> ClaimDeliveries(const std::string& owner, int max,
                                                               absl::Duration lease, absl::Time now) override;
  absl::Status MarkDelivered(int64_t id, const std::string& owner, absl::Time now) override;
  absl::Status MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                 std::optional<absl::Time> retry_at, absl::Time now) override;

 private:
  template <typename Call>
  auto Timed(const char* operation, Call call) {
    const Stopwatch stopwatch;
    auto result = call();
    latency_.With({operation, result.ok() ? "ok" : "error"}).Observe(stopwatch.Seconds());
    return result;
  }

  Family<Histogram>& latency_;
};

}  // namespace statusphere::metrics

#endif  // STATUSPHERE_SERVER_METRICS_MEASURED_STORE_H_
