#include "server/store/sqlite/sqlite_store.h"

#include <algorithm>
#include <optional>
#include <set>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/proto_time.h"
#include "server/store/incident_merge.h"
#include "server/store/lease_id.h"
#include "server/store/page_status.h"
#include "server/store/sqlite/migrations.h"

namespace statusphere::store {
namespace {

using sqlite::Database;
using sqlite::InTransaction;
using sqlite::Statement;

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

// Columns every page query selects, in this order (see PageFromRow).
constexpr char kPageColumns[] =
    "p.url, p.name, p.provider, p.last_current_scrape, p.last_historical_scrape, p.is_indexed, "
    "p.last_error, p.last_error_time, "
    "EXISTS (SELECT 1 FROM incidents i WHERE i.page_url = p.url AND i.end_time IS NULL "
    "AND i.impact <> 'maintenance')";

StatusPage PageFromRow(const Statement& row) {
  StatusPage page;
  page.set_url(row.Text(0));
  page.set_name(row.Text(1));
  page.set_provider(row.Text(2));
  // Times are set only when known: an unset Timestamp is null in JSON, never 1970.
  if (row.Int(3) != 0) *page.mutable_last_currently_scraped() = MicrosToProto(row.Int(3));
  if (row.Int(4) != 0) *page.mutable_last_historically_scraped() = MicrosToProto(row.Int(4));
  page.set_is_indexed(row.Int(5) != 0);
  page.set_last_error(row.Text(6));
  if (row.Int(7) != 0) *page.mutable_last_error_time() = MicrosToProto(row.Int(7));
  page.set_status(OverallStatus(page.is_indexed(), row.Int(8) != 0));
  return page;
}

const char* OriginName(PageOrigin origin) {
  return origin == PageOrigin::kCatalog ? "catalog" : "admin";
}

// Runs a prepared statement to completion.
absl::Status RunSql(Database& db, absl::string_view sql,
                    const std::function<void(Statement&)>& bind = nullptr) {
  absl::StatusOr<Statement> stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  if (bind) bind(*stmt);
  return stmt->Run();
}

absl::StatusOr<bool> NameTakenByOther(Database& db, const std::string& name, const std::string& url) {
  absl::StatusOr<Statement> stmt = db.Prepare("SELECT 1 FROM pages WHERE name_key = ?1 AND url <> ?2");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, absl::AsciiStrToLower(name)).Bind(2, url);
  return stmt->Step();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(path);
  if (!db.ok()) return db.status();
  // WAL lets readers of the file (backups, sqlite3 shell) work while the server writes.
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                             "PRAGMA foreign_keys = ON"}) {
    if (absl::Status s = (*db)->Exec(pragma); !s.ok()) return s;
  }
  if (absl::Status s = sqlite::Migrate(**db); !s.ok()) return s;
  return std::unique_ptr<SqliteStore>(new SqliteStore(*std::move(db)));
}

// --- Pages ---------------------------------------------------------------------------

absl::StatusOr<StatusPage> SqliteStore::InsertPage(const NewPage& page, absl::Time now) {
  absl::StatusOr<Statement> exists = db_->Prepare("SELECT 1 FROM pages WHERE url = ?1");
  if (!exists.ok()) return exists.status();
  exists->Bind(1, page.url);
  absl::StatusOr<bool> found = exists->Step();
  if (!found.ok()) return found.status();
  if (*found) return absl::AlreadyExistsError(absl::StrCat("a status page with url '", page.url, "' exists"));
  absl::StatusOr<bool> taken = NameTakenByOther(*db_, page.name, page.url);
  if (!taken.ok()) return taken.status();
  if (*taken) {
    return absl::AlreadyExistsError(absl::StrCat("a status page named '", page.name, "' exists"));
  }
  absl::Status s = RunSql(*db_,
                          "INSERT INTO pages (url, name, name_key, provider, origin, created_at, "
                          "next_current_at, next_historical_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)",
                          [&](Statement& st) {
                            st.Bind(1, page.url)
                                .Bind(2, page.name)
                                .Bind(3, absl::AsciiStrToLower(page.name))
                                .Bind(4, page.provider)
                                .Bind(5, OriginName(page.origin))
                                .Bind(6, Micros(now));
                          });
  if (!s.ok()) return s;
  // An administrator adding a page back overrides an earlier removal.
  if (absl::Status d = RunSql(*db_, "DELETE FROM removed_catalog_pages WHERE url = ?1",
                              [&](Statement& st) { st.Bind(1, page.url); });
      !d.ok()) {
    return d;
  }
  StatusPage out;
  out.set_url(page.url);
  out.set_name(page.name);
  out.set_provider(page.provider);
  out.set_status(OverallStatus(false, false));
  return out;
}

