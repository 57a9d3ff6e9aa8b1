// The leasing half of the SQL store: which due pages a scraper takes, and renewing and
// releasing what it took. Reports, which end leases too, are in sql_scrape.cc.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/status_macros.h"
#include "server/store/lease_id.h"
#include "server/store/sql/rows.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::store::sql {
namespace {

// Pages per statement of a lease: a row of the lease insert takes 3 parameters, so a batch
// stays far below SQLite's bound on parameters per statement (999 in older builds).
constexpr size_t kPagesPerStatement = 100;

// Leases the due pages `due` (rows of kPageColumns then next_current_at, locked where rows
// can be), at most kPagesPerStatement, in a fixed number of statements whatever their
// number: each round trip waits for a core when the database is busy, and a lease had been
// three of them per page.
absl::StatusOr<std::vector<LeaseRecord>> LeaseLockedPages(Transaction& tx, absl::Span<const Row> due,
                                                          const std::string& scraper_id, absl::Time now,
                                                          absl::Time deadline) {
  std::vector<Value> expired = {Micros(now)};
  for (const Row& row : due) expired.emplace_back(row.Text(0));
  // An expired lease of these pages belongs to a scraper that died: it goes (only theirs,
  // whose rows are locked; other pages' expired leases go when they are leased). A live
  // one stays, and the unique page_url makes its insert below a no-op: the page is
  // someone else's.
  RETURN_IF_ERROR(tx.Execute(
      absl::StrCat("DELETE FROM leases WHERE expires_at <= $1 AND page_url IN (", Placeholders(2, due.size()), ")"),
      expired));
  std::map<std::string, LeaseRecord> offered;  // by page url
  std::string insert = "INSERT INTO leases (lease_id, page_url, kind, scraper_id, expires_at) VALUES ";
  std::vector<Value> params = {scraper_id, Micros(deadline)};
  for (const Row& row : due) {
    LeaseRecord& lease = offered[row.Text(0)];
    lease.lease_id = NewLeaseId(now);
    // Freshness first: a due current scrape goes before a due backfill.
    lease.kind = row.Int(kPageColumnCount) <= Micros(now) ? statusphere::v1::SCRAPE_KIND_CURRENT
                                                          : statusphere::v1::SCRAPE_KIND_HISTORICAL;
    lease.deadline = deadline;
    const size_t base = params.size();
    absl::StrAppend(&insert, base == 2 ? "" : ", ", "($", base + 1, ", $", base + 2, ", $", base + 3, ", $1, $2)");
    params.insert(params.end(), {lease.lease_id, row.Text(0), static_cast<int>(lease.kind)});
  }
  ASSIGN_OR_RETURN(auto inserted,
                   tx.Query(absl::StrCat(insert, " ON CONFLICT (page_url) DO NOTHING RETURNING page_url"), params));
  std::set<std::string> taken;
  for (const Row& row : inserted) taken.insert(row.Text(0));
  if (taken.empty()) return std::vector<LeaseRecord>();
  const std::vector<std::string> urls(taken.begin(), taken.end());
  // The leases table says who holds a page; the mark on the page row is what the due query
  // reads (LeaseDuePages). Renewals move it, releases and reports clear it.
  std::vector<Value> marked = {Micros(deadline)};
  marked.insert(marked.end(), urls.begin(), urls.end());
  RETURN_IF_ERROR(tx.Execute(
      absl::StrCat("UPDATE pages SET leased_until = $1 WHERE url IN (", Placeholders(2, urls.size()), ")"), marked));
  ASSIGN_OR_RETURN(std::set<std::string> in_maintenance, PagesInMaintenanceAmong(tx, now, urls));
  const std::vector<Value> url_params(urls.begin(), urls.end());
  ASSIGN_OR_RETURN(auto validators, tx.Query(absl::StrCat("SELECT page_url, fetch_url, etag, last_modified FROM "
                                                          "http_validators WHERE page_url IN (",
                                                          Placeholders(1, urls.size()), ")"),
                                             url_params));
  for (const Row& v : validators) offered[v.Text(0)].validators[v.Text(1)] = HttpValidators{v.Text(2), v.Text(3)};
  std::vector<LeaseRecord> leases;
  for (const Row& row : due) {  // in the due order
    if (taken.count(row.Text(0)) == 0) continue;
    LeaseRecord& lease = offered[row.Text(0)];
    lease.page = PageFromRow(row, in_maintenance.count(row.Text(0)) > 0);
    leases.push_back(std::move(lease));
  }
  return leases;
}

}  // namespace

