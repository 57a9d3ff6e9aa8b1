#include "server/store/sql/sql_store.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "server/store/incident_description.h"
#include "server/store/incident_merge.h"
#include "server/store/page_status.h"
#include "server/store/sql/rows.h"

namespace statusphere::store::sql {
namespace {

absl::Status PageNotFound(const std::string& url) {
  return absl::NotFoundError(absl::StrCat("status page '", url, "' is not known"));
}

const char* OriginName(PageOrigin origin) { return origin == PageOrigin::kCatalog ? "catalog" : "admin"; }

// When a page never scraped is first due: before every page that has been scraped (their
// due times are real times), so that a catalog of dead entries, all overdue, does not keep
// a new page waiting for a whole round. A page an administrator added goes first of all,
// even before a fresh catalog import: someone is waiting for it. Leasing orders by due
// time, so these need no other column, and the due-time index still serves the order.
constexpr int64_t kDueFirst = 0;
constexpr int64_t kDueBeforeScrapedPages = 1;

}  // namespace

SqlStore::SqlStore(std::unique_ptr<Connection> connection, Dialect dialect)
    : connection_(std::move(connection)),
      dialect_(std::move(dialect)),
      latency_(metrics::DefaultRegistry().AddHistogram(
          "statusphere_store_operation_duration_seconds",
          "Time of each call into the database (SQLite or PostgreSQL), by Store operation and outcome (ok, error).",
          {"operation", "outcome"}, metrics::LatencyBuckets())) {}

void SqlStore::Timed(const char* operation, bool ok, double seconds) {
  latency_.With({operation, ok ? "ok" : "error"}).Observe(seconds);
}

// --- Pages ---------------------------------------------------------------------------

absl::StatusOr<bool> SqlStore::NameTakenByOther(Transaction& tx, const std::string& name, const std::string& url) {
  ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT 1 FROM pages WHERE name_key = $1 AND url <> $2", {absl::AsciiStrToLower(name), url}));
  return !rows.empty();
}

absl::StatusOr<StatusPage> SqlStore::InsertPage(Transaction& tx, const NewPage& page, absl::Time now) {
  ASSIGN_OR_RETURN(auto existing, tx.Query("SELECT 1 FROM pages WHERE url = $1", {page.url}));
  if (!existing.empty())
    return absl::AlreadyExistsError(absl::StrCat("a status page with url '", page.url, "' exists"));
  ASSIGN_OR_RETURN(bool taken, NameTakenByOther(tx, page.name, page.url));
  if (taken) return absl::AlreadyExistsError(absl::StrCat("a status page named '", page.name, "' exists"));
  // A new mark, not the column's 0: a page removed and added back with the same url must not
  // keep the mark a server's list kept of the one before.
  RETURN_IF_ERROR(
      tx.Execute(absl::StrCat("INSERT INTO pages (url, name, name_key, provider, origin, created_at, next_current_at, "
                              "next_historical_at, list_mark) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, ",
                              dialect_.random_int64, ")"),
                 {page.url, page.name, absl::AsciiStrToLower(page.name), page.provider, OriginName(page.origin),
                  Micros(now), page.origin == PageOrigin::kAdmin ? kDueFirst : kDueBeforeScrapedPages}));
  // An administrator adding a page back overrides an earlier removal.
  RETURN_IF_ERROR(tx.Execute("DELETE FROM removed_catalog_pages WHERE url = $1", {page.url}));
  RETURN_IF_ERROR(PageListChanged(tx, 1));
  StatusPage out;
  out.set_url(page.url);
  out.set_name(page.name);
  out.set_provider(page.provider);
  out.set_status(OverallStatus(PageFacts{}));
  return out;
}

absl::Status SqlStore::DeletePage(Transaction& tx, const std::string& url) {
  RETURN_IF_ERROR(tx.Execute("DELETE FROM incident_changes WHERE page_url = $1", {url}));
  // Components, incidents, leases and validators go with the page (ON DELETE CASCADE).
  ASSIGN_OR_RETURN(int64_t removed, tx.Execute("DELETE FROM pages WHERE url = $1", {url}));
  return removed > 0 ? PageListChanged(tx, -removed) : absl::OkStatus();
}

absl::Status SqlStore::PageListChanged(Transaction& tx, int64_t added) {
  // One row that every add and removal updates: on PostgreSQL its row lock orders them, and
  // each adds to the count as committed by the one before (READ COMMITTED re-reads it).
  return tx
      .Execute("UPDATE page_list_state SET page_count = page_count + $1, version = version + 1 WHERE id = 1", {added})
      .status();
}

absl::StatusOr<StatusPage> SqlStore::AddPage(const NewPage& page, absl::Time now) {
  return Write("AddPage", [&](Transaction& tx) { return InsertPage(tx, page, now); });
}

absl::Status SqlStore::RemovePage(const std::string& url) {
  // The removal's time is this server's clock, as every other time the store keeps.
  const absl::Time now = absl::Now();
  return Write("RemovePage", [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto origin,
                     tx.Query(absl::StrCat("SELECT origin FROM pages WHERE url = $1", RowLock(" FOR UPDATE")), {url}));
    if (origin.empty()) return PageNotFound(url);
    if (origin[0].Text(0) == "catalog") {
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO removed_catalog_pages (url, removed_at) VALUES ($1, $2) "
                     "ON CONFLICT (url) DO UPDATE SET removed_at = excluded.removed_at",
                     {url, Micros(now)}));
    }
    return DeletePage(tx, url);
  });
}