absl::StatusOr<StatusPage> SqliteStore::AddPage(const NewPage& page, absl::Time now) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&] { return InsertPage(page, now); });
}

absl::Status SqliteStore::RemovePage(const std::string& url) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::Status {
    absl::StatusOr<Statement> origin = db_->Prepare("SELECT origin FROM pages WHERE url = ?1");
    if (!origin.ok()) return origin.status();
    origin->Bind(1, url);
    absl::StatusOr<bool> found = origin->Step();
    if (!found.ok()) return found.status();
    if (!*found) return absl::NotFoundError(absl::StrCat("status page '", url, "' is not known"));
    if (origin->Text(0) == "catalog") {
      absl::Status s = RunSql(*db_,
                              "INSERT OR REPLACE INTO removed_catalog_pages (url, removed_at) "
                              "VALUES (?1, strftime('%s','now') * 1000000)",
                              [&](Statement& st) { st.Bind(1, url); });
      if (!s.ok()) return s;
    }
    if (absl::Status s = RunSql(*db_, "DELETE FROM incident_changes WHERE page_url = ?1",
                                [&](Statement& st) { st.Bind(1, url); });
        !s.ok()) {
      return s;
    }
    // Components, incidents, leases and validators go with the page (ON DELETE CASCADE).
    return RunSql(*db_, "DELETE FROM pages WHERE url = ?1", [&](Statement& st) { st.Bind(1, url); });
  });
}

absl::StatusOr<StatusPage> SqliteStore::RenamePage(const std::string& url, const std::string& new_name) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::StatusOr<StatusPage> {
    absl::StatusOr<bool> taken = NameTakenByOther(*db_, new_name, url);
    if (!taken.ok()) return taken.status();
    if (*taken) {
      return absl::AlreadyExistsError(absl::StrCat("a status page named '", new_name, "' exists"));
    }
    absl::Status s = RunSql(*db_, "UPDATE pages SET name = ?2, name_key = ?3 WHERE url = ?1",
                            [&](Statement& st) {
                              st.Bind(1, url).Bind(2, new_name).Bind(3, absl::AsciiStrToLower(new_name));
                            });
    if (!s.ok()) return s;
    if (db_->Changes() == 0) return absl::NotFoundError(absl::StrCat("status page '", url, "' is not known"));
    return LoadPage("p.url = ?1", url);
  });
}

