// The Store on a SQL database: every method once, over a Connection (SQLite or
// PostgreSQL) and its Dialect. Backends add only how to connect and their migrations.
#ifndef STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_H_
#define STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "common/metrics/metrics.h"
#include "common/status_macros.h"
#include "server/store/sql/connection.h"
#include "server/store/sql/dialect.h"
#include "server/store/store.h"

namespace statusphere::store::sql {

class SqlStore : public Store {
 public:
  SqlStore(std::unique_ptr<Connection> connection, Dialect dialect);

  absl::StatusOr<StatusPage> AddPage(const NewPage& page, absl::Time now) override;
  absl::Status RemovePage(const std::string& url) override;
  absl::StatusOr<StatusPage> RenamePage(const std::string& url, const std::string& new_name) override;
  absl::StatusOr<CatalogReconciliation> ReconcileCatalog(const std::vector<NewPage>& entries,
                                                         absl::Time now) override;
  absl::StatusOr<std::vector<StatusPage>> ListPages() override;
  absl::StatusOr<std::vector<UnhealthyPage>> ListUnhealthyPages() override;
  absl::StatusOr<int> CountPages() override;
  absl::StatusOr<int64_t> PageListVersion() override;
  absl::StatusOr<PageNames> ListPageNames() override;
  absl::StatusOr<std::vector<StatusPage>> ListPagesByUrl(const std::vector<std::string>& urls,
                                                         int64_t* page_list_version = nullptr) override;
  absl::StatusOr<PageSlice> ListPagesAfter(const std::optional<PageOrderKey>& after, int limit) override;
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
  absl::StatusOr<int64_t> PrunedChangesThrough() override;
  absl::StatusOr<int> PruneChanges(absl::Time before) override;

  // What one page may make the store keep; set before use.
  void set_limits(const StoreLimits& limits) { limits_ = limits; }

  // Subscriptions and the notification outbox (sql_subscriptions.cc).
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

  // Moves on after every write of content (a page added, renamed or removed, a catalog
  // reconciled, a report applied): an answer built before it may be out of date.
  uint64_t content_generation() const override { return content_generation_.load(std::memory_order_acquire); }

  // The database underneath, for a backend's own set-up and for tests.
  Connection& connection() { return *connection_; }
  const Dialect& dialect() const { return dialect_; }

 private:
  // Every method runs its body through one of these, named by the method: the one place a
  // call meets the database, so each operation is timed here
  // (statusphere_store_operation_duration_seconds{operation, outcome}) and each write of
  // content counted (content_generation). `body(Transaction&)` returns absl::Status or
  // absl::StatusOr<T>, which the call returns.
  //
  // Write: a transaction that changes what answers are built from (pages, components,
  // incidents): the generation moves on once it has returned, committed or not (a failure
  // may be a lost commit acknowledgement).
  template <typename Body>
  auto Write(const char* operation, Body&& body) {
    return Run(operation, &Connection::Transact, /*content=*/true, std::forward<Body>(body));
  }
  // Coordinate: a transaction on coordination and delivery state no answer shows (leases,
  // subscriptions, the outbox), which scrapers and senders write all the time.
  template <typename Body>
  auto Coordinate(const char* operation, Body&& body) {
    return Run(operation, &Connection::Transact, /*content=*/false, std::forward<Body>(body));
  }
  template <typename Body>
  auto Read(const char* operation, Body&& body) {
    return Run(operation, &Connection::Read, /*content=*/false, std::forward<Body>(body));
  }
  template <typename Body>
  auto Run(const char* operation, absl::Status (Connection::*how)(absl::FunctionRef<absl::Status(Transaction&)>),
           bool content, Body&& body) -> std::invoke_result_t<Body, Transaction&> {
    using Result = std::invoke_result_t<Body, Transaction&>;
    const metrics::Stopwatch stopwatch;
    absl::Status status;
    std::optional<Result> out;
    if constexpr (std::is_same_v<Result, absl::Status>) {
      status = (connection_.get()->*how)(body);
      out = status;
    } else {
      std::optional<typename Result::value_type> value;
      status = (connection_.get()->*how)([&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(value, body(tx));
        return absl::OkStatus();
      });
      if (status.ok()) {
        out = *std::move(value);
      } else {
        out = status;
      }
    }
    if (content) content_generation_.fetch_add(1, std::memory_order_acq_rel);
    Timed(operation, status.ok(), stopwatch.Seconds());
    return *std::move(out);
  }
  void Timed(const char* operation, bool ok, double seconds);

  // Helpers: they run inside the caller's transaction.
  absl::StatusOr<StatusPage> InsertPage(Transaction& tx, const NewPage& page, absl::Time now);
  absl::Status DeletePage(Transaction& tx, const std::string& url);
  // The page count and list version (page_list_state) moved on by `added` pages (negative:
  // removed), in the caller's transaction.
  absl::Status PageListChanged(Transaction& tx, int64_t added);
  absl::StatusOr<bool> NameTakenByOther(Transaction& tx, const std::string& name, const std::string& url);
  absl::StatusOr<StatusPage> LoadPage(Transaction& tx, absl::string_view where, const std::string& key);
  struct PendingChange;
  absl::Status UpsertIncidents(Transaction& tx, const std::string& page_url, const std::vector<Incident>& incidents,
                               absl::Time now, ReportSummary& summary, std::vector<PendingChange>& changes,
                               int64_t& stored_bytes);
  absl::StatusOr<ReportSummary> ApplyReportOnce(const std::string& lease_id, const ScrapeReport& report,
                                                const SchedulePolicy& policy, absl::Time now);
  // The changes in `rows` (sequence, kind, change_time, data, page_url, incident_id,
  // removed), each with its incident as it was after it (sql_changes.cc).
  absl::StatusOr<std::vector<ChangeRecord>> RebuildChanges(Transaction& tx, const std::vector<Row>& rows);
  absl::Status ReplaceComponents(Transaction& tx, const std::string& page_url,
                                 const std::vector<Component>& components);
  absl::Status WriteChanges(Transaction& tx, const std::string& page_url, const std::vector<PendingChange>& changes,
                            absl::Time now);
  absl::Status LockChangeLogForReading(Transaction& tx);
  // `clause` (FOR UPDATE ...) where rows can be locked, else nothing.
  absl::string_view RowLock(absl::string_view clause) const { return dialect_.row_locks ? clause : ""; }

  std::unique_ptr<Connection> connection_;
  const Dialect dialect_;
  std::atomic<uint64_t> content_generation_{0};
  metrics::Family<metrics::Histogram>& latency_;
  StoreLimits limits_;
};

}  // namespace statusphere::store::sql

#endif  // STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_H_