absl::StatusOr<StatusPage> SqlStore::RenamePage(const std::string& url, const std::string& new_name) {
  return Write("RenamePage", [&](Transaction& tx) -> absl::StatusOr<StatusPage> {
    ASSIGN_OR_RETURN(bool taken, NameTakenByOther(tx, new_name, url));
    if (taken) return absl::AlreadyExistsError(absl::StrCat("a status page named '", new_name, "' exists"));
    ASSIGN_OR_RETURN(int64_t updated, tx.Execute(absl::StrCat("UPDATE pages SET name = $2, name_key = $3, list_mark = ",
                                                              dialect_.random_int64, " WHERE url = $1"),
                                                 {url, new_name, absl::AsciiStrToLower(new_name)}));
    if (updated == 0) return PageNotFound(url);
    RETURN_IF_ERROR(PageListChanged(tx, 0));
    return LoadPage(tx, "p.url = $1", url);
  });
}

absl::StatusOr<CatalogReconciliation> SqlStore::ReconcileCatalog(const std::vector<NewPage>& entries, absl::Time now) {
  return Write("ReconcileCatalog", [&](Transaction& tx) -> absl::StatusOr<CatalogReconciliation> {
    // The stored pages and removals are read once and the new pages inserted in batches: a
    // statement per entry made a first start with the 1,500-page catalog take 11 s on
    // PostgreSQL, where every statement is a round trip.
    struct Stored {
      std::string origin, name, provider;
    };
    std::map<std::string, Stored> pages;                 // by url
    std::map<std::string, std::string> url_by_name_key;  // names are unique case-insensitively
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT url, origin, name, provider, name_key FROM pages"));
    for (const Row& row : rows) {
      pages[row.Text(0)] = Stored{row.Text(1), row.Text(2), row.Text(3)};
      url_by_name_key[row.Text(4)] = row.Text(0);
    }
    std::set<std::string> removed;
    ASSIGN_OR_RETURN(auto removed_rows, tx.Query("SELECT url FROM removed_catalog_pages"));
    for (const Row& row : removed_rows) removed.insert(row.Text(0));
    auto name_taken_by_other = [&](const std::string& name, const std::string& url) {
      auto it = url_by_name_key.find(absl::AsciiStrToLower(name));
      return it != url_by_name_key.end() && it->second != url;
    };

    CatalogReconciliation result;
    std::set<std::string> listed;
    std::vector<const NewPage*> to_insert;
    for (const NewPage& entry : entries) {
      listed.insert(entry.url);
      auto existing = pages.find(entry.url);
      if (existing == pages.end()) {
        if (removed.count(entry.url) > 0) {
          result.skipped.push_back(absl::StrCat(entry.url, " (removed by an administrator)"));
          continue;
        }
        if (name_taken_by_other(entry.name, entry.url)) {
          result.skipped.push_back(absl::StrCat(entry.url, " (a status page named '", entry.name, "' exists)"));
          continue;
        }
        pages[entry.url] = Stored{"catalog", entry.name, entry.provider};
        url_by_name_key[absl::AsciiStrToLower(entry.name)] = entry.url;
        to_insert.push_back(&entry);
        continue;
      }
      Stored& page = existing->second;
      if (page.origin != "catalog") continue;  // an administrator's page: hands off
      const bool rename = page.name != entry.name;
      // A provider detected at run time is better knowledge than the catalog's hint.
      const bool set_provider = page.provider.empty() && !entry.provider.empty();
      if (!rename && !set_provider) continue;
      if (rename && name_taken_by_other(entry.name, entry.url)) {
        result.skipped.push_back(absl::StrCat(entry.url, " (name '", entry.name, "' is taken)"));
        continue;
      }
      RETURN_IF_ERROR(tx.Execute(
          absl::StrCat("UPDATE pages SET name = $2, name_key = $3, provider = CASE WHEN provider = '' THEN $4 ELSE "
                       "provider END, list_mark = ",
                       dialect_.random_int64, " WHERE url = $1"),
          {entry.url, entry.name, absl::AsciiStrToLower(entry.name), entry.provider}));
      if (rename) {
        url_by_name_key.erase(absl::AsciiStrToLower(page.name));
        url_by_name_key[absl::AsciiStrToLower(entry.name)] = entry.url;
        page.name = entry.name;
      }
      if (set_provider) page.provider = entry.provider;
      ++result.updated;
    }

    // 100 rows of 7 values stay far below SQLite's bound on parameters per statement.
    constexpr size_t kRowsPerInsert = 100;
    for (size_t first = 0; first < to_insert.size(); first += kRowsPerInsert) {
      const size_t last = std::min(to_insert.size(), first + kRowsPerInsert);
      std::string sql =
          "INSERT INTO pages (url, name, name_key, provider, origin, created_at, next_current_at, "
          "next_historical_at, list_mark) VALUES ";
      std::vector<Value> params;
      std::vector<std::string> name_keys;  // Values are views: the lowered names must outlive the call
      name_keys.reserve(last - first);
      for (size_t i = first; i < last; ++i) {
        const NewPage& page = *to_insert[i];
        const size_t base = params.size();
        // As InsertPage: a new catalog page's current scrape is due before every scraped page's.
        absl::StrAppend(&sql, i == first ? "" : ", ", "($", base + 1, ", $", base + 2, ", $", base + 3, ", $", base + 4,
                        ", $", base + 5, ", $", base + 6, ", $", base + 7, ", $", base + 6, ", ", dialect_.random_int64,
                        ")");
        name_keys.push_back(absl::AsciiStrToLower(page.name));
        params.insert(params.end(), {page.url, page.name, name_keys.back(), page.provider,
                                     OriginName(PageOrigin::kCatalog), Micros(now), kDueBeforeScrapedPages});
      }
      RETURN_IF_ERROR(tx.Execute(sql, params).status());
    }
    result.added = static_cast<int>(to_insert.size());
    // Removals below count themselves (DeletePage).
    if (result.added > 0 || result.updated > 0) RETURN_IF_ERROR(PageListChanged(tx, result.added));

    for (const auto& [url, page] : pages) {
      if (page.origin != "catalog" || listed.count(url) > 0) continue;
      RETURN_IF_ERROR(DeletePage(tx, url));
      ++result.removed;
    }
    return result;
  });
}