absl::StatusOr<CatalogReconciliation> SqliteStore::ReconcileCatalog(const std::vector<NewPage>& entries,
                                                                    absl::Time now) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::StatusOr<CatalogReconciliation> {
    CatalogReconciliation result;
    std::set<std::string> listed;
    for (const NewPage& entry : entries) {
      listed.insert(entry.url);
      absl::StatusOr<Statement> existing =
          db_->Prepare("SELECT origin, name, provider FROM pages WHERE url = ?1");
      if (!existing.ok()) return existing.status();
      existing->Bind(1, entry.url);
      absl::StatusOr<bool> found = existing->Step();
      if (!found.ok()) return found.status();
      if (!*found) {
        absl::StatusOr<Statement> removed = db_->Prepare("SELECT 1 FROM removed_catalog_pages WHERE url = ?1");
        if (!removed.ok()) return removed.status();
        removed->Bind(1, entry.url);
        absl::StatusOr<bool> was_removed = removed->Step();
        if (!was_removed.ok()) return was_removed.status();
        if (*was_removed) {
          result.skipped.push_back(absl::StrCat(entry.url, " (removed by an administrator)"));
          continue;
        }
        NewPage page = entry;
        page.origin = PageOrigin::kCatalog;
        absl::StatusOr<StatusPage> added = InsertPage(page, now);
        if (added.status().code() == absl::StatusCode::kAlreadyExists) {
          result.skipped.push_back(absl::StrCat(entry.url, " (", added.status().message(), ")"));
          continue;
        }
        if (!added.ok()) return added.status();
        ++result.added;
        continue;
      }
      if (existing->Text(0) != "catalog") continue;  // an administrator's page: hands off
      const bool rename = existing->Text(1) != entry.name;
      // A provider detected at run time is better knowledge than the catalog's hint.
      const bool set_provider = existing->Text(2).empty() && !entry.provider.empty();
      if (!rename && !set_provider) continue;
      if (rename) {
        absl::StatusOr<bool> taken = NameTakenByOther(*db_, entry.name, entry.url);
        if (!taken.ok()) return taken.status();
        if (*taken) {
          result.skipped.push_back(absl::StrCat(entry.url, " (name '", entry.name, "' is taken)"));
          continue;
        }
      }
      absl::Status s = RunSql(*db_,
                              "UPDATE pages SET name = ?2, name_key = ?3, "
                              "provider = CASE WHEN provider = '' THEN ?4 ELSE provider END WHERE url = ?1",
                              [&](Statement& st) {
                                st.Bind(1, entry.url)
                                    .Bind(2, entry.name)
                                    .Bind(3, absl::AsciiStrToLower(entry.name))
                                    .Bind(4, entry.provider);
                              });
      if (!s.ok()) return s;
      ++result.updated;
    }
    absl::StatusOr<Statement> catalog_pages = db_->Prepare("SELECT url FROM pages WHERE origin = 'catalog'");
    if (!catalog_pages.ok()) return catalog_pages.status();
    std::vector<std::string> unlisted;
    while (true) {
      absl::StatusOr<bool> row = catalog_pages->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      std::string url = catalog_pages->Text(0);
      if (listed.count(url) == 0) unlisted.push_back(std::move(url));
    }
    for (const std::string& url : unlisted) {
      for (const char* sql : {"DELETE FROM incident_changes WHERE page_url = ?1",
                              "DELETE FROM pages WHERE url = ?1"}) {
        if (absl::Status s = RunSql(*db_, sql, [&](Statement& st) { st.Bind(1, url); }); !s.ok()) return s;
      }
      ++result.removed;
    }
    return result;
  });
}

absl::StatusOr<StatusPage> SqliteStore::LoadPage(const std::string& where_sql, const std::string& key) {
  absl::StatusOr<Statement> stmt =
      db_->Prepare(absl::StrCat("SELECT ", kPageColumns, " FROM pages p WHERE ", where_sql));
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, key);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat("status page '", key, "' is not known"));
  StatusPage page = PageFromRow(*stmt);
  if (absl::Status s = LoadComponents(page); !s.ok()) return s;
  return page;
}

absl::Status SqliteStore::LoadComponents(StatusPage& page) {
  absl::StatusOr<Statement> stmt = db_->Prepare(
      "SELECT id, name, status, group_name FROM components WHERE page_url = ?1 ORDER BY position");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, page.url());
  while (true) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    Component* c = page.add_components();
    c->set_id(stmt->Text(0));
    c->set_name(stmt->Text(1));
    c->set_status(stmt->Text(2));
    c->set_group(stmt->Text(3));
  }
}

absl::StatusOr<std::vector<StatusPage>> SqliteStore::ListPages() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt =
      db_->Prepare(absl::StrCat("SELECT ", kPageColumns, " FROM pages p ORDER BY p.name_key, p.url"));
  if (!stmt.ok()) return stmt.status();
  std::vector<StatusPage> pages;
  while (true) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return pages;
    pages.push_back(PageFromRow(*stmt));
  }
}

absl::StatusOr<int> SqliteStore::CountPages() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare("SELECT count(*) FROM pages");
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>(stmt->Int(0));
}

absl::StatusOr<StatusPage> SqliteStore::GetPageByUrl(const std::string& url) {
  absl::MutexLock lock(&mu_);
  return LoadPage("p.url = ?1", url);
}

absl::StatusOr<StatusPage> SqliteStore::GetPageByName(const std::string& name) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<StatusPage> page = LoadPage("p.name_key = ?1", absl::AsciiStrToLower(name));
  if (page.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat("no status page is named '", name, "'"));
  }
  return page;
}

