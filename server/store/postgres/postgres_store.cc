#include "server/store/postgres/postgres_store.h"

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
#include "server/store/postgres/migrations.h"

namespace statusphere::store {
namespace {

using postgres::ConnectionPool;

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

constexpr char kPageColumns[] =
    "p.url, p.name, p.provider, p.last_current_scrape, p.last_historical_scrape, p.is_indexed, "
    "p.last_error, p.last_error_time, "
    "EXISTS (SELECT 1 FROM incidents i WHERE i.page_url = p.url AND i.end_time IS NULL "
    "AND i.impact <> 'maintenance')";

StatusPage PageFromRow(const pqxx::row& row) {
  StatusPage page;
  page.set_url(row[0].as<std::string>());
  page.set_name(row[1].as<std::string>());
  page.set_provider(row[2].as<std::string>());
  if (int64_t t = row[3].as<int64_t>(); t != 0) *page.mutable_last_currently_scraped() = MicrosToProto(t);
  if (int64_t t = row[4].as<int64_t>(); t != 0) *page.mutable_last_historically_scraped() = MicrosToProto(t);
  page.set_is_indexed(row[5].as<bool>());
  page.set_last_error(row[6].as<std::string>());
  if (int64_t t = row[7].as<int64_t>(); t != 0) *page.mutable_last_error_time() = MicrosToProto(t);
  page.set_status(OverallStatus(page.is_indexed(), row[8].as<bool>()));
  return page;
}

absl::StatusOr<Incident> IncidentFromField(const pqxx::field& field) {
  pqxx::binarystring bytes(field);
  Incident incident;
  if (!incident.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("a stored incident does not parse");
  }
  return incident;
}

absl::StatusOr<std::vector<Incident>> Incidents(const pqxx::result& rows) {
  std::vector<Incident> out;
  for (const auto& row : rows) {
    absl::StatusOr<Incident> incident = IncidentFromField(row[0]);
    if (!incident.ok()) return incident.status();
    out.push_back(std::move(*incident));
  }
  return out;
}

absl::StatusOr<StatusPage> LoadPage(pqxx::work& tx, const std::string& where, const std::string& key) {
  pqxx::result rows = tx.exec_params(absl::StrCat("SELECT ", kPageColumns, " FROM pages p WHERE ", where), key);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("status page '", key, "' is not known"));
  StatusPage page = PageFromRow(rows[0]);
  for (const auto& c : tx.exec_params(
           "SELECT id, name, status, group_name FROM components WHERE page_url = $1 ORDER BY position", page.url())) {
    Component* component = page.add_components();
    component->set_id(c[0].as<std::string>());
    component->set_name(c[1].as<std::string>());
    component->set_status(c[2].as<std::string>());
    component->set_group(c[3].as<std::string>());
  }
  return page;
}

bool NameTakenByOther(pqxx::work& tx, const std::string& name, const std::string& url) {
  return !tx.exec_params("SELECT 1 FROM pages WHERE name_key = $1 AND url <> $2", absl::AsciiStrToLower(name), url)
              .empty();
}

absl::StatusOr<StatusPage> InsertPage(pqxx::work& tx, const NewPage& page, absl::Time now) {
  if (!tx.exec_params("SELECT 1 FROM pages WHERE url = $1", page.url).empty()) {
    return absl::AlreadyExistsError(absl::StrCat("a status page with url '", page.url, "' exists"));
  }
  if (NameTakenByOther(tx, page.name, page.url)) {
    return absl::AlreadyExistsError(absl::StrCat("a status page named '", page.name, "' exists"));
  }
  tx.exec_params(
      "INSERT INTO pages (url, name, name_key, provider, origin, created_at, next_current_at, next_historical_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $6, $6)",
      page.url, page.name, absl::AsciiStrToLower(page.name), page.provider,
      page.origin == PageOrigin::kCatalog ? "catalog" : "admin", Micros(now));
  tx.exec_params("DELETE FROM removed_catalog_pages WHERE url = $1", page.url);
  StatusPage out;
  out.set_url(page.url);
  out.set_name(page.name);
  out.set_provider(page.provider);
  out.set_status(OverallStatus(false, false));
  return out;
}

void DeletePage(pqxx::work& tx, const std::string& url) {
  tx.exec_params("DELETE FROM incident_changes WHERE page_url = $1", url);
  tx.exec_params("DELETE FROM pages WHERE url = $1", url);
}

// Serializes the change log's writers from their first change to their commit. Sequence
// numbers come from nextval() at insert, before commit: without this, server A could take
// 6, server B take 7 and commit first, and a watcher (or the notification dispatcher) that
// read 7 would move its cursor past 6 for good. Holding this lock until commit makes the
// log's order the commit order, so that everything below a visible sequence is final.
constexpr int64_t kChangeLogLock = 0x73746174636c6f67;  // "statclog"

struct PendingChange {
  std::string incident_id;
  int kind;
  std::string data;
};

// Writes a report's changes to the log: the transaction's last statements, so that the
// lock is held only from here to the commit.
void WriteChanges(pqxx::work& tx, const std::string& page_url, const std::vector<PendingChange>& changes,
                  absl::Time now) {
  if (changes.empty()) return;
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kChangeLogLock);
  for (const PendingChange& change : changes) {
    tx.exec_params(
        "INSERT INTO incident_changes (page_url, incident_id, kind, change_time, data) VALUES ($1, $2, $3, $4, $5)",
        page_url, change.incident_id, change.kind, Micros(now), pqxx::binarystring(change.data));
  }
}

