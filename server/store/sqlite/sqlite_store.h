// The embedded Store: one SQLite file, zero set-up. One connection serialized by a mutex
// (WAL journal), which is ample for one server process; many servers share PostgreSQL.
#ifndef STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_STORE_H_
#define STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "server/store/sqlite/sqlite_db.h"
#include "server/store/store.h"

namespace statusphere::store {

class SqliteStore : public Store {
 public:
  // Opens or creates the database at `path` (":memory:" for a private in-memory one) and
  // applies pending migrations.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  absl::StatusOr<StatusPage> AddPage(const NewPage& page, absl::Time now) override;
  absl::Status RemovePage(const std::string& url) override;
  absl::StatusOr<StatusPage> RenamePage(const std::string& url, const std::string& new_name) override;
  absl::StatusOr<CatalogReconciliation> ReconcileCatalog(const std::vector<NewPage>& entries,
                                                         absl::Time now) override;
  absl::StatusOr<std::vector<StatusPage>> ListPages() override;
  absl::StatusOr<int> CountPages() override;
  absl::StatusOr<StatusPage> GetPageByUrl(const std::string& url) override;
  absl::StatusOr<StatusPage> GetPageByName(const std::string& name) override;
  absl::StatusOr<std::vector<Incident>> ListIncidents(const IncidentQuery& query) override;
  absl::StatusOr<std::vector<Incident>> ListUnresolvedIncidents(const std::string& page_url) override;
  absl::StatusOr<std::vector<LeaseRecord>> LeaseDuePages(const std::string& scraper_id,
                                                         int max_pages,
                                                         absl::Duration lease_duration,
                                                         absl::Time now) override;
  absl::StatusOr<absl::Time> RenewLease(const std::string& lease_id, absl::Duration extension,
                                        absl::Time now) override;
  absl::Status ReleaseLease(const std::string& lease_id, absl::Time now) override;
  absl::StatusOr<ReportSummary> ApplyReport(const std::string& lease_id, const ScrapeReport& report,
                                            const SchedulePolicy& policy, absl::Time now) override;
  absl::StatusOr<std::vector<ChangeRecord>> ListChanges(int64_t after, const std::string& page_url,
                                                        int limit) override;
  absl::StatusOr<int64_t> LatestChangeSequence() override;

  // Subscriptions and the notification outbox (in {sqlite,postgres}_subscriptions.cc).
  absl::Status CreateSubscription(const SubscriptionRecord& record, absl::Time now) override;
  absl::StatusOr<std::vector<Subscription>> ListSubscriptions() override;
  absl::StatusOr<Subscription> GetSubscription(const std::string& id) override;
  absl::Status DeleteSubscription(const std::string& id) override;
  absl::StatusOr<FanOut> DispatchChanges(const SubscriptionMatcher& matches, int max_changes, absl::Time now) override;
  absl::StatusOr<int> PruneDeliveries(absl::Time before) override;
  absl::StatusOr<std::vector<Delivery>> ClaimDeliveries(const std::string& owner, int max, absl::Duration lease,
                                                        absl::Time now) override;
  absl::Status MarkDelivered(int64_t id, const std::string& owner, absl::Time now) override;
  absl::Status MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                 std::optional<absl::Time> retry_at, absl::Time now) override;

 private:
  explicit SqliteStore(std::unique_ptr<sqlite::Database> db) : db_(std::move(db)) {}

  // Helpers below expect mu_ to be held.
  absl::StatusOr<StatusPage> LoadPage(const std::string& where_sql, const std::string& key);
  absl::Status LoadComponents(StatusPage& page);
  absl::StatusOr<StatusPage> InsertPage(const NewPage& page, absl::Time now);
  absl::StatusOr<std::vector<Incident>> QueryIncidents(sqlite::Statement& stmt);
  absl::Status UpsertIncidents(const std::string& page_url, const std::vector<Incident>& incidents,
                               absl::Time now, ReportSummary& summary);
  // Closes the page's open incidents that a report listing every open one no longer lists.
  absl::Status CloseIncidentsNoLongerListed(const std::string& page_url, const std::vector<Incident>& reported,
                                            absl::Time now, ReportSummary& summary);
  // Whether the page's stored components are exactly `components`, in order.
  absl::StatusOr<bool> ComponentsStoredAs(const std::string& page_url, const std::vector<Component>& components);
  absl::Status ReplaceComponents(const std::string& page_url, const std::vector<Component>& components);
  absl::Status SaveValidators(const std::string& page_url,
                              const std::map<std::string, HttpValidators>& validators);

  absl::Mutex mu_;
  std::unique_ptr<sqlite::Database> db_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_STORE_H_
