// The production Store: PostgreSQL through libpqxx, for many servers and scrapers on one
// database. Leases use SELECT ... FOR UPDATE SKIP LOCKED so that concurrent servers never
// hand one page to two scrapers.
#ifndef STATUSPHERE_SERVER_STORE_POSTGRES_POSTGRES_STORE_H_
#define STATUSPHERE_SERVER_STORE_POSTGRES_POSTGRES_STORE_H_

#include <atomic>
#include <memory>
#include <string>

#include "server/store/postgres/connection_pool.h"
#include "server/store/store.h"

namespace statusphere::store {

class PostgresStore : public Store {
 public:
  // Connects with a libpq connection string ("postgresql://user@host:port/db" or
  // "host=... dbname=...") and applies pending migrations: Connect, then Prepare.
  static absl::StatusOr<std::unique_ptr<PostgresStore>> Open(const std::string& connection_string,
                                                             int pool_size = 8);
  // A store that has not talked to the database yet: every call is UNAVAILABLE until
  // Prepare succeeds. A server starts this way so that it can come up while its database
  // is down, and serve once the database answers.
  static std::unique_ptr<PostgresStore> Connect(const std::string& connection_string, int pool_size = 8);
  // Applies pending migrations; UNAVAILABLE while the database does not answer (retry),
  // FAILED_PRECONDITION when its schema is newer than this server. Once it has succeeded,
  // further calls do nothing.
  absl::Status Prepare();

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
  absl::StatusOr<std::vector<LeaseRecord>> LeaseDuePages(const std::string& scraper_id, int max_pages,
                                                         absl::Duration lease_duration, absl::Time now) override;
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
  explicit PostgresStore(std::unique_ptr<postgres::ConnectionPool> pool) : pool_(std::move(pool)) {}

  // The pool's Transact, refused until Prepare has brought the schema up to date.
  template <typename T>
  absl::StatusOr<T> Transact(const std::function<absl::StatusOr<T>(pqxx::work&)>& body) {
    if (!ready_.load()) {
      return absl::UnavailableError("postgres: the database has not answered since the server started");
    }
    return pool_->Transact<T>(body);
  }

  std::unique_ptr<postgres::ConnectionPool> pool_;
  std::atomic<bool> ready_{false};
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_POSTGRES_POSTGRES_STORE_H_