absl::Status UpsertIncidents(pqxx::work& tx, const std::string& page_url, const std::vector<Incident>& incidents,
                             absl::Time now, ReportSummary& summary, std::vector<PendingChange>& changes) {
  for (const Incident& reported_in : incidents) {
    Incident reported = reported_in;
    reported.set_status_page_url(page_url);
    pqxx::result stored = tx.exec_params(
        "SELECT data FROM incidents WHERE page_url = $1 AND incident_id = $2 FOR UPDATE", page_url, reported.id());
    std::optional<Incident> previous;
    if (!stored.empty()) {
      absl::StatusOr<Incident> incident = IncidentFromField(stored[0][0]);
      if (!incident.ok()) return incident.status();
      previous = std::move(*incident);
    }
    MergeResult merged = MergeIncident(previous, reported);
    if (merged.change == IncidentChange::KIND_UNSPECIFIED) {
      ++summary.unchanged;
      continue;
    }
    (merged.change == IncidentChange::CREATED ? summary.created : summary.updated)++;
    const Incident& incident = merged.incident;
    std::string bytes = incident.SerializeAsString();
    const pqxx::binarystring data(bytes);
    std::optional<int64_t> end;
    if (IsSet(incident.end_time())) end = ToMicros(incident.end_time());
    tx.exec_params(
        "INSERT INTO incidents (page_url, incident_id, start_time, end_time, impact, data, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (page_url, incident_id) DO UPDATE SET "
        "start_time = excluded.start_time, end_time = excluded.end_time, impact = excluded.impact, "
        "data = excluded.data, updated_at = excluded.updated_at",
        page_url, incident.id(), ToMicros(incident.start_time()), end, incident.impact(), data, Micros(now));
    changes.push_back({incident.id(), static_cast<int>(merged.change), std::move(bytes)});
  }
  return absl::OkStatus();
}

// Whether the page's stored components are exactly `components`, in order. Most scrapes
// find them as they were: reading them is cheaper than deleting and inserting every row
// (and their WAL records and dead tuples) again.
bool ComponentsStoredAs(pqxx::work& tx, const std::string& page_url, const std::vector<Component>& components) {
  pqxx::result stored = tx.exec_params(
      "SELECT id, name, status, group_name FROM components WHERE page_url = $1 ORDER BY position", page_url);
  if (stored.size() != components.size()) return false;
  for (size_t i = 0; i < components.size(); ++i) {
    const Component& c = components[i];
    if (stored[i][0].as<std::string>() != c.id() || stored[i][1].as<std::string>() != c.name() ||
        stored[i][2].as<std::string>() != c.status() || stored[i][3].as<std::string>() != c.group()) {
      return false;
    }
  }
  return true;
}

// Closes the page's open incidents that a report listing every open one no longer lists.
absl::Status CloseIncidentsNoLongerListed(pqxx::work& tx, const std::string& page_url,
                                          const std::vector<Incident>& reported, absl::Time now,
                                          ReportSummary& summary, std::vector<PendingChange>& changes) {
  pqxx::result open = tx.exec_params(
      "SELECT data FROM incidents WHERE page_url = $1 AND end_time IS NULL FOR UPDATE", page_url);
  std::vector<Incident> stored;
  for (const auto& row : open) {
    absl::StatusOr<Incident> incident = IncidentFromField(row[0]);
    if (!incident.ok()) return incident.status();
    stored.push_back(std::move(*incident));
  }
  return UpsertIncidents(tx, page_url, CloseNoLongerListed(stored, reported, now), now, summary, changes);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& connection_string,
                                                                   int pool_size) {
  std::unique_ptr<PostgresStore> store = Connect(connection_string, pool_size);
  if (absl::Status s = store->Prepare(); !s.ok()) return s;
  return store;
}