absl::StatusOr<StatusPage> SqlStore::LoadPage(Transaction& tx, absl::string_view where, const std::string& key) {
  ASSIGN_OR_RETURN(auto rows, tx.Query(absl::StrCat("SELECT ", kPageColumns, " FROM pages p WHERE ", where), {key}));
  if (rows.empty()) return PageNotFound(key);
  ASSIGN_OR_RETURN(std::set<std::string> in_maintenance, PagesInMaintenance(tx, absl::Now(), rows[0].Text(0)));
  StatusPage page = PageFromRow(rows[0], in_maintenance.count(rows[0].Text(0)) > 0);
  ASSIGN_OR_RETURN(auto components,
                   tx.Query("SELECT id, name, status, group_name FROM components WHERE page_url = $1 ORDER BY position",
                            {page.url()}));
  for (const Row& c : components) {
    Component* component = page.add_components();
    component->set_id(c.Text(0));
    component->set_name(c.Text(1));
    component->set_status(c.Text(2));
    component->set_group(c.Text(3));
  }
  return page;
}

absl::StatusOr<std::vector<StatusPage>> SqlStore::ListPages() {
  return Read("ListPages", [&](Transaction& tx) -> absl::StatusOr<std::vector<StatusPage>> {
    ASSIGN_OR_RETURN(auto rows,
                     tx.Query(absl::StrCat("SELECT ", kPageColumns, " FROM pages p ORDER BY p.name_key, p.url")));
    ASSIGN_OR_RETURN(std::set<std::string> in_maintenance, PagesInMaintenance(tx, absl::Now()));
    std::vector<StatusPage> pages;
    pages.reserve(rows.size());
    for (const Row& row : rows) pages.push_back(PageFromRow(row, in_maintenance.count(row.Text(0)) > 0));
    return pages;
  });
}

