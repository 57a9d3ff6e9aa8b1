#include "server/metrics/measured_store.h"

namespace statusphere::metrics {

using namespace store;  // NOLINT: the Store interface's own names, as in its header

MeasuredStore::MeasuredStore(std::unique_ptr<Store> backend)
    : ForwardingStore(std::move(backend)),
      latency_(DefaultRegistry().AddHistogram(
          "statusphere_store_operation_duration_seconds",
          "Time of each call into the database (SQLite or PostgreSQL), by Store operation and outcome (ok, error).",
          {"operation", "outcome"}, LatencyBuckets())) {}

absl::StatusOr<StatusPage> MeasuredStore::AddPage(const NewPage& page, absl::Time now) {
  return Timed("AddPage", [&] { return ForwardingStore::AddPage(page, now); });
}
absl::Status MeasuredStore::RemovePage(const std::string& url) {
  return Timed("RemovePage", [&] { return ForwardingStore::RemovePage(url); });
}
absl::StatusOr<StatusPage> MeasuredStore::RenamePage(const std::string& url, const std::string& new_name) {
  return Timed("RenamePage", [&] { return ForwardingStore::RenamePage(url, new_name); });
}
absl::StatusOr<CatalogReconciliation> MeasuredStore::ReconcileCatalog(const std::vector<NewPage>& entries,
                                                                      absl::Time now) {
  return Timed("ReconcileCatalog", [&] { return ForwardingStore::ReconcileCatalog(entries, now); });
}
absl::StatusOr<std::vector<StatusPage>> MeasuredStore::ListPages() {
  return Timed("ListPages", [&] { return ForwardingStore::ListPages(); });
}
absl::StatusOr<int> MeasuredStore::CountPages() {
  return Timed("CountPages", [&] { return ForwardingStore::CountPages(); });
}
absl::StatusOr<StatusPage> MeasuredStore::GetPageByUrl(const std::string& url) {
  return Timed("GetPageByUrl", [&] { return ForwardingStore::GetPageByUrl(url); });
}
absl::StatusOr<StatusPage> MeasuredStore::GetPageByName(const std::string& name) {
  return Timed("GetPageByName", [&] { return ForwardingStore::GetPageByName(name); });
}
absl::StatusOr<std::vector<Incident>> MeasuredStore::ListIncidents(const IncidentQuery& query) {
  return Timed("ListIncidents", [&] { return ForwardingStore::ListIncidents(query); });
}
absl::StatusOr<std::vector<Incident>> MeasuredStore::ListUnresolvedIncidents(const std::string& page_url) {
  return Timed("ListUnresolvedIncidents", [&] { return ForwardingStore::ListUnresolvedIncidents(page_url); });
}
absl::StatusOr<std::vector<LeaseRecord>> MeasuredStore::LeaseDuePages(const std::string& scraper_id, int max_pages,
                                                                      absl::Duration lease_duration, absl::Time now) {
  return Timed("LeaseDuePages",
               [&] { return ForwardingStore::LeaseDuePages(scraper_id, max_pages, lease_duration, now); });
}
absl::StatusOr<absl::Time> MeasuredStore::RenewLease(const std::string& lease_id, absl::Duration extension,
                                                     absl::Time now) {
  return Timed("RenewLease", [&] { return ForwardingStore::RenewLease(lease_id, extension, now); });
}
absl::Status MeasuredStore::ReleaseLease(const std::string& lease_id, absl::Time now) {
  return Timed("ReleaseLease", [&] { return ForwardingStore::ReleaseLease(lease_id, now); });
}
absl::StatusOr<ReportSummary> MeasuredStore::ApplyReport(const std::string& lease_id, const ScrapeReport& report,
                                                         const SchedulePolicy& policy, absl::Time now) {
  return Timed("ApplyReport", [&] { return ForwardingStore::ApplyReport(lease_id, report, policy, now); });
}
absl::StatusOr<std::vector<ChangeRecord>> MeasuredStore::ListChanges(int64_t after, const std::string& page_url,
                                                                     int limit) {
  return Timed("ListChanges", [&] { return ForwardingStore::ListChanges(after, page_url, limit); });
}
absl::StatusOr<int64_t> MeasuredStore::LatestChangeSequence() {
  return Timed("LatestChangeSequence", [&] { return ForwardingStore::LatestChangeSequence(); });
}
absl::Status MeasuredStore::CreateSubscription(const SubscriptionRecord& record, absl::Time now) {
  return Timed("CreateSubscription", [&] { return ForwardingStore::CreateSubscription(record, now); });
}
absl::StatusOr<std::vector<Subscription>> MeasuredStore::ListSubscriptions() {
  return Timed("ListSubscriptions", [&] { return ForwardingStore::ListSubscriptions(); });
}
absl::StatusOr<Subscription> MeasuredStore::GetSubscription(const std::string& id) {
  return Timed("GetSubscription", [&] { return ForwardingStore::GetSubscription(id); });
}
absl::Status MeasuredStore::DeleteSubscription(const std::string& id) {
  return Timed("DeleteSubscription", [&] { return ForwardingStore::DeleteSubscription(id); });
}
absl::StatusOr<FanOut> MeasuredStore::DispatchChanges(const SubscriptionMatcher& matches, int max_changes,
                                                      absl::Time now) {
  return Timed("DispatchChanges", [&] { return ForwardingStore::DispatchChanges(matches, max_changes, now); });
}
absl::StatusOr<int> MeasuredStore::PruneDeliveries(absl::Time before) {
  return Timed("PruneDeliveries", [&] { return ForwardingStore::PruneDeliveries(before); });
}
absl::StatusOr<std::vector<Delivery>> MeasuredStore::ClaimDeliveries(const std::string& owner, int max,
                                                                     absl::Duration lease, absl::Time now) {
  return Timed("ClaimDeliveries", [&] { return ForwardingStore::ClaimDeliveries(owner, max, lease, now); });
}
absl::Status MeasuredStore::MarkDelivered(int64_t id, const std::string& owner, absl::Time now) {
  return Timed("MarkDelivered", [&] { return ForwardingStore::MarkDelivered(id, owner, now); });
}
absl::Status MeasuredStore::MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                              std::optional<absl::Time> retry_at, absl::Time now) {
  return Timed("MarkAttemptFailed", [&] { return ForwardingStore::MarkAttemptFailed(id, owner, error, retry_at, now); });
}

}  // namespace statusphere::metrics