std::unique_ptr<PostgresStore> PostgresStore::Connect(const std::string& connection_string, int pool_size) {
  return std::unique_ptr<PostgresStore>(
      new PostgresStore(std::make_unique<ConnectionPool>(connection_string, pool_size)));
}

absl::Status PostgresStore::Prepare() {
  if (ready_.load()) return absl::OkStatus();
  if (absl::Status s = postgres::Migrate(*pool_); !s.ok()) return s;
  ready_.store(true);
  return absl::OkStatus();
}

absl::StatusOr<StatusPage> PostgresStore::AddPage(const NewPage& page, absl::Time now) {
  return Transact<StatusPage>([&](pqxx::work& tx) { return InsertPage(tx, page, now); });
}

absl::Status PostgresStore::RemovePage(const std::string& url) {
  return Transact<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
        pqxx::result origin = tx.exec_params("SELECT origin FROM pages WHERE url = $1 FOR UPDATE", url);
        if (origin.empty()) return absl::NotFoundError(absl::StrCat("status page '", url, "' is not known"));
        if (origin[0][0].as<std::string>() == "catalog") {
          tx.exec_params(
              "INSERT INTO removed_catalog_pages (url, removed_at) VALUES ($1, $2) "
              "ON CONFLICT (url) DO UPDATE SET removed_at = excluded.removed_at",
              url, Micros(absl::Now()));
        }
        DeletePage(tx, url);
        return true;
      })
      .status();
}

absl::StatusOr<StatusPage> PostgresStore::RenamePage(const std::string& url, const std::string& new_name) {
  return Transact<StatusPage>([&](pqxx::work& tx) -> absl::StatusOr<StatusPage> {
    if (NameTakenByOther(tx, new_name, url)) {
      return absl::AlreadyExistsError(absl::StrCat("a status page named '", new_name, "' exists"));
    }
    pqxx::result updated = tx.exec_params("UPDATE pages SET name = $2, name_key = $3 WHERE url = $1",
                                          url, new_name, absl::AsciiStrToLower(new_name));
    if (updated.affected_rows() == 0) return absl::NotFoundError(absl::StrCat("status page '", url, "' is not known"));
    return LoadPage(tx, "p.url = $1", url);
  });
}

absl::StatusOr<CatalogReconciliation> PostgresStore::ReconcileCatalog(const std::vector<NewPage>& entries,
                                                                      absl::Time now) {
  return Transact<CatalogReconciliation>([&](pqxx::work& tx) -> absl::StatusOr<CatalogReconciliation> {
    CatalogReconciliation result;
    std::set<std::string> listed;
    for (const NewPage& entry : entries) {
      listed.insert(entry.url);
      pqxx::result existing = tx.exec_params("SELECT origin, name, provider FROM pages WHERE url = $1", entry.url);
      if (existing.empty()) {
        if (!tx.exec_params("SELECT 1 FROM removed_catalog_pages WHERE url = $1", entry.url).empty()) {
          result.skipped.push_back(absl::StrCat(entry.url, " (removed by an administrator)"));
          continue;
        }
        NewPage page = entry;
        page.origin = PageOrigin::kCatalog;
        absl::StatusOr<StatusPage> added = InsertPage(tx, page, now);
        if (added.status().code() == absl::StatusCode::kAlreadyExists) {
          result.skipped.push_back(absl::StrCat(entry.url, " (", added.status().message(), ")"));
          continue;
        }
        if (!added.ok()) return added.status();
        ++result.added;
        continue;
      }
      if (existing[0][0].as<std::string>() != "catalog") continue;
      const bool rename = existing[0][1].as<std::string>() != entry.name;
      const bool set_provider = existing[0][2].as<std::string>().empty() && !entry.provider.empty();
      if (!rename && !set_provider) continue;
      if (rename && NameTakenByOther(tx, entry.name, entry.url)) {
        result.skipped.push_back(absl::StrCat(entry.url, " (name '", entry.name, "' is taken)"));
        continue;
      }
      tx.exec_params(
          "UPDATE pages SET name = $2, name_key = $3, provider = CASE WHEN provider = '' THEN $4 ELSE provider END "
          "WHERE url = $1",
          entry.url, entry.name, absl::AsciiStrToLower(entry.name), entry.provider);
      ++result.updated;
    }
    for (const auto& row : tx.exec("SELECT url FROM pages WHERE origin = 'catalog'")) {
      const std::string url = row[0].as<std::string>();
      if (listed.count(url) > 0) continue;
      DeletePage(tx, url);
      ++result.removed;
    }
    return result;
  });
}