absl::StatusOr<PageMarks> SqlStore::ListPageMarks(absl::Time now, bool in_order) {
  return Read("ListPageMarks", [&](Transaction& tx) -> absl::StatusOr<PageMarks> {
    PageMarks marks;
    ASSIGN_OR_RETURN(auto version, tx.Query("SELECT version FROM page_list_state"));
    marks.version = version[0].Int(0);
    // "<url> <mark>" lines in one text.
    const std::string lines = absl::StrCat(dialect_.text_agg, "(url || ' ' || list_mark, '\n'",
                                           in_order && dialect_.agg_order_by ? " ORDER BY name_key, url" : "", ")");
    std::string sql = absl::StrCat("SELECT ", lines, " FROM pages");
    if (in_order && !dialect_.agg_order_by) {
      sql = absl::StrCat("SELECT ", lines, " FROM (SELECT url, list_mark FROM pages ORDER BY name_key, url) ordered");
    }
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
    ASSIGN_OR_RETURN(marks.in_maintenance, PagesInMaintenance(tx, now));
    auto text = std::make_shared<std::string>(rows[0].Text(0));
    for (absl::string_view entry : absl::StrSplit(*text, '\n', absl::SkipEmpty())) {
      const size_t space = entry.rfind(' ');
      PageMark page;
      if (space == absl::string_view::npos || !absl::SimpleAtoi(entry.substr(space + 1), &page.mark)) {
        return absl::DataLossError(absl::StrCat("a page's list mark does not read: '", entry, "'"));
      }
      page.url = entry.substr(0, space);
      marks.pages.push_back(page);
    }
    marks.text = std::move(text);
    return marks;
  });
}

absl::StatusOr<PageSlice> SqlStore::ListPagesAfter(const std::optional<PageOrderKey>& after, int limit) {
  if (limit < 1) return absl::InvalidArgumentError("a slice of pages holds at least one");
  return Read("ListPagesAfter", [&](Transaction& tx) -> absl::StatusOr<PageSlice> {
    // A row comparison, not an OR of the two columns: it is what the pages_by_order index
    // serves, so a slice deep in the list costs what the first one does.
    std::string sql = absl::StrCat("SELECT ", kPageColumns, " FROM pages p");
    std::vector<Value> params;
    if (after.has_value()) {
      absl::StrAppend(&sql, " WHERE (p.name_key, p.url) > ($1, $2)");
      params = {after->name_key, after->url};
    }
    // One more than asked: whether pages follow, without a second query.
    absl::StrAppend(&sql, " ORDER BY p.name_key, p.url LIMIT ", limit + 1);
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
    ASSIGN_OR_RETURN(std::set<std::string> in_maintenance, PagesInMaintenance(tx, absl::Now()));
    ASSIGN_OR_RETURN(auto count, tx.Query("SELECT page_count FROM page_list_state"));
    PageSlice slice;
    slice.more = rows.size() > static_cast<size_t>(limit);
    if (slice.more) rows.pop_back();
    slice.pages.reserve(rows.size());
    for (const Row& row : rows) slice.pages.push_back(PageFromRow(row, in_maintenance.count(row.Text(0)) > 0));
    slice.total = static_cast<int>(count[0].Int(0));
    return slice;
  });
}