// --- Incidents -----------------------------------------------------------------------

absl::StatusOr<std::vector<Incident>> SqliteStore::QueryIncidents(Statement& stmt) {
  std::vector<Incident> incidents;
  while (true) {
    absl::StatusOr<bool> row = stmt.Step();
    if (!row.ok()) return row.status();
    if (!*row) return incidents;
    Incident incident;
    if (!incident.ParseFromString(stmt.Text(0))) {
      return absl::DataLossError("a stored incident does not parse");
    }
    incidents.push_back(std::move(incident));
  }
}

absl::StatusOr<std::vector<Incident>> SqliteStore::ListIncidents(const IncidentQuery& query) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<StatusPage> page = LoadPage("p.url = ?1", query.page_url);
  if (!page.ok()) return page.status();
  std::string sql = "SELECT data FROM incidents WHERE page_url = ?1";
  std::vector<std::string> impacts(query.impacts.begin(), query.impacts.end());
  if (!impacts.empty()) {
    std::vector<std::string> params;
    for (size_t i = 0; i < impacts.size(); ++i) params.push_back(absl::StrCat("?", i + 2));
    absl::StrAppend(&sql, " AND impact IN (", absl::StrJoin(params, ", "), ")");
  }
  absl::StrAppend(&sql, " ORDER BY start_time DESC, incident_id");
  if (query.limit > 0) absl::StrAppend(&sql, " LIMIT ", query.limit);
  absl::StatusOr<Statement> stmt = db_->Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, query.page_url);
  for (size_t i = 0; i < impacts.size(); ++i) stmt->Bind(static_cast<int>(i + 2), impacts[i]);
  return QueryIncidents(*stmt);
}

absl::StatusOr<std::vector<Incident>> SqliteStore::ListUnresolvedIncidents(const std::string& page_url) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare(
      "SELECT data FROM incidents WHERE page_url = ?1 AND end_time IS NULL AND impact <> 'maintenance' "
      "ORDER BY start_time DESC, incident_id");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, page_url);
  return QueryIncidents(*stmt);
}

// --- Scraping ------------------------------------------------------------------------

absl::StatusOr<std::vector<LeaseRecord>> SqliteStore::LeaseDuePages(const std::string& scraper_id,
                                                                    int max_pages,
                                                                    absl::Duration lease_duration,
                                                                    absl::Time now) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::StatusOr<std::vector<LeaseRecord>> {
    // An expired lease belongs to a scraper that died or stalled: the page is free again.
    if (absl::Status s = RunSql(*db_, "DELETE FROM leases WHERE expires_at <= ?1",
                                [&](Statement& st) { st.Bind(1, Micros(now)); });
        !s.ok()) {
      return s;
    }
    absl::StatusOr<Statement> due = db_->Prepare(absl::StrCat(
        "SELECT ", kPageColumns, ", p.next_current_at, p.next_historical_at FROM pages p "
        "WHERE min(p.next_current_at, p.next_historical_at) <= ?1 "
        "AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.page_url = p.url) "
        "ORDER BY min(p.next_current_at, p.next_historical_at), p.url LIMIT ?2"));
    if (!due.ok()) return due.status();
    due->Bind(1, Micros(now)).Bind(2, static_cast<int64_t>(max_pages));
    std::vector<LeaseRecord> leases;
    while (true) {
      absl::StatusOr<bool> row = due->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      LeaseRecord lease;
      lease.page = PageFromRow(*due);
      // Freshness first: a due current scrape goes before a due backfill.
      lease.kind = due->Int(9) <= Micros(now) ? statusphere::v1::SCRAPE_KIND_CURRENT
                                               : statusphere::v1::SCRAPE_KIND_HISTORICAL;
      lease.lease_id = NewLeaseId();
      lease.deadline = now + lease_duration;
      leases.push_back(std::move(lease));
    }
    for (LeaseRecord& lease : leases) {
      absl::Status s = RunSql(*db_,
                              "INSERT INTO leases (lease_id, page_url, kind, scraper_id, expires_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)",
                              [&](Statement& st) {
                                st.Bind(1, lease.lease_id)
                                    .Bind(2, lease.page.url())
                                    .Bind(3, static_cast<int64_t>(lease.kind))
                                    .Bind(4, scraper_id)
                                    .Bind(5, Micros(lease.deadline));
                              });
      if (!s.ok()) return s;
      absl::StatusOr<Statement> validators = db_->Prepare(
          "SELECT fetch_url, etag, last_modified FROM http_validators WHERE page_url = ?1");
      if (!validators.ok()) return validators.status();
      validators->Bind(1, lease.page.url());
      while (true) {
        absl::StatusOr<bool> row = validators->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        lease.validators[validators->Text(0)] = HttpValidators{validators->Text(1), validators->Text(2)};
      }
    }
    return leases;
  });
}

