#include "server/store/sql/schema.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/status_macros.h"

namespace statusphere::store::sql {
namespace {

// The schema, as an ordered list of migrations; {placeholders} name the dialect's types.
// A migration once released is never edited: changes are new entries at the end. Times
// are microseconds since the Unix epoch; 0 means "never".
constexpr const char* kMigrations[] = {
    // 1: pages, components, incidents, leases, validators, the change log.
    R"sql(
CREATE TABLE pages (
  url                    TEXT PRIMARY KEY,
  name                   TEXT NOT NULL,
  name_key               TEXT NOT NULL UNIQUE,   -- lower(name): names are unique case-insensitively
  provider               TEXT NOT NULL DEFAULT '',
  origin                 TEXT NOT NULL CHECK (origin IN ('catalog', 'admin')),
  created_at             {int64} NOT NULL,
  last_current_scrape    {int64} NOT NULL DEFAULT 0,
  last_historical_scrape {int64} NOT NULL DEFAULT 0,
  is_indexed             {boolean} NOT NULL DEFAULT {false},
  last_error             TEXT NOT NULL DEFAULT '',
  last_error_time        {int64} NOT NULL DEFAULT 0,
  consecutive_failures   INTEGER NOT NULL DEFAULT 0,
  next_current_at        {int64} NOT NULL,
  next_historical_at     {int64} NOT NULL
);
-- LeaseDuePages: pages by the earlier of their two due times.
CREATE INDEX pages_by_due ON pages ({least}(next_current_at, next_historical_at));

-- Catalog pages an administrator removed: reconciliation must not bring them back.
CREATE TABLE removed_catalog_pages (
  url        TEXT PRIMARY KEY,
  removed_at {int64} NOT NULL
);

CREATE TABLE components (
  page_url  TEXT NOT NULL REFERENCES pages (url) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  id        TEXT NOT NULL,
  name      TEXT NOT NULL,
  status    TEXT NOT NULL,
  group_name TEXT NOT NULL,
  PRIMARY KEY (page_url, position)
);

CREATE TABLE incidents (
  page_url    TEXT NOT NULL REFERENCES pages (url) ON DELETE CASCADE,
  incident_id TEXT NOT NULL,
  start_time  {int64} NOT NULL,
  end_time    {int64},            -- NULL while the incident is open
  impact      TEXT NOT NULL,
  data        {bytes} NOT NULL,      -- serialized statusphere.v1.Incident, events included
  updated_at  {int64} NOT NULL,
  PRIMARY KEY (page_url, incident_id)
);
-- ListIncidents: newest first per page (with or without an impact filter).
CREATE INDEX incidents_by_page_start ON incidents (page_url, start_time DESC);
-- GetCurrentStatus: open incidents of a page.
CREATE INDEX incidents_open ON incidents (page_url)
  WHERE end_time IS NULL AND impact <> 'maintenance';

CREATE TABLE leases (
  lease_id   TEXT PRIMARY KEY,
  page_url   TEXT NOT NULL UNIQUE REFERENCES pages (url) ON DELETE CASCADE,
  kind       INTEGER NOT NULL,
  scraper_id TEXT NOT NULL,
  expires_at {int64} NOT NULL
);
CREATE INDEX leases_by_expiry ON leases (expires_at);

CREATE TABLE http_validators (
  page_url      TEXT NOT NULL REFERENCES pages (url) ON DELETE CASCADE,
  fetch_url     TEXT NOT NULL,
  etag          TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  PRIMARY KEY (page_url, fetch_url)
);

CREATE TABLE incident_changes (
  sequence    {serial},
  page_url    TEXT NOT NULL,
  incident_id TEXT NOT NULL,
  kind        INTEGER NOT NULL,
  change_time {int64} NOT NULL,
  data        {bytes} NOT NULL       -- the incident as stored after the change
);
CREATE INDEX incident_changes_by_page ON incident_changes (page_url, sequence);
)sql",
    // 2: webhook subscriptions and the notification outbox.
    R"sql(
CREATE TABLE subscriptions (
  id             TEXT PRIMARY KEY,
  data           {bytes} NOT NULL,     -- serialized statusphere.v1.Subscription (delivery state left out)
  secret         TEXT NOT NULL,     -- HMAC key of a generic JSON webhook; '' for unsigned kinds
  start_sequence {int64} NOT NULL,  -- changes up to this one predate the subscription
  created_at     {int64} NOT NULL
);

-- How far the change log has been fanned out into the outbox (one row).
CREATE TABLE notification_cursor (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_sequence {int64} NOT NULL
);
-- Existing history is not news: fan-out starts at the newest change.
INSERT INTO notification_cursor (id, last_sequence)
  SELECT 1, coalesce(max(sequence), 0) FROM incident_changes;

-- One row per (subscription, change) to deliver. The incident is copied: removing a page
-- drops its change log, not notifications already owed.
CREATE TABLE notification_outbox (
  id              {serial},
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  change_sequence {int64} NOT NULL,
  page_url        TEXT NOT NULL,
  incident_id     TEXT NOT NULL,
  kind            INTEGER NOT NULL,
  change_time     {int64} NOT NULL,
  data            {bytes} NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at {int64} NOT NULL,
  last_attempt_at {int64} NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  last_error_at   {int64} NOT NULL DEFAULT 0,
  lease_owner     TEXT NOT NULL DEFAULT '',
  lease_until     {int64} NOT NULL DEFAULT 0,
  created_at      {int64} NOT NULL,
  delivered_at    {int64} NOT NULL DEFAULT 0,
  UNIQUE (subscription_id, change_sequence)
);
-- ClaimDeliveries: due rows, and the earlier pending rows of the same incident.
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notification_outbox_pending_by_incident
  ON notification_outbox (subscription_id, page_url, incident_id, change_sequence) WHERE state = 'pending';
)sql",
    // 3: LeaseDuePages orders by due time, then url. Indexed by due time alone, pages due at
    // the same moment (a whole catalog after its import, every page after a pause) were
    // all read and sorted on every lease, so leasing a catalog cost its size squared.
    R"sql(
DROP INDEX pages_by_due;
CREATE INDEX pages_by_due ON pages ({least}(next_current_at, next_historical_at), url);
)sql",
    // 4: since when a page fails and why, for operators and for the schedule
    // (a page no provider recognises backs off longer). Pages never scraped become due
    // before every scraped one (see kDueFirst in sql_store.cc): an upgraded database's
    // unscraped pages were queued behind the failing backlog.
    R"sql(
