// The store: every method once, over a Connection (SQLite or PostgreSQL) and its Dialect.
// Backends add only how to connect and their migrations; the records it keeps are in
// ../store.h.
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

class SqlStore {
 public:
  SqlStore(std::unique_ptr<Connection> connection, Dialect dialect);

  // What one page may make the store keep; set before use.
  void set_limits(const StoreLimits& limits) { limits_ = limits; }

  // Moves on after every write that can change an answer (pages, components, incidents);
  // the answer cache keeps nothing built before it moved.
  uint64_t content_generation() const { return content_generation_.load(std::memory_order_acquire); }

  // --- Pages ---------------------------------------------------------------------------
  // ALREADY_EXISTS when the url, or the name case-insensitively, is taken.
  absl::StatusOr<StatusPage> AddPage(const NewPage& page, absl::Time now);
  // Removes the page, its incidents, components and leases. NOT_FOUND when unknown.
  // A removed catalog page is remembered so that reconciliation does not bring it back.
  absl::Status RemovePage(const std::string& url);
  // NOT_FOUND when unknown; ALREADY_EXISTS when another page has the name.
  absl::StatusOr<StatusPage> RenamePage(const std::string& url, const std::string& new_name);
  // Brings catalog pages in line with `entries`: adds new ones, updates names and
  // providers of catalog pages that changed, removes catalog pages no longer listed.
  // Pages added at run time are never touched.
  absl::StatusOr<CatalogReconciliation> ReconcileCatalog(const std::vector<NewPage>& entries, absl::Time now);

  // All pages sorted by name case-insensitively, without components.
  absl::StatusOr<std::vector<StatusPage>> ListPages();
  // Every page's list mark (in ListPages' order when `in_order`), the pages in maintenance at
  // `now` and the page list's version: what a kept copy of ListPages (server/page_list.h)
  // needs to know which of its pages to read again. Marks are read before the pages are,
  // so a page written meanwhile is at worst read again next time, never kept stale. In
  // order is an index walk with a row lookup per page (most of the call at 100,000 pages);
  // the order changes only with the version.
  absl::StatusOr<PageMarks> ListPageMarks(absl::Time now, bool in_order = true);
  // A counter kept with the pages (in the transaction of every add and removal): one row
  // read, whatever the number of pages.
  absl::StatusOr<int> CountPages();
  // Moves on in the transaction of every page added, renamed or removed, through any server
  // sharing the database: what was built from the page list (the search index) is current
  // while it has not moved. Scrape reports do not move it.
  absl::StatusOr<int64_t> PageListVersion();
  // Every page's url and name, unordered, with the version read first: a page added
  // meanwhile may be listed under the older version, never left out of the newer one.
  absl::StatusOr<PageNames> ListPageNames();
  // These pages as ListPages gives them (without components), in the order asked; unknown
  // urls (a page removed meanwhile) are left out. With `page_list_version`, the version
  // read first in the same transaction (search checks its index with it, in one round).
  absl::StatusOr<std::vector<StatusPage>> ListPagesByUrl(const std::vector<std::string>& urls,
                                                         int64_t* page_list_version = nullptr);
  // ListPages' order, at most `limit` (>= 1) pages after `after` (from the first when
  // nullopt; `after` need not be a stored page's key, e.g. the last one was removed).
  absl::StatusOr<PageSlice> ListPagesAfter(const std::optional<PageOrderKey>& after, int limit);
  // With components. NOT_FOUND when unknown.
  absl::StatusOr<StatusPage> GetPageByUrl(const std::string& url);
  absl::StatusOr<StatusPage> GetPageByName(const std::string& name);

  // --- Incidents -----------------------------------------------------------------------
  // NOT_FOUND when the page is unknown.
  absl::StatusOr<std::vector<Incident>> ListIncidents(const IncidentQuery& query);
  // Incidents of the page without an end time, maintenance excluded, newest first.
  // Incidents handed out (these, ListIncidents, changes, deliveries) carry a description
  // where the platform gave none (incident_description.h); stored ones keep the platform's.
  absl::StatusOr<std::vector<Incident>> ListUnresolvedIncidents(const std::string& page_url);

  // Pages never indexed or failing: failing ones first, longest failing first, then the
  // others by name.
  absl::StatusOr<std::vector<UnhealthyPage>> ListUnhealthyPages();

  // --- Scraping ------------------------------------------------------------------------
  // Leases up to `max_pages` due pages (never one that holds a live lease), earliest due
  // first. A page never scraped is due before every page that has been: one an
  // administrator added first of all (someone is waiting for it), then new catalog pages.
  absl::StatusOr<std::vector<LeaseRecord>> LeaseDuePages(const std::string& scraper_id, int max_pages,
                                                         absl::Duration lease_duration, absl::Time now);
  // NOT_FOUND for an unknown lease, FAILED_PRECONDITION for an expired one.
  absl::StatusOr<absl::Time> RenewLease(const std::string& lease_id, absl::Duration extension, absl::Time now);
  absl::Status ReleaseLease(const std::string& lease_id, absl::Time now);
  // Applies a report and ends its lease, atomically: either all of it is stored or none.
  // Components that were stored before and whose status the report changes are logged
  // as one component change (ChangeRecord.components), after the report's incident
  // changes, with the page's overall status before and after the report.
  absl::StatusOr<ReportSummary> ApplyReport(const std::string& lease_id, const ScrapeReport& report,
                                            const SchedulePolicy& policy, absl::Time now);

