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
#include "server/store/forwarding_store.h"

namespace statusphere::store {

// Leases, the change log, subscriptions and their outbox are coordination and delivery
// state, not content: they are never cached, and go straight through (ForwardingStore).
class CachingStore : public ForwardingStore {
 public:
  CachingStore(std::unique_ptr<Store> backend, absl::Duration ttl) : ForwardingStore(std::move(backend)), ttl_(ttl) {}

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
  absl::StatusOr<PageSlice> ListPagesAfter(const std::optional<PageOrderKey>& after, int limit) override;
  absl::StatusOr<StatusPage> GetPageByUrl(const std::string& url) override;
  absl::StatusOr<StatusPage> GetPageByName(const std::string& name) override;
  absl::StatusOr<std::vector<Incident>> ListIncidents(const IncidentQuery& query) override;
  absl::StatusOr<std::vector<Incident>> ListUnresolvedIncidents(const std::string& page_url) override;

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
  // Invalidates everything cached and returns `result`: what a write returns.
  template <typename T>
  T Invalidating(T result) {
    Invalidate();
    return result;
  }
  void Invalidate();

  const absl::Duration ttl_;
  absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  Cache<std::vector<StatusPage>> page_lists_ ABSL_GUARDED_BY(mu_);
  Cache<int> counts_ ABSL_GUARDED_BY(mu_);
  Cache<PageSlice> page_slices_ ABSL_GUARDED_BY(mu_);
  Cache<StatusPage> pages_ ABSL_GUARDED_BY(mu_);
  Cache<std::vector<Incident>> incidents_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_CACHING_STORE_H_