absl::StatusOr<std::vector<UnhealthyPage>> SqlStore::ListUnhealthyPages() {
  return Read("ListUnhealthyPages", [&](Transaction& tx) -> absl::StatusOr<std::vector<UnhealthyPage>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query(absl::StrCat("SELECT ", kPageColumns,
                                                      ", p.last_error_reason FROM pages p "
                                                      "WHERE NOT p.is_indexed OR p.consecutive_failures > 0 ORDER BY "
                                                      "CASE WHEN p.consecutive_failures > 0 THEN 0 ELSE 1 END, "
                                                      "p.failing_since, p.name_key, p.url")));
    ASSIGN_OR_RETURN(std::set<std::string> in_maintenance, PagesInMaintenance(tx, absl::Now()));
    std::vector<UnhealthyPage> pages;
    pages.reserve(rows.size());
    for (const Row& row : rows) {
      pages.push_back({PageFromRow(row, in_maintenance.count(row.Text(0)) > 0),
                       static_cast<ScrapeFailure::Reason>(row.Int(kPageColumnCount))});
    }
    return pages;
  });
}

absl::StatusOr<int> SqlStore::CountPages() {
  return Read("CountPages", [&](Transaction& tx) -> absl::StatusOr<int> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT page_count FROM page_list_state"));
    return static_cast<int>(rows[0].Int(0));
  });
}

absl::StatusOr<int64_t> SqlStore::PageListVersion() {
  return Read("PageListVersion", [&](Transaction& tx) -> absl::StatusOr<int64_t> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT version FROM page_list_state"));
    return rows[0].Int(0);
  });
}

absl::StatusOr<PageNames> SqlStore::ListPageNames() {
  return Read("ListPageNames", [&](Transaction& tx) -> absl::StatusOr<PageNames> {
    // The version first: on PostgreSQL each statement sees what was committed when it
    // began, so a page added between the two is listed under the older version (and read
    // again at the newer one), never missing from a list said to be current.
    ASSIGN_OR_RETURN(auto version, tx.Query("SELECT version FROM page_list_state"));
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT url, name FROM pages"));
    PageNames names;
    names.version = version[0].Int(0);
    names.pages.reserve(rows.size());
    for (const Row& row : rows) names.pages.push_back({row.Text(0), row.Text(1)});
    return names;
  });
}

absl::StatusOr<std::vector<StatusPage>> SqlStore::ListPagesByUrl(const std::vector<std::string>& urls,
                                                                 int64_t* page_list_version) {
  if (urls.empty() && page_list_version == nullptr) return std::vector<StatusPage>();
  return Read("ListPagesByUrl", [&](Transaction& tx) -> absl::StatusOr<std::vector<StatusPage>> {
    if (page_list_version != nullptr) {
      ASSIGN_OR_RETURN(auto version, tx.Query("SELECT version FROM page_list_state"));
      *page_list_version = version[0].Int(0);
    }
    if (urls.empty()) return std::vector<StatusPage>();
    const std::vector<Value> params(urls.begin(), urls.end());
    ASSIGN_OR_RETURN(auto rows, tx.Query(absl::StrCat("SELECT ", kPageColumns, " FROM pages p WHERE p.url IN (",
                                                      Placeholders(1, urls.size()), ")"),
                                         params));
    // These pages' maintenances only, not the catalog's (each search and each slice of the
    // kept list's changes read them).
    ASSIGN_OR_RETURN(std::set<std::string> in_maintenance, PagesInMaintenanceAmong(tx, absl::Now(), urls));
    std::map<std::string, StatusPage> by_url;
    for (const Row& row : rows) by_url[row.Text(0)] = PageFromRow(row, in_maintenance.count(row.Text(0)) > 0);
    std::vector<StatusPage> pages;
    pages.reserve(by_url.size());
    for (const std::string& url : urls) {
      if (auto it = by_url.find(url); it != by_url.end()) pages.push_back(std::move(it->second));
    }
    return pages;
  });
}