  // --- Changes -------------------------------------------------------------------------
  // Incident changes with sequence > after, oldest first, at most `limit`; optionally of
  // one page. Component changes share the sequence and are left out unless asked for
  // (watch streams that keep answers about pages want them; feeds of incidents do not).
  enum class ChangeKinds { kIncidents, kIncidentsAndComponents };
  absl::StatusOr<std::vector<ChangeRecord>> ListChanges(int64_t after, const std::string& page_url, int limit,
                                                        ChangeKinds kinds = ChangeKinds::kIncidents);
  // The sequence of the newest change (0 when none).
  absl::StatusOr<int64_t> LatestChangeSequence();
  // Changes up to this sequence may have been pruned (0 when none was): a reader resuming
  // after an older sequence has missed some. Read it after ListChanges: it only grows.
  absl::StatusOr<int64_t> PrunedChangesThrough();
  // Deletes the changes stored before `before` that the notification fan-out has passed
  // (all of them while there is no subscription); returns how many.
  absl::StatusOr<int> PruneChanges(absl::Time before);

  // --- Subscriptions and their outbox ----------------------------------------------------
  // Stores a new subscription (its id set by the caller); it receives changes stored after
  // this call only (exactly: changes in flight during the call count as before it).
  // ALREADY_EXISTS when the id is taken.
  absl::Status CreateSubscription(const SubscriptionRecord& record, absl::Time now);
  // Oldest first, with delivery state, without secrets. Target urls are returned in full:
  // redacting them is the API's business.
  absl::StatusOr<std::vector<Subscription>> ListSubscriptions();
  // NOT_FOUND when unknown.
  absl::StatusOr<Subscription> GetSubscription(const std::string& id);
  // Also drops its outbox rows. NOT_FOUND when unknown.
  absl::Status DeleteSubscription(const std::string& id);

  // Fans out up to `max_changes` changes past the durable dispatch cursor: one outbox row
  // per (matching subscription, change), due at `now`, and advances the cursor, in one
  // transaction, so that each change is fanned out exactly once even across restarts and
  // servers. Without subscriptions it does nothing (the first subscription moves the
  // cursor to its start).
  absl::StatusOr<FanOut> DispatchChanges(const SubscriptionMatcher& matches, int max_changes, absl::Time now);
  // Deletes delivered and failed outbox rows created before `before`; returns how many.
  absl::StatusOr<int> PruneDeliveries(absl::Time before);
  // Leases up to `max` due outbox rows to `owner` until now + `lease`, counting an
  // attempt on each. A row is due when pending, its next attempt time has come, its lease
  // (if any) expired, and no earlier change of the same incident for the same
  // subscription is still pending (order per incident). Never one row to two owners.
  absl::StatusOr<std::vector<Delivery>> ClaimDeliveries(const std::string& owner, int max, absl::Duration lease,
                                                        absl::Time now);
  // The target accepted row `id`. FAILED_PRECONDITION when `owner` no longer holds it.
  absl::Status MarkDelivered(int64_t id, const std::string& owner, absl::Time now);
  // An attempt failed with `error`: retry at `retry_at`, or give up (row failed) when
  // nullopt. FAILED_PRECONDITION when `owner` no longer holds it.
  absl::Status MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                 std::optional<absl::Time> retry_at, absl::Time now);
  // Digest subscriptions (digest_minutes > 0) are never handed out by ClaimDeliveries:
  // their window opens with the oldest pending row's creation and closes `digest_minutes`
  // * `minute` later (`minute` is a minute; tests shorten it). Once closed, leases the
  // window's rows of one such subscription to `owner`, oldest change first, within
  // `limits` (at least one row), counting an attempt on each; a retry claims the same rows
  // again. Empty when no window is due, or its rows are leased or waiting for a retry.
  absl::StatusOr<DigestBatch> ClaimDigest(const std::string& owner, const DigestLimits& limits, absl::Duration minute,
                                          absl::Duration lease, absl::Time now);
  // The above for several rows in one transaction: all of them or, when `owner` no longer
  // holds one, none (FAILED_PRECONDITION).
  absl::Status MarkDelivered(const std::vector<int64_t>& ids, const std::string& owner, absl::Time now);
  absl::Status MarkAttemptFailed(const std::vector<int64_t>& ids, const std::string& owner, const std::string& error,
                                 std::optional<absl::Time> retry_at, absl::Time now);

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
  // `stored`: the page's components as stored, in order.
  absl::Status ReplaceComponents(Transaction& tx, const std::string& page_url, const std::vector<Component>& stored,
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

namespace statusphere::store {
// The store the server is built on. One class: the databases differ only below it, in their
// Connection and Dialect, so that is the only seam that is virtual.
using Store = sql::SqlStore;
}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_SQL_SQL_STORE_H_