absl::StatusOr<absl::Time> SqliteStore::RenewLease(const std::string& lease_id, absl::Duration extension,
                                                   absl::Time now) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::StatusOr<absl::Time> {
    absl::StatusOr<Statement> stmt = db_->Prepare("SELECT expires_at FROM leases WHERE lease_id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, lease_id);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::NotFoundError(absl::StrCat("lease '", lease_id, "' is not held"));
    if (stmt->Int(0) <= Micros(now)) {
      return absl::FailedPreconditionError(absl::StrCat("lease '", lease_id, "' has expired"));
    }
    const absl::Time deadline = now + extension;
    absl::Status s = RunSql(*db_, "UPDATE leases SET expires_at = ?2 WHERE lease_id = ?1",
                            [&](Statement& st) { st.Bind(1, lease_id).Bind(2, Micros(deadline)); });
    if (!s.ok()) return s;
    return deadline;
  });
}

absl::Status SqliteStore::ReleaseLease(const std::string& lease_id, absl::Time now) {
  absl::MutexLock lock(&mu_);
  absl::Status s = RunSql(*db_, "DELETE FROM leases WHERE lease_id = ?1",
                          [&](Statement& st) { st.Bind(1, lease_id); });
  if (!s.ok()) return s;
  if (db_->Changes() == 0) return absl::NotFoundError(absl::StrCat("lease '", lease_id, "' is not held"));
  return absl::OkStatus();
}

absl::Status SqliteStore::UpsertIncidents(const std::string& page_url, const std::vector<Incident>& incidents,
                                          absl::Time now, ReportSummary& summary) {
  for (const Incident& reported_in : incidents) {
    Incident reported = reported_in;
    reported.set_status_page_url(page_url);
    absl::StatusOr<Statement> load =
        db_->Prepare("SELECT data FROM incidents WHERE page_url = ?1 AND incident_id = ?2");
    if (!load.ok()) return load.status();
    load->Bind(1, page_url).Bind(2, reported.id());
    absl::StatusOr<std::vector<Incident>> stored = QueryIncidents(*load);
    if (!stored.ok()) return stored.status();
    std::optional<Incident> previous;
    if (!stored->empty()) previous = std::move(stored->front());
    MergeResult merged = MergeIncident(previous, reported);
    if (merged.change == IncidentChange::KIND_UNSPECIFIED) {
      ++summary.unchanged;
      continue;
    }
    (merged.change == IncidentChange::CREATED ? summary.created : summary.updated)++;
    const Incident& incident = merged.incident;
    std::string data;
    incident.SerializeToString(&data);
    absl::Status s = RunSql(*db_,
                            "INSERT INTO incidents (page_url, incident_id, start_time, end_time, impact, "
                            "data, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                            "ON CONFLICT (page_url, incident_id) DO UPDATE SET start_time = excluded.start_time, "
                            "end_time = excluded.end_time, impact = excluded.impact, data = excluded.data, "
                            "updated_at = excluded.updated_at",
                            [&](Statement& st) {
                              st.Bind(1, page_url).Bind(2, incident.id()).Bind(3, ToMicros(incident.start_time()));
                              if (IsSet(incident.end_time())) {
                                st.Bind(4, ToMicros(incident.end_time()));
                              } else {
                                st.BindNull(4);
                              }
                              st.Bind(5, incident.impact()).BindBlob(6, data).Bind(7, Micros(now));
                            });
    if (!s.ok()) return s;
    s = RunSql(*db_,
               "INSERT INTO incident_changes (page_url, incident_id, kind, change_time, data) "
               "VALUES (?1, ?2, ?3, ?4, ?5)",
               [&](Statement& st) {
                 st.Bind(1, page_url)
                     .Bind(2, incident.id())
                     .Bind(3, static_cast<int64_t>(merged.change))
                     .Bind(4, Micros(now))
                     .BindBlob(5, data);
               });
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::CloseIncidentsNoLongerListed(const std::string& page_url,
                                                       const std::vector<Incident>& reported, absl::Time now,
                                                       ReportSummary& summary) {
  absl::StatusOr<Statement> open = db_->Prepare("SELECT data FROM incidents WHERE page_url = ?1 AND end_time IS NULL");
  if (!open.ok()) return open.status();
  open->Bind(1, page_url);
  absl::StatusOr<std::vector<Incident>> stored = QueryIncidents(*open);
  if (!stored.ok()) return stored.status();
  return UpsertIncidents(page_url, CloseNoLongerListed(*stored, reported, now), now, summary);
}

absl::StatusOr<bool> SqliteStore::ComponentsStoredAs(const std::string& page_url,
                                                   const std::vector<Component>& components) {
  absl::StatusOr<Statement> stmt = db_->Prepare(
      "SELECT id, name, status, group_name FROM components WHERE page_url = ?1 ORDER BY position");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, page_url);
  size_t i = 0;
  while (true) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return i == components.size();
    if (i == components.size()) return false;
    const Component& c = components[i++];
    if (stmt->Text(0) != c.id() || stmt->Text(1) != c.name() || stmt->Text(2) != c.status() ||
        stmt->Text(3) != c.group()) {
      return false;
    }
  }
}