absl::StatusOr<StatusPage> SqlStore::GetPageByUrl(const std::string& url) {
  return Read("GetPageByUrl", [&](Transaction& tx) { return LoadPage(tx, "p.url = $1", url); });
}

absl::StatusOr<StatusPage> SqlStore::GetPageByName(const std::string& name) {
  absl::StatusOr<StatusPage> page = Read(
      "GetPageByName", [&](Transaction& tx) { return LoadPage(tx, "p.name_key = $1", absl::AsciiStrToLower(name)); });
  if (page.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat("no status page is named '", name, "'"));
  }
  return page;
}

// --- Incidents -----------------------------------------------------------------------

absl::StatusOr<std::vector<Incident>> SqlStore::ListIncidents(const IncidentQuery& query) {
  return Read("ListIncidents", [&](Transaction& tx) -> absl::StatusOr<std::vector<Incident>> {
    // Whether the page exists, and nothing more: its row and components are not needed.
    ASSIGN_OR_RETURN(auto page, tx.Query("SELECT 1 FROM pages WHERE url = $1", {query.page_url}));
    if (page.empty()) return PageNotFound(query.page_url);
    std::vector<Value> params = {query.page_url};
    std::string sql = "SELECT data FROM incidents WHERE page_url = $1";
    if (!query.impacts.empty()) {
      absl::StrAppend(&sql, " AND impact IN (", Placeholders(params.size() + 1, query.impacts.size()), ")");
      params.insert(params.end(), query.impacts.begin(), query.impacts.end());
    }
    if (query.open_at_or_after) {
      params.push_back(absl::ToUnixMicros(*query.open_at_or_after));
      const std::string since = absl::StrCat("$", params.size());
      absl::StrAppend(&sql, " AND (end_time IS NULL OR end_time >= ", since, " OR start_time >= ", since, ")");
    }
    absl::StrAppend(&sql, " ORDER BY start_time DESC, incident_id");
    if (query.limit > 0) absl::StrAppend(&sql, " LIMIT ", query.limit);
    ASSIGN_OR_RETURN(auto rows, tx.Query(sql, params));
    return IncidentsForReaders(rows);
  });
}

absl::StatusOr<std::vector<Incident>> SqlStore::ListUnresolvedIncidents(const std::string& page_url) {
  return Read("ListUnresolvedIncidents", [&](Transaction& tx) -> absl::StatusOr<std::vector<Incident>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT data FROM incidents WHERE page_url = $1 AND end_time IS NULL "
                                         "AND impact <> 'maintenance' ORDER BY start_time DESC, incident_id",
                                         {page_url}));
    return IncidentsForReaders(rows);
  });
}

// --- Changes (leases and reports are in sql_scrape.cc, reading and pruning in sql_changes.cc)

absl::StatusOr<int64_t> SqlStore::LatestChangeSequence() {
  return Read("LatestChangeSequence", [&](Transaction& tx) -> absl::StatusOr<int64_t> {
    // A log pruned empty still ends where it ended: sequences are never handed out twice.
    ASSIGN_OR_RETURN(auto rows, tx.Query(absl::StrCat("SELECT ", dialect_.greatest,
                                                      "(coalesce((SELECT max(sequence) FROM incident_changes), 0), "
                                                      "coalesce((SELECT pruned_through FROM change_log_state), 0))")));
    return rows[0].Int(0);
  });
}

absl::Status SqlStore::LockChangeLogForReading(Transaction& tx) {
  for (const std::string& sql : dialect_.change_log_reader_lock) RETURN_IF_ERROR(tx.Execute(sql));
  return absl::OkStatus();
}

}  // namespace statusphere::store::sql
