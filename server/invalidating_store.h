// Tells the read cache (server/read_cache.h) about every write that can change an answer it
// keeps: page additions, removals and renames, catalog reconciliation, and scrape reports
// (which change a page's status, components, errors and incidents even when no incident
// changed, so the watchers' ChangeNotifier, bumped only for incident changes, is not enough).
// Every service of a server writes through it, the admin edits included.
#ifndef STATUSPHERE_SERVER_INVALIDATING_STORE_H_
#define STATUSPHERE_SERVER_INVALIDATING_STORE_H_

#include <string>
#include <vector>

#include "server/read_cache.h"
#include "server/store/forwarding_store.h"

namespace statusphere {

class InvalidatingStore : public store::ForwardingStore {
 public:
  // Both must outlive this store.
  InvalidatingStore(store::Store* backend, ReadCache* cache) : ForwardingStore(backend), cache_(cache) {}

  // Invalidated after the write returns, failed or not: a failed write may have committed
  // part of its work (a report's page state) or the failure may be a lost answer.
  absl::StatusOr<store::StatusPage> AddPage(const store::NewPage& page, absl::Time now) override {
    return Invalidating(backend().AddPage(page, now));
  }
  absl::Status RemovePage(const std::string& url) override { return Invalidating(backend().RemovePage(url)); }
  absl::StatusOr<store::StatusPage> RenamePage(const std::string& url, const std::string& new_name) override {
    return Invalidating(backend().RenamePage(url, new_name));
  }
  absl::StatusOr<store::CatalogReconciliation> ReconcileCatalog(const std::vector<store::NewPage>& entries,
                                                                absl::Time now) override {
    return Invalidating(backend().ReconcileCatalog(entries, now));
  }
  absl::StatusOr<store::ReportSummary> ApplyReport(const std::string& lease_id, const store::ScrapeReport& report,
                                                   const store::SchedulePolicy& policy, absl::Time now) override {
    return Invalidating(backend().ApplyReport(lease_id, report, policy, now));
  }

 private:
  template <typename T>
  T Invalidating(T result) {
    cache_->Invalidate();
    return result;
  }

  ReadCache* const cache_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_INVALIDATING_STORE_H_