absl::StatusOr<std::vector<LeaseRecord>> SqlStore::LeaseDuePages(const std::string& scraper_id, int max_pages,
                                                                 absl::Duration lease_duration, absl::Time now) {
  return Coordinate("LeaseDuePages", [&](Transaction& tx) -> absl::StatusOr<std::vector<LeaseRecord>> {
    // SKIP LOCKED: concurrent servers each take different due pages without waiting. A
    // lease is marked on its page row (leased_until), so a lease committed by another
    // server after this statement began still counts: its rows changed, PostgreSQL re-checks
    // the newest version of each row it locks, drops those now leased, and the LIMIT takes
    // the next due ones. Checking the leases table instead (a row the lease left unchanged
    // is locked without a re-check) lost 10-25 % of leases under a backlog to pages leased
    // a moment before (scale_bench --mode=steady). The LIMIT is written out, not bound: the
    // outer query's page columns (their EXISTS subqueries) are then planned for the few
    // rows kept, one index probe each, where a bound LIMIT let PostgreSQL plan them as
    // hashes of every open incident and degraded component (a thousand buffers a lease at
    // 100,000 pages). That is one prepared statement per batch size asked for.
    const auto due_at = [&](absl::string_view table) {
      return absl::StrCat(dialect_.least, "(", table, ".next_current_at, ", table, ".next_historical_at)");
    };
    ASSIGN_OR_RETURN(
        auto due,
        tx.Query(
            absl::StrCat("SELECT ", kPageColumns, ", p.next_current_at FROM (SELECT * FROM pages d WHERE ", due_at("d"),
                         " <= $1 AND d.leased_until <= $1 ORDER BY ", due_at("d"), ", d.url LIMIT ", max_pages,
                         RowLock(" FOR UPDATE OF d SKIP LOCKED"), ") p ORDER BY ", due_at("p"), ", p.url"),
            {Micros(now)}));
    std::vector<LeaseRecord> leases;
    const absl::Span<const Row> rows(due);
    for (size_t first = 0; first < rows.size(); first += kPagesPerStatement) {
      ASSIGN_OR_RETURN(std::vector<LeaseRecord> taken, LeaseLockedPages(tx, rows.subspan(first, kPagesPerStatement),
                                                                        scraper_id, now, now + lease_duration));
      for (LeaseRecord& lease : taken) leases.push_back(std::move(lease));
    }
    return leases;
  });
}

absl::StatusOr<absl::Time> SqlStore::RenewLease(const std::string& lease_id, absl::Duration extension, absl::Time now) {
  return Coordinate("RenewLease", [&](Transaction& tx) -> absl::StatusOr<absl::Time> {
    const absl::Status not_held = absl::NotFoundError(absl::StrCat("lease '", lease_id, "' is not held"));
    ASSIGN_OR_RETURN(auto held, tx.Query("SELECT page_url FROM leases WHERE lease_id = $1", {lease_id}));
    if (held.empty()) return not_held;
    const std::string page_url = held[0].Text(0);
    // The page row is locked before the lease, in the order every path takes them
    // (LeaseDuePages, ApplyReport), and the lease read again under that lock.
    if (dialect_.row_locks) RETURN_IF_ERROR(tx.Query("SELECT 1 FROM pages WHERE url = $1 FOR UPDATE", {page_url}));
    ASSIGN_OR_RETURN(auto lease,
                     tx.Query(absl::StrCat("SELECT expires_at FROM leases WHERE lease_id = $1", RowLock(" FOR UPDATE")),
                              {lease_id}));
    if (lease.empty()) return not_held;
    if (lease[0].Int(0) <= Micros(now)) {
      return absl::FailedPreconditionError(absl::StrCat("lease '", lease_id, "' has expired"));
    }
    const absl::Time deadline = now + extension;
    RETURN_IF_ERROR(tx.Execute("UPDATE leases SET expires_at = $2 WHERE lease_id = $1", {lease_id, Micros(deadline)}));
    RETURN_IF_ERROR(tx.Execute("UPDATE pages SET leased_until = $2 WHERE url = $1", {page_url, Micros(deadline)}));
    return deadline;
  });
}

absl::Status SqlStore::ReleaseLease(const std::string& lease_id, absl::Time) {
  return Coordinate("ReleaseLease", [&](Transaction& tx) -> absl::Status {
    // The page row first (locked by its update, as every path takes it before the lease),
    // its mark cleared: a released page is leasable at once. A lease already gone rolls
    // the clearing back with the error.
    RETURN_IF_ERROR(
        tx.Execute("UPDATE pages SET leased_until = 0 WHERE url = "
                   "(SELECT page_url FROM leases WHERE lease_id = $1)",
                   {lease_id}));
    ASSIGN_OR_RETURN(int64_t deleted, tx.Execute("DELETE FROM leases WHERE lease_id = $1", {lease_id}));
    if (deleted == 0) return absl::NotFoundError(absl::StrCat("lease '", lease_id, "' is not held"));
    return absl::OkStatus();
  });
}

}  // namespace statusphere::store::sql