absl::Status SqliteStore::ReplaceComponents(const std::string& page_url,
                                            const std::vector<Component>& components) {
  // Most scrapes find the components as they were: reading them is cheaper than deleting
  // and inserting every row (and writing their pages to the WAL) again.
  absl::StatusOr<bool> unchanged = ComponentsStoredAs(page_url, components);
  if (!unchanged.ok()) return unchanged.status();
  if (*unchanged) return absl::OkStatus();
  if (absl::Status s = RunSql(*db_, "DELETE FROM components WHERE page_url = ?1",
                              [&](Statement& st) { st.Bind(1, page_url); });
      !s.ok()) {
    return s;
  }
  int64_t position = 0;
  for (const Component& c : components) {
    absl::Status s = RunSql(*db_,
                            "INSERT INTO components (page_url, position, id, name, status, group_name) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            [&](Statement& st) {
                              st.Bind(1, page_url)
                                  .Bind(2, position++)
                                  .Bind(3, c.id())
                                  .Bind(4, c.name())
                                  .Bind(5, c.status())
                                  .Bind(6, c.group());
                            });
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::SaveValidators(const std::string& page_url,
                                         const std::map<std::string, HttpValidators>& validators) {
  for (const auto& [fetch_url, v] : validators) {
    absl::Status s = RunSql(*db_,
                            // Unchanged validators (the usual case) are left as they are, unwritten.
                            "INSERT INTO http_validators (page_url, fetch_url, etag, last_modified) "
                            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (page_url, fetch_url) DO UPDATE SET "
                            "etag = excluded.etag, last_modified = excluded.last_modified "
                            "WHERE etag <> excluded.etag OR last_modified <> excluded.last_modified",
                            [&](Statement& st) {
                              st.Bind(1, page_url).Bind(2, fetch_url).Bind(3, v.etag).Bind(4, v.last_modified);
                            });
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<ReportSummary> SqliteStore::ApplyReport(const std::string& lease_id,
                                                       const ScrapeReport& report,
                                                       const SchedulePolicy& policy, absl::Time now) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::StatusOr<ReportSummary> {
    absl::StatusOr<Statement> lease = db_->Prepare(
        "SELECT l.page_url, l.kind, l.expires_at, p.consecutive_failures FROM leases l "
        "JOIN pages p ON p.url = l.page_url WHERE l.lease_id = ?1");
    if (!lease.ok()) return lease.status();
    lease->Bind(1, lease_id);
    absl::StatusOr<bool> row = lease->Step();
    if (!row.ok()) return row.status();
    if (!*row) {
      return absl::NotFoundError(
          absl::StrCat("lease '", lease_id, "' is not held (never granted, already reported or released)"));
    }
    const std::string page_url = lease->Text(0);
    const auto kind = static_cast<ScrapeKind>(lease->Int(1));
    if (lease->Int(2) <= Micros(now)) {
      return absl::FailedPreconditionError(
          absl::StrCat("lease '", lease_id, "' expired before its report: the page was or will be re-leased"));
    }
    const int failures = report.outcome == ScrapeReport::Outcome::kFailure ? lease->Int(3) + 1 : 0;
    if (absl::Status s = RunSql(*db_, "DELETE FROM leases WHERE lease_id = ?1",
                                [&](Statement& st) { st.Bind(1, lease_id); });
        !s.ok()) {
      return s;
    }

    ReportSummary summary;
    if (report.outcome == ScrapeReport::Outcome::kSuccess) {
      if (absl::Status s = UpsertIncidents(page_url, report.incidents, now, summary); !s.ok()) return s;
      if (report.lists_every_open_incident) {
        absl::Status s = CloseIncidentsNoLongerListed(page_url, report.incidents, now, summary);
        if (!s.ok()) return s;
      }
      if (!report.components.empty()) {
        if (absl::Status s = ReplaceComponents(page_url, report.components); !s.ok()) return s;
      }
    }
    if (report.outcome != ScrapeReport::Outcome::kFailure) {
      if (absl::Status s = SaveValidators(page_url, report.validators); !s.ok()) return s;
    }
    summary.next_scrape_time = policy(ScheduleInput{kind, report.outcome, failures, report.retry_after, now});

    const bool historical = kind == statusphere::v1::SCRAPE_KIND_HISTORICAL;
    const std::string next_column = historical ? "next_historical_at" : "next_current_at";
    const std::string last_column = historical ? "last_historical_scrape" : "last_current_scrape";
    std::string sql;
    if (report.outcome == ScrapeReport::Outcome::kFailure) {
      sql = absl::StrCat("UPDATE pages SET ", next_column,
                         " = ?2, last_error = ?3, last_error_time = ?4, consecutive_failures = ?5 WHERE url = ?1");
    } else {
      sql = absl::StrCat("UPDATE pages SET ", next_column, " = ?2, ", last_column,
                         " = ?4, last_error = '', last_error_time = 0, consecutive_failures = 0",
                         report.outcome == ScrapeReport::Outcome::kSuccess ? ", is_indexed = 1" : "",
                         ", provider = CASE WHEN ?6 = '' THEN provider ELSE ?6 END WHERE url = ?1");
    }
    absl::Status s = RunSql(*db_, sql, [&](Statement& st) {
      st.Bind(1, page_url).Bind(2, Micros(summary.next_scrape_time));
      if (report.outcome == ScrapeReport::Outcome::kFailure) {
        st.Bind(3, report.error_message).Bind(4, Micros(now)).Bind(5, static_cast<int64_t>(failures));
      } else {
        st.Bind(4, Micros(now)).Bind(6, report.provider);
      }
    });
    if (!s.ok()) return s;
    return summary;
  });
}

// --- Changes -------------------------------------------------------------------------

absl::StatusOr<std::vector<ChangeRecord>> SqliteStore::ListChanges(int64_t after, const std::string& page_url,
                                                                   int limit) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare(
      "SELECT sequence, kind, change_time, data FROM incident_changes "
      "WHERE sequence > ?1 AND (?2 = '' OR page_url = ?2) ORDER BY sequence LIMIT ?3");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, after).Bind(2, page_url).Bind(3, static_cast<int64_t>(limit));
  std::vector<ChangeRecord> changes;
  while (true) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return changes;
    ChangeRecord change;
    change.sequence = stmt->Int(0);
    change.kind = static_cast<IncidentChange::Kind>(stmt->Int(1));
    change.change_time = FromMicros(stmt->Int(2));
    if (!change.incident.ParseFromString(stmt->Text(3))) {
      return absl::DataLossError("a stored incident change does not parse");
    }
    changes.push_back(std::move(change));
  }
}

absl::StatusOr<int64_t> SqliteStore::LatestChangeSequence() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare("SELECT coalesce(max(sequence), 0) FROM incident_changes");
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return stmt->Int(0);
}

}  // namespace statusphere::store
