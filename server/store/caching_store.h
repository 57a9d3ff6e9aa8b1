// A read cache in front of any Store. The public API is read-heavy (status checks every
// few seconds from many clients) while writes arrive once per scrape, so answers are kept
// until this server writes (exact invalidation) or `ttl` passes (bounding staleness when
// several servers share one PostgreSQL database and write behind each other's back).
#ifndef STATUSPHERE_SERVER_STORE_CACHING_STORE_H_
#define STATUSPHERE_SERVER_STORE_CACHING_STORE_H_

#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "server/store/store.h"

namespace statusphere::store {

class CachingStore : public Store {
 public:
  CachingStore(std::unique_ptr<Store> backend, absl::Duration ttl) : backend_(std::move(backend)), ttl_(ttl) {}

  // Writes go through and invalidate everything cached.
  absl::StatusOr<StatusPage> AddPage(const NewPage& page, absl::Time now) override;
  absl::Status RemovePage(const std::string& url) override;
  absl::StatusOr<StatusPage> RenamePage(const std::string& url, const std::string& new_name) override;
  absl::StatusOr<CatalogReconciliation> ReconcileCatalog(const std::vector<NewPage>& entries, absl::Time now) override;
  absl::StatusOr<ReportSummary> ApplyReport(const std::string& lease_id, const ScrapeReport& report,
                                            const SchedulePolicy& policy, absl::Time now) override;

  // Reads are answered from the cache when fresh. Errors are never cached.
  absl::StatusOr<std::vector<StatusPage>> ListPages() override;
  absl::StatusOr<int> CountPages() override;
  absl::StatusOr<StatusPage> GetPageByUrl(const std::string& url) override;
  absl::StatusOr<StatusPage> GetPageByName(const std::string& name) override;
  absl::StatusOr<std::vector<Incident>> ListIncidents(const IncidentQuery& query) override;
  absl::StatusOr<std::vector<Incident>> ListUnresolvedIncidents(const std::string& page_url) override;

  // Leases and the change log are never cached: they are coordination, not content.
  absl::StatusOr<std::vector<LeaseRecord>> LeaseDuePages(const std::string& scraper_id, int max_pages,
                                                         absl::Duration lease_duration, absl::Time now) override {
    return backend_->LeaseDuePages(scraper_id, max_pages, lease_duration, now);
  }
  absl::StatusOr<absl::Time> RenewLease(const std::string& lease_id, absl::Duration extension, absl::Time now) override {
    return backend_->RenewLease(lease_id, extension, now);
  }
  absl::Status ReleaseLease(const std::string& lease_id, absl::Time now) override {
    return backend_->ReleaseLease(lease_id, now);
  }
  absl::StatusOr<std::vector<ChangeRecord>> ListChanges(int64_t after, const std::string& page_url, int limit) override {
    return backend_->ListChanges(after, page_url, limit);
  }
  absl::StatusOr<int64_t> LatestChangeSequence() override { return backend_->LatestChangeSequence(); }

  // Subscriptions and their outbox are delivery state, read rarely: never cached either.
  absl::Status CreateSubscription(const SubscriptionRecord& record, absl::Time now) override {
    return backend_->CreateSubscription(record, now);
  }
  absl::StatusOr<std::vector<Subscription>> ListSubscriptions() override { return backend_->ListSubscriptions(); }
  absl::StatusOr<Subscription> GetSubscription(const std::string& id) override {
    return backend_->GetSubscription(id);
  }
  absl::Status DeleteSubscription(const std::string& id) override { return backend_->DeleteSubscription(id); }
  absl::StatusOr<FanOut> DispatchChanges(const SubscriptionMatcher& matches, int max_changes, absl::Time now) override {
    return backend_->DispatchChanges(matches, max_changes, now);
  }
  absl::StatusOr<int> PruneDeliveries(absl::Time before) override { return backend_->PruneDeliveries(before); }
  absl::StatusOr<std::vector<Delivery>> ClaimDeliveries(const std::string& owner, int max, absl::Duration lease,
                                                        absl::Time now) override {
    return backend_->ClaimDeliveries(owner, max, lease, now);
  }
  absl::Status MarkDelivered(int64_t id, const std::string& owner, absl::Time now) override {
    return backend_->MarkDelivered(id, owner, now);
  }
  absl::Status MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                 std::optional<absl::Time> retry_at, absl::Time now) override {
    return backend_->MarkAttemptFailed(id, owner, error, retry_at, now);
  }

 private:
  template <typename T>
  struct Entry {
    T value;
    absl::Time stored;
  };
  template <typename T>
  using Cache = std::map<std::string, Entry<T>>;

  template <typename T, typename Load>
  absl::StatusOr<T> Cached(Cache<T>& cache, const std::string& key, Load load);
  void Invalidate();

  std::unique_ptr<Store> backend_;
  const absl::Duration ttl_;
  absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  Cache<std::vector<StatusPage>> page_lists_ ABSL_GUARDED_BY(mu_);
  Cache<int> counts_ ABSL_GUARDED_BY(mu_);
  Cache<StatusPage> pages_ ABSL_GUARDED_BY(mu_);
  Cache<std::vector<Incident>> incidents_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_CACHING_STORE_H_
