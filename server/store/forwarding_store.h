// A Store that hands every call to another one: the base of decorators (the read cache),
// which override only the calls they change.
#ifndef STATUSPHERE_SERVER_STORE_FORWARDING_STORE_H_
#define STATUSPHERE_SERVER_STORE_FORWARDING_STORE_H_

#include <memory>
#include <utility>

#include "server/store/store.h"

namespace statusphere::store {

class ForwardingStore : public Store {
 public:
  explicit ForwardingStore(std::unique_ptr<Store> backend) : owned_(std::move(backend)), backend_(owned_.get()) {}
  // Forwards to a store owned elsewhere, which must outlive this one.
  explicit ForwardingStore(Store* backend) : backend_(backend) {}

  absl::StatusOr<StatusPage> AddPage(const NewPage& page, absl::Time now) override {
    return backend_->AddPage(page, now);
  }
  absl::Status RemovePage(const std::string& url) override { return backend_->RemovePage(url); }
  absl::StatusOr<StatusPage> RenamePage(const std::string& url, const std::string& new_name) override {
    return backend_->RenamePage(url, new_name);
  }
  absl::StatusOr<CatalogReconciliation> ReconcileCatalog(const std::vector<NewPage>& entries, absl::Time now) override {
    return backend_->ReconcileCatalog(entries, now);
  }
  absl::StatusOr<std::vector<StatusPage>> ListPages() override { return backend_->ListPages(); }
  absl::StatusOr<std::vector<UnhealthyPage>> ListUnhealthyPages() override { return backend_->ListUnhealthyPages(); }
  absl::StatusOr<int> CountPages() override { return backend_->CountPages(); }
  absl::StatusOr<PageSlice> ListPagesAfter(const std::optional<PageOrderKey>& after, int limit) override {
    return backend_->ListPagesAfter(after, limit);
  }
  absl::StatusOr<StatusPage> GetPageByUrl(const std::string& url) override { return backend_->GetPageByUrl(url); }
  absl::StatusOr<StatusPage> GetPageByName(const std::string& name) override { return backend_->GetPageByName(name); }
  absl::StatusOr<std::vector<Incident>> ListIncidents(const IncidentQuery& query) override {
    return backend_->ListIncidents(query);
  }
  absl::StatusOr<std::vector<Incident>> ListUnresolvedIncidents(const std::string& page_url) override {
    return backend_->ListUnresolvedIncidents(page_url);
  }
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
  absl::StatusOr<ReportSummary> ApplyReport(const std::string& lease_id, const ScrapeReport& report,
                                            const SchedulePolicy& policy, absl::Time now) override {
    return backend_->ApplyReport(lease_id, report, policy, now);
  }
  absl::StatusOr<std::vector<ChangeRecord>> ListChanges(int64_t after, const std::string& page_url, int limit) override {
    return backend_->ListChanges(after, page_url, limit);
  }
  absl::StatusOr<int64_t> LatestChangeSequence() override { return backend_->LatestChangeSequence(); }
  absl::StatusOr<int64_t> PrunedChangesThrough() override { return backend_->PrunedChangesThrough(); }
  absl::StatusOr<int> PruneChanges(absl::Time before) override { return backend_->PruneChanges(before); }
  absl::Status CreateSubscription(const SubscriptionRecord& record, absl::Time now) override {
    return backend_->CreateSubscription(record, now);
  }
  absl::StatusOr<std::vector<Subscription>> ListSubscriptions() override { return backend_->ListSubscriptions(); }
  absl::StatusOr<Subscription> GetSubscription(const std::string& id) override { return backend_->GetSubscription(id); }
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

 protected:
  Store& backend() { return *backend_; }

 private:
  std::unique_ptr<Store> owned_;
  Store* backend_;
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_FORWARDING_STORE_H_