absl::StatusOr<std::vector<StatusPage>> PostgresStore::ListPages() {
  return Transact<std::vector<StatusPage>>([&](pqxx::work& tx) -> absl::StatusOr<std::vector<StatusPage>> {
    std::vector<StatusPage> pages;
    for (const auto& row : tx.exec(absl::StrCat("SELECT ", kPageColumns, " FROM pages p ORDER BY p.name_key, p.url"))) {
      pages.push_back(PageFromRow(row));
    }
    return pages;
  });
}

absl::StatusOr<int> PostgresStore::CountPages() {
  return Transact<int>([&](pqxx::work& tx) -> absl::StatusOr<int> {
    return tx.exec("SELECT count(*) FROM pages")[0][0].as<int>();
  });
}

absl::StatusOr<StatusPage> PostgresStore::GetPageByUrl(const std::string& url) {
  return Transact<StatusPage>([&](pqxx::work& tx) { return LoadPage(tx, "p.url = $1", url); });
}

absl::StatusOr<StatusPage> PostgresStore::GetPageByName(const std::string& name) {
  absl::StatusOr<StatusPage> page = Transact<StatusPage>(
      [&](pqxx::work& tx) { return LoadPage(tx, "p.name_key = $1", absl::AsciiStrToLower(name)); });
  if (page.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat("no status page is named '", name, "'"));
  }
  return page;
}

absl::StatusOr<std::vector<Incident>> PostgresStore::ListIncidents(const IncidentQuery& query) {
  return Transact<std::vector<Incident>>([&](pqxx::work& tx) -> absl::StatusOr<std::vector<Incident>> {
    if (tx.exec_params("SELECT 1 FROM pages WHERE url = $1", query.page_url).empty()) {
      return absl::NotFoundError(absl::StrCat("status page '", query.page_url, "' is not known"));
    }
    // Impacts are validated words; an array literal keeps the statement parameterized.
    const std::string impacts = absl::StrCat("{", absl::StrJoin(query.impacts, ","), "}");
    return Incidents(tx.exec_params(
        "SELECT data FROM incidents WHERE page_url = $1 AND ($2 = '{}' OR impact = ANY($2::text[])) "
        "ORDER BY start_time DESC, incident_id LIMIT CASE WHEN $3 > 0 THEN $3 END",
        query.page_url, impacts, query.limit));
  });
}

absl::StatusOr<std::vector<Incident>> PostgresStore::ListUnresolvedIncidents(const std::string& page_url) {
  return Transact<std::vector<Incident>>([&](pqxx::work& tx) {
    return Incidents(tx.exec_params(
        "SELECT data FROM incidents WHERE page_url = $1 AND end_time IS NULL AND impact <> 'maintenance' "
        "ORDER BY start_time DESC, incident_id",
        page_url));
  });
}