ALTER TABLE pages ADD COLUMN failing_since {int64} NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN last_error_reason INTEGER NOT NULL DEFAULT 0;
UPDATE pages SET failing_since = last_error_time WHERE consecutive_failures > 0;
UPDATE pages SET next_current_at = CASE WHEN origin = 'admin' THEN 0 ELSE 1 END
  WHERE last_current_scrape = 0 AND last_historical_scrape = 0 AND last_error_time = 0;
)sql",
    // 5: the page's own overall indicator (StatusPage.platform_indicator), and the open
    // maintenances, which the overall status reads on every page read (a window in
    // progress makes a page DEGRADED). Rows need no rewrite for the content key of
    // updates (incident_merge.h UpdateKey): it is computed on merge from the stored
    // incident, and is finer than the (time, title) key the stored updates were kept by.
    R"sql(
ALTER TABLE pages ADD COLUMN platform_indicator TEXT NOT NULL DEFAULT '';
CREATE INDEX incidents_open_maintenance ON incidents (page_url)
  WHERE end_time IS NULL AND impact = 'maintenance';
)sql",
    // 6: the page list's order, which ListPagesAfter reads from a cursor ((name_key, url) >
    // (...)): an index range on both databases, whatever their planners make of name_key's
    // own index (PostgreSQL 15 also managed with it and an incremental sort). And the
    // components that make a page DEGRADED, which every page read asks about (rows.h
    // kPageColumns): without that index PostgreSQL answered by reading the whole
    // components table on every lease and every slice of the list (at 100,000 pages: the
    // lease query 332 ms, 1.9 ms with it; a slice of 100 174 ms, 10 ms).
    R"sql(
CREATE INDEX pages_by_order ON pages (name_key, url);
CREATE INDEX components_degraded ON components (page_url)
  WHERE status IN ('degraded_performance', 'partial_outage', 'major_outage');
)sql",
    // 7: bounded storage. A change-log row held the whole incident after each change, so
    // a page adding updates to one incident grew the log with the square of its updates:
    // new rows hold a delta (change_delta.h: `data` the incident with only the updates the
    // change added or rewrote, `removed` the updates it took away); rows from before keep
    // the whole incident, and `removed` NULL says so. Rebuilding an incident reads its
    // later changes, by incident. The log is pruned (PruneChanges), and readers learn from
    // change_log_state how far. Each page counts the bytes it stores against its budget.
    R"sql(
