#include "server/store/sqlite/migrations.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace statusphere::store::sqlite {
namespace {

// Times are microseconds since the Unix epoch; 0 means "never".
const std::vector<const char*>& Migrations() {
  static const auto* migrations = new std::vector<const char*>{
      // 1: pages, components, incidents, leases, validators, the change log.
      R"sql(
CREATE TABLE pages (
  url                    TEXT PRIMARY KEY,
  name                   TEXT NOT NULL,
  name_key               TEXT NOT NULL UNIQUE,   -- lower(name): names are unique case-insensitively
  provider               TEXT NOT NULL DEFAULT '',
  origin                 TEXT NOT NULL CHECK (origin IN ('catalog', 'admin')),
  created_at             INTEGER NOT NULL,
  last_current_scrape    INTEGER NOT NULL DEFAULT 0,
  last_historical_scrape INTEGER NOT NULL DEFAULT 0,
  is_indexed             INTEGER NOT NULL DEFAULT 0,
  last_error             TEXT NOT NULL DEFAULT '',
  last_error_time        INTEGER NOT NULL DEFAULT 0,
  consecutive_failures   INTEGER NOT NULL DEFAULT 0,
  next_current_at        INTEGER NOT NULL,
  next_historical_at     INTEGER NOT NULL
);
-- LeaseDuePages: pages by the earlier of their two due times.
CREATE INDEX pages_by_due ON pages (min(next_current_at, next_historical_at));

-- Catalog pages an administrator removed: reconciliation must not bring them back.
CREATE TABLE removed_catalog_pages (
  url        TEXT PRIMARY KEY,
  removed_at INTEGER NOT NULL
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
  start_time  INTEGER NOT NULL,
  end_time    INTEGER,            -- NULL while the incident is open
  impact      TEXT NOT NULL,
  data        BLOB NOT NULL,      -- serialized statusphere.v1.Incident, events included
  updated_at  INTEGER NOT NULL,
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
  expires_at INTEGER NOT NULL
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
  sequence    INTEGER PRIMARY KEY AUTOINCREMENT,
  page_url    TEXT NOT NULL,
  incident_id TEXT NOT NULL,
  kind        INTEGER NOT NULL,
  change_time INTEGER NOT NULL,
  data        BLOB NOT NULL       -- the incident as stored after the change
);
CREATE INDEX incident_changes_by_page ON incident_changes (page_url, sequence);
)sql",
      // 2: webhook subscriptions and the notification outbox.
      R"sql(
CREATE TABLE subscriptions (
  id             TEXT PRIMARY KEY,
  data           BLOB NOT NULL,     -- serialized statusphere.v1.Subscription (delivery state left out)
  secret         TEXT NOT NULL,     -- HMAC key of a generic JSON webhook; '' for unsigned kinds
  start_sequence INTEGER NOT NULL,  -- changes up to this one predate the subscription
  created_at     INTEGER NOT NULL
);

-- How far the change log has been fanned out into the outbox (one row).
CREATE TABLE notification_cursor (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_sequence INTEGER NOT NULL
);
-- Existing history is not news: fan-out starts at the newest change.
INSERT INTO notification_cursor (id, last_sequence)
  SELECT 1, coalesce(max(sequence), 0) FROM incident_changes;

-- One row per (subscription, change) to deliver. The incident is copied: removing a page
-- drops its change log, not notifications already owed.
CREATE TABLE notification_outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  change_sequence INTEGER NOT NULL,
  page_url        TEXT NOT NULL,
  incident_id     TEXT NOT NULL,
  kind            INTEGER NOT NULL,
  change_time     INTEGER NOT NULL,
  data            BLOB NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  last_error_at   INTEGER NOT NULL DEFAULT 0,
  lease_owner     TEXT NOT NULL DEFAULT '',
  lease_until     INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  delivered_at    INTEGER NOT NULL DEFAULT 0,
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
CREATE INDEX pages_by_due ON pages (min(next_current_at, next_historical_at), url);
)sql",
  };
  return *migrations;
}

}  // namespace

absl::Status Migrate(Database& db) {
  if (absl::Status s = db.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL DEFAULT (strftime('%s','now')))");
      !s.ok()) {
    return s;
  }
  int64_t applied = 0;
  {
    // Scoped: a statement still open keeps the schema locked, and a migration may drop an index.
    absl::StatusOr<Statement> current = db.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!current.ok()) return current.status();
    absl::StatusOr<bool> row = current->Step();
    if (!row.ok()) return row.status();
    applied = current->Int(0);
  }
  const auto& migrations = Migrations();
  if (applied > static_cast<int64_t>(migrations.size())) {
    return absl::FailedPreconditionError(
        absl::StrCat("database schema version ", applied, " is newer than this server (",
                     migrations.size(), "): upgrade the server"));
  }
  for (size_t i = static_cast<size_t>(applied); i < migrations.size(); ++i) {
    absl::Status s = InTransaction(db, [&]() -> absl::Status {
      if (absl::Status e = db.Exec(migrations[i]); !e.ok()) return e;
      absl::StatusOr<Statement> record = db.Prepare("INSERT INTO schema_migrations (version) VALUES (?1)");
      if (!record.ok()) return record.status();
      return record->Bind(1, static_cast<int64_t>(i + 1)).Run();
    });
    if (!s.ok()) return absl::Status(s.code(), absl::StrCat("migration ", i + 1, ": ", s.message()));
  }
  return absl::OkStatus();
}

}  // namespace statusphere::store::sqlite
