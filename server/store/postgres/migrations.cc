#include "server/store/postgres/migrations.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace statusphere::store::postgres {
namespace {

// Times are microseconds since the Unix epoch (BIGINT), as in the SQLite store; 0 = never.
const std::vector<const char*>& Migrations() {
  static const auto* migrations = new std::vector<const char*>{
      R"sql(
CREATE TABLE pages (
  url                    TEXT PRIMARY KEY,
  name                   TEXT NOT NULL,
  name_key               TEXT NOT NULL UNIQUE,
  provider               TEXT NOT NULL DEFAULT '',
  origin                 TEXT NOT NULL CHECK (origin IN ('catalog', 'admin')),
  created_at             BIGINT NOT NULL,
  last_current_scrape    BIGINT NOT NULL DEFAULT 0,
  last_historical_scrape BIGINT NOT NULL DEFAULT 0,
  is_indexed             BOOLEAN NOT NULL DEFAULT FALSE,
  last_error             TEXT NOT NULL DEFAULT '',
  last_error_time        BIGINT NOT NULL DEFAULT 0,
  consecutive_failures   INTEGER NOT NULL DEFAULT 0,
  next_current_at        BIGINT NOT NULL,
  next_historical_at     BIGINT NOT NULL
);
CREATE INDEX pages_by_due ON pages (LEAST(next_current_at, next_historical_at));
CREATE TABLE removed_catalog_pages (url TEXT PRIMARY KEY, removed_at BIGINT NOT NULL);
CREATE TABLE components (
  page_url   TEXT NOT NULL REFERENCES pages (url) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  id         TEXT NOT NULL,
  name       TEXT NOT NULL,
  status     TEXT NOT NULL,
  group_name TEXT NOT NULL,
  PRIMARY KEY (page_url, position)
);
CREATE TABLE incidents (
  page_url    TEXT NOT NULL REFERENCES pages (url) ON DELETE CASCADE,
  incident_id TEXT NOT NULL,
  start_time  BIGINT NOT NULL,
  end_time    BIGINT,
  impact      TEXT NOT NULL,
  data        BYTEA NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (page_url, incident_id)
);
CREATE INDEX incidents_by_page_start ON incidents (page_url, start_time DESC);
CREATE INDEX incidents_open ON incidents (page_url) WHERE end_time IS NULL AND impact <> 'maintenance';
CREATE TABLE leases (
  lease_id   TEXT PRIMARY KEY,
  page_url   TEXT NOT NULL UNIQUE REFERENCES pages (url) ON DELETE CASCADE,
  kind       INTEGER NOT NULL,
  scraper_id TEXT NOT NULL,
  expires_at BIGINT NOT NULL
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
  sequence    BIGSERIAL PRIMARY KEY,
  page_url    TEXT NOT NULL,
  incident_id TEXT NOT NULL,
  kind        INTEGER NOT NULL,
  change_time BIGINT NOT NULL,
  data        BYTEA NOT NULL
);
CREATE INDEX incident_changes_by_page ON incident_changes (page_url, sequence);
)sql",
      // 2: webhook subscriptions and the notification outbox (see the SQLite migration 2).
      R"sql(
CREATE TABLE subscriptions (
  id             TEXT PRIMARY KEY,
  data           BYTEA NOT NULL,
  secret         TEXT NOT NULL,
  start_sequence BIGINT NOT NULL,
  created_at     BIGINT NOT NULL
);
CREATE TABLE notification_cursor (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_sequence BIGINT NOT NULL
);
INSERT INTO notification_cursor (id, last_sequence)
  SELECT 1, coalesce(max(sequence), 0) FROM incident_changes;
CREATE TABLE notification_outbox (
  id              BIGSERIAL PRIMARY KEY,
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  change_sequence BIGINT NOT NULL,
  page_url        TEXT NOT NULL,
  incident_id     TEXT NOT NULL,
  kind            INTEGER NOT NULL,
  change_time     BIGINT NOT NULL,
  data            BYTEA NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_attempt_at BIGINT NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  last_error_at   BIGINT NOT NULL DEFAULT 0,
  lease_owner     TEXT NOT NULL DEFAULT '',
  lease_until     BIGINT NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL,
  delivered_at    BIGINT NOT NULL DEFAULT 0,
  UNIQUE (subscription_id, change_sequence)
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notification_outbox_pending_by_incident
  ON notification_outbox (subscription_id, page_url, incident_id, change_sequence) WHERE state = 'pending';
)sql",
      // 3: LeaseDuePages orders by due time, then url: with both in the index, pages due at
      // the same moment (a whole catalog after its import) are not all read and sorted on
      // every lease.
      R"sql(
DROP INDEX pages_by_due;
CREATE INDEX pages_by_due ON pages (LEAST(next_current_at, next_historical_at), url);
)sql",
  };
  return *migrations;
}

constexpr int64_t kMigrationLock = 0x5354415455535048;  // "STATUSPH"

}  // namespace

absl::Status Migrate(ConnectionPool& pool) {
  return pool.Run([](pqxx::work& tx) -> absl::Status {
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
        tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        const int applied = tx.exec("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0].as<int>();
        const auto& migrations = Migrations();
        if (applied > static_cast<int>(migrations.size())) {
          return absl::FailedPreconditionError(absl::StrCat("database schema version ", applied,
                                                            " is newer than this server (", migrations.size(),
                                                            "): upgrade the server"));
        }
        for (size_t i = static_cast<size_t>(applied); i < migrations.size(); ++i) {
          tx.exec(migrations[i]);
          tx.exec_params("INSERT INTO schema_migrations (version) VALUES ($1)", static_cast<int>(i + 1));
        }
        return absl::OkStatus();
      });
}

}  // namespace statusphere::store::postgres