ALTER TABLE incident_changes ADD COLUMN removed {bytes};
CREATE INDEX incident_changes_by_incident ON incident_changes (page_url, incident_id, sequence);
CREATE INDEX incident_changes_by_time ON incident_changes (change_time);
CREATE TABLE change_log_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  pruned_through {int64} NOT NULL
);
INSERT INTO change_log_state (id, pruned_through) VALUES (1, 0);
ALTER TABLE pages ADD COLUMN stored_bytes {int64} NOT NULL DEFAULT 0;
UPDATE pages SET stored_bytes =
  (SELECT coalesce(sum(length(data)), 0) FROM incidents i WHERE i.page_url = pages.url) +
  (SELECT coalesce(sum(length(data)), 0) FROM incident_changes c WHERE c.page_url = pages.url);
)sql",
    // 8: the number of pages, kept in the transaction of every add and removal, so that
    // CountStatusPages and the list's totalSize read one row instead of counting 100,000
    // (12 ms, growing with the catalog); and the page list's version, moved on by every add,
    // rename and removal, by which each server's search index (server/page_index.h) knows
    // that it must be rebuilt, whichever server changed the list.
    R"sql(
CREATE TABLE page_list_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  page_count {int64} NOT NULL,
  version    {int64} NOT NULL
);
INSERT INTO page_list_state (id, page_count, version) SELECT 1, count(*), 1 FROM pages;
)sql",
    // 9: the digest of the last successful report merged into the page (report_digest.h):
    // a report with the same one is not merged again, most scrapes finding a page as it was.
    R"sql(
ALTER TABLE pages ADD COLUMN report_digest TEXT NOT NULL DEFAULT '';
)sql",
    // 10: an EMAIL subscription's digest window (WebhookTarget.digest_minutes, 0 for none),
    // in a column so that claims can tell digest rows, sent together, from single ones.
    R"sql(
ALTER TABLE subscriptions ADD COLUMN digest_minutes INTEGER NOT NULL DEFAULT 0;
)sql",
    // 11: a page's lease, marked on its row until the lease's deadline (0: none), which the
    // due query reads (sql_lease.cc): a lease that left the page row unchanged was not seen
    // by a due query that had begun a moment before it committed, and that query's lease
    // came back empty. The leases table still says who holds a page. Not indexed, so that
    // marking a page leaves its row's update in place (HOT) where it can.
    R"sql(
ALTER TABLE pages ADD COLUMN leased_until {int64} NOT NULL DEFAULT 0;
UPDATE pages SET leased_until = (SELECT l.expires_at FROM leases l WHERE l.page_url = pages.url)
  WHERE url IN (SELECT page_url FROM leases);
)sql",
    // 12: a page's list mark, a new random value written with every change of what the
    // page list shows of it (its row, its open incidents, its components: a report always
    // writes the row too). Each server keeps the whole list's entries (server/page_list.h)
    // and re-reads only the pages whose mark moved, through whichever server.
    R"sql(
ALTER TABLE pages ADD COLUMN list_mark {int64} NOT NULL DEFAULT 0;
)sql",
};

}  // namespace

int64_t LatestSchemaVersion() { return static_cast<int64_t>(std::size(kMigrations)); }

absl::Status Migrate(Transaction& tx, const Dialect& dialect) { return MigrateTo(tx, dialect, LatestSchemaVersion()); }

absl::Status MigrateTo(Transaction& tx, const Dialect& dialect, int64_t version_wanted) {
  if (!dialect.migration_lock.empty()) RETURN_IF_ERROR(tx.Query(dialect.migration_lock));
  RETURN_IF_ERROR(tx.ExecuteScript(
      absl::StrCat("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at ",
                   dialect.migration_time, ")")));
  ASSIGN_OR_RETURN(auto current, tx.Query("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  const int64_t applied = current[0].Int(0);
  const int64_t known = LatestSchemaVersion();
  if (applied > known) {
    return absl::FailedPreconditionError(absl::StrCat("database schema version ", applied,
                                                      " is newer than this server (", known, "): upgrade the server"));
  }
  for (int64_t version = applied + 1; version <= std::min(known, version_wanted); ++version) {
    absl::Status s = tx.ExecuteScript(absl::StrReplaceAll(kMigrations[version - 1], {{"{int64}", dialect.int64},
                                                                                     {"{bytes}", dialect.bytes},
                                                                                     {"{boolean}", dialect.boolean},
                                                                                     {"{false}", dialect.false_value},
                                                                                     {"{serial}", dialect.serial},
                                                                                     {"{least}", dialect.least}}));
    if (s.ok()) s = tx.Execute("INSERT INTO schema_migrations (version) VALUES ($1)", {version}).status();
    if (!s.ok()) return absl::Status(s.code(), absl::StrCat("migration ", version, ": ", s.message()));
  }
  return absl::OkStatus();
}

}  // namespace statusphere::store::sql