absl::StatusOr<std::vector<LeaseRecord>> PostgresStore::LeaseDuePages(const std::string& scraper_id, int max_pages,
                                                                      absl::Duration lease_duration, absl::Time now) {
  return Transact<std::vector<LeaseRecord>>([&](pqxx::work& tx) -> absl::StatusOr<std::vector<LeaseRecord>> {
    // SKIP LOCKED: concurrent servers each take different due pages without waiting. Its
    // lease check is only a first filter: it reads the snapshot the statement began with,
    // so a lease committed by another server a moment later is not seen (and a page row
    // that lease left unchanged is locked without a re-check). The page rows locked, each
    // lease is taken below by statements that see every committed lease.
    pqxx::result due = tx.exec_params(
        absl::StrCat("SELECT ", kPageColumns, ", p.next_current_at FROM pages p "
                     "WHERE LEAST(p.next_current_at, p.next_historical_at) <= $1 "
                     "AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.page_url = p.url AND l.expires_at > $1) "
                     "ORDER BY LEAST(p.next_current_at, p.next_historical_at), p.url LIMIT $2 "
                     "FOR UPDATE OF p SKIP LOCKED"),
        Micros(now), max_pages);
    std::vector<LeaseRecord> leases;
    for (const auto& row : due) {
      LeaseRecord lease;
      lease.page = PageFromRow(row);
      lease.kind = row[9].as<int64_t>() <= Micros(now) ? statusphere::v1::SCRAPE_KIND_CURRENT
                                                        : statusphere::v1::SCRAPE_KIND_HISTORICAL;
      lease.lease_id = NewLeaseId();
      lease.deadline = now + lease_duration;
      // An expired lease of this page belongs to a scraper that died: it goes. A live one
      // stays, and the unique page_url makes the insert a no-op: the page is someone else's.
      tx.exec_params("DELETE FROM leases WHERE page_url = $1 AND expires_at <= $2", lease.page.url(), Micros(now));
      pqxx::result taken = tx.exec_params(
          "INSERT INTO leases (lease_id, page_url, kind, scraper_id, expires_at) VALUES ($1, $2, $3, $4, $5) "
          "ON CONFLICT (page_url) DO NOTHING RETURNING lease_id",
          lease.lease_id, lease.page.url(), static_cast<int>(lease.kind), scraper_id, Micros(lease.deadline));
      if (taken.empty()) continue;
      for (const auto& v : tx.exec_params(
               "SELECT fetch_url, etag, last_modified FROM http_validators WHERE page_url = $1", lease.page.url())) {
        lease.validators[v[0].as<std::string>()] = HttpValidators{v[1].as<std::string>(), v[2].as<std::string>()};
      }
      leases.push_back(std::move(lease));
    }
    return leases;
  });
}

absl::StatusOr<absl::Time> PostgresStore::RenewLease(const std::string& lease_id, absl::Duration extension,
                                                     absl::Time now) {
  return Transact<absl::Time>([&](pqxx::work& tx) -> absl::StatusOr<absl::Time> {
    pqxx::result lease = tx.exec_params("SELECT expires_at FROM leases WHERE lease_id = $1 FOR UPDATE", lease_id);
    if (lease.empty()) return absl::NotFoundError(absl::StrCat("lease '", lease_id, "' is not held"));
    if (lease[0][0].as<int64_t>() <= Micros(now)) {
      return absl::FailedPreconditionError(absl::StrCat("lease '", lease_id, "' has expired"));
    }
    const absl::Time deadline = now + extension;
    tx.exec_params("UPDATE leases SET expires_at = $2 WHERE lease_id = $1", lease_id, Micros(deadline));
    return deadline;
  });
}

absl::Status PostgresStore::ReleaseLease(const std::string& lease_id, absl::Time) {
  return Transact<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
        if (tx.exec_params("DELETE FROM leases WHERE lease_id = $1", lease_id).affected_rows() == 0) {
          return absl::NotFoundError(absl::StrCat("lease '", lease_id, "' is not held"));
        }
        return true;
      })
      .status();
}

absl::StatusOr<ReportSummary> PostgresStore::ApplyReport(const std::string& lease_id, const ScrapeReport& report,
                                                         const SchedulePolicy& policy, absl::Time now) {
  return Transact<ReportSummary>([&](pqxx::work& tx) -> absl::StatusOr<ReportSummary> {
    const absl::Status not_held = absl::NotFoundError(
        absl::StrCat("lease '", lease_id, "' is not held (never granted, already reported or released)"));
    // Locks in the order every path takes them, page before lease (LeaseDuePages locks
    // the page, then replaces its expired lease): the page is found unlocked, locked, and
    // the lease read again under that lock.
    pqxx::result leased = tx.exec_params("SELECT page_url FROM leases WHERE lease_id = $1", lease_id);
    if (leased.empty()) return not_held;
    const std::string page_url = leased[0][0].as<std::string>();
    pqxx::result page = tx.exec_params("SELECT consecutive_failures FROM pages WHERE url = $1 FOR UPDATE", page_url);
    pqxx::result lease = tx.exec_params(
        "SELECT kind, expires_at FROM leases WHERE lease_id = $1 AND page_url = $2 FOR UPDATE", lease_id, page_url);
    if (page.empty() || lease.empty()) return not_held;
    const auto kind = static_cast<ScrapeKind>(lease[0][0].as<int>());
    if (lease[0][1].as<int64_t>() <= Micros(now)) {
      return absl::FailedPreconditionError(
          absl::StrCat("lease '", lease_id, "' expired before its report: the page was or will be re-leased"));
    }
    const bool failed = report.outcome == ScrapeReport::Outcome::kFailure;
    const int failures = failed ? page[0][0].as<int>() + 1 : 0;
    tx.exec_params("DELETE FROM leases WHERE lease_id = $1", lease_id);

    ReportSummary summary;
    std::vector<PendingChange> changes;
    if (report.outcome == ScrapeReport::Outcome::kSuccess) {
      if (absl::Status s = UpsertIncidents(tx, page_url, report.incidents, now, summary, changes); !s.ok()) return s;
      if (report.lists_every_open_incident) {
        absl::Status s = CloseIncidentsNoLongerListed(tx, page_url, report.incidents, now, summary, changes);
        if (!s.ok()) return s;
      }
      if (!report.components.empty() && !ComponentsStoredAs(tx, page_url, report.components)) {
        tx.exec_params("DELETE FROM components WHERE page_url = $1", page_url);
        int position = 0;
        for (const Component& c : report.components) {
          tx.exec_params(
              "INSERT INTO components (page_url, position, id, name, status, group_name) VALUES ($1, $2, $3, $4, $5, $6)",
              page_url, position++, c.id(), c.name(), c.status(), c.group());
        }
      }
    }
    if (!failed) {
      for (const auto& [fetch_url, v] : report.validators) {
        tx.exec_params(
            // Unchanged validators (the usual case) are left as they are, unwritten.
            "INSERT INTO http_validators (page_url, fetch_url, etag, last_modified) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (page_url, fetch_url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified "
            "WHERE http_validators.etag <> excluded.etag OR http_validators.last_modified <> excluded.last_modified",
            page_url, fetch_url, v.etag, v.last_modified);
      }
    }
    summary.next_scrape_time = policy(ScheduleInput{kind, report.outcome, failures, report.retry_after, now});
    const bool historical = kind == statusphere::v1::SCRAPE_KIND_HISTORICAL;
    const std::string next_column = historical ? "next_historical_at" : "next_current_at";
    const std::string last_column = historical ? "last_historical_scrape" : "last_current_scrape";
    if (failed) {
      tx.exec_params(absl::StrCat("UPDATE pages SET ", next_column,
                                  " = $2, last_error = $3, last_error_time = $4, consecutive_failures = $5 WHERE url = $1"),
                     page_url, Micros(summary.next_scrape_time), report.error_message, Micros(now), failures);
    } else {
      tx.exec_params(absl::StrCat("UPDATE pages SET ", next_column, " = $2, ", last_column,
                                  " = $3, last_error = '', last_error_time = 0, consecutive_failures = 0",
                                  report.outcome == ScrapeReport::Outcome::kSuccess ? ", is_indexed = TRUE" : "",
                                  ", provider = CASE WHEN $4 = '' THEN provider ELSE $4 END WHERE url = $1"),
                     page_url, Micros(summary.next_scrape_time), Micros(now), report.provider);
    }
    WriteChanges(tx, page_url, changes, now);
    return summary;
  });
}

absl::StatusOr<std::vector<ChangeRecord>> PostgresStore::ListChanges(int64_t after, const std::string& page_url,
                                                                     int limit) {
  return Transact<std::vector<ChangeRecord>>([&](pqxx::work& tx) -> absl::StatusOr<std::vector<ChangeRecord>> {
    std::vector<ChangeRecord> changes;
    for (const auto& row : tx.exec_params(
             "SELECT sequence, kind, change_time, data FROM incident_changes "
             "WHERE sequence > $1 AND ($2 = '' OR page_url = $2) ORDER BY sequence LIMIT $3",
             after, page_url, limit)) {
      ChangeRecord change;
      change.sequence = row[0].as<int64_t>();
      change.kind = static_cast<IncidentChange::Kind>(row[1].as<int>());
      change.change_time = absl::FromUnixMicros(row[2].as<int64_t>());
      absl::StatusOr<Incident> incident = IncidentFromField(row[3]);
      if (!incident.ok()) return incident.status();
      change.incident = std::move(*incident);
      changes.push_back(std::move(change));
    }
    return changes;
  });
}

absl::StatusOr<int64_t> PostgresStore::LatestChangeSequence() {
  return Transact<int64_t>([&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
    return tx.exec("SELECT coalesce(max(sequence), 0) FROM incident_changes")[0][0].as<int64_t>();
  });
}

}  // namespace statusphere::store
