// Rows as the SQL store reads them: a page's columns and stored incidents, shared by the
// store's files (pages and incidents; leases and reports).
#ifndef STATUSPHERE_SERVER_STORE_SQL_ROWS_H_
#define STATUSPHERE_SERVER_STORE_SQL_ROWS_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/proto_time.h"
#include "server/store/incident_description.h"
#include "server/store/page_status.h"
#include "server/store/sql/connection.h"
#include "server/store/store.h"

namespace statusphere::store::sql {

inline int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

// The change log's `kind` of a component change (ChangeRecord.components), beside the
// IncidentChange.Kind values of incident changes; never handed out as a kind.
inline constexpr int kComponentChangeKind = 100;

// Columns every page query selects, in this order (see PageFromRow); a query may select
// more after them, from index kPageColumnCount.
inline constexpr char kPageColumns[] =
    "p.url, p.name, p.provider, p.last_current_scrape, p.last_historical_scrape, p.is_indexed, "
    "p.last_error, p.last_error_time, p.failing_since, p.consecutive_failures, "
    "EXISTS (SELECT 1 FROM incidents i WHERE i.page_url = p.url AND i.end_time IS NULL "
    "AND i.impact <> 'maintenance'), "
    // The component statuses of IsDegradedComponentStatus (page_status.h).
    "EXISTS (SELECT 1 FROM components c WHERE c.page_url = p.url "
    "AND c.status IN ('degraded_performance', 'partial_outage', 'major_outage')), "
    "p.platform_indicator";
// A query selecting more than the page's columns finds its own from this index on.
inline constexpr int kPageColumnCount = 13;

// `maintenance_in_progress`: the page has a maintenance window under way (see
// PagesInMaintenance); the rest of its status is in the row.
inline StatusPage PageFromRow(const Row& row, bool maintenance_in_progress) {
  StatusPage page;
  page.set_url(row.Text(0));
  page.set_name(row.Text(1));
  page.set_provider(row.Text(2));
  // Times are set only when known: an unset Timestamp is null in JSON, never 1970.
  if (row.Int(3) != 0) *page.mutable_last_currently_scraped() = MicrosToProto(row.Int(3));
  if (row.Int(4) != 0) *page.mutable_last_historically_scraped() = MicrosToProto(row.Int(4));
  page.set_is_indexed(row.Bool(5));
  page.set_last_error(row.Text(6));
  if (row.Int(7) != 0) *page.mutable_last_error_time() = MicrosToProto(row.Int(7));
  if (row.Int(8) != 0) *page.mutable_failing_since() = MicrosToProto(row.Int(8));
  page.set_consecutive_failures(static_cast<int32_t>(row.Int(9)));
  PageFacts facts;
  facts.is_indexed = page.is_indexed();
  facts.has_unresolved_incident = row.Bool(10);
  facts.has_maintenance_in_progress = maintenance_in_progress;
  facts.has_degraded_component = row.Bool(11);
  page.set_status(OverallStatus(facts));
  page.set_platform_indicator(row.Text(12));
  return page;
}

inline absl::StatusOr<std::vector<Incident>> Incidents(const std::vector<Row>& rows) {
  std::vector<Incident> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!out[i].ParseFromString(rows[i].Text(0))) return absl::DataLossError("a stored incident does not parse");
  }
  return out;
}

// Stored incidents as the store hands them out: with the description filled in where
// the platform gave none (incident_description.h). Merges read them with Incidents().
inline absl::StatusOr<std::vector<Incident>> IncidentsForReaders(const std::vector<Row>& rows) {
  absl::StatusOr<std::vector<Incident>> incidents = Incidents(rows);
  if (incidents.ok()) FillDescriptions(*incidents);
  return incidents;
}

// Of the open maintenances in `rows` (page_url, data), the pages whose window is in
// progress at `now`.
inline absl::StatusOr<std::set<std::string>> MaintenancesInProgress(const std::vector<Row>& rows, absl::Time now) {
  std::set<std::string> pages;
  for (const Row& row : rows) {
    if (pages.count(row.Text(0)) > 0) continue;
    Incident maintenance;
    if (!maintenance.ParseFromString(row.Text(1))) return absl::DataLossError("a stored incident does not parse");
    if (MaintenanceInProgress(maintenance, now)) pages.insert(row.Text(0));
  }
  return pages;
}

// "$first, $first+1, ...": `count` placeholders, for an IN list.
inline std::string Placeholders(size_t first, size_t count) {
  std::string list;
  for (size_t i = 0; i < count; ++i) absl::StrAppend(&list, i == 0 ? "$" : ", $", first + i);
  return list;
}

// The pages among `urls` (at least one) with a maintenance window in progress at `now`.
// Only theirs are read: every open maintenance of the catalog, read and parsed on each
// lease, had made a lease cost grow with the catalog (2,000 parsed per lease at 2,000 pages).
inline absl::StatusOr<std::set<std::string>> PagesInMaintenanceAmong(Transaction& tx, absl::Time now,
                                                                     const std::vector<std::string>& urls) {
  std::vector<Value> params(urls.begin(), urls.end());
  absl::StatusOr<std::vector<Row>> rows =
      tx.Query(absl::StrCat("SELECT page_url, data FROM incidents WHERE end_time IS NULL "
                            "AND impact = 'maintenance' AND page_url IN (",
                            Placeholders(1, urls.size()), ")"),
               params);
  if (!rows.ok()) return rows.status();
  return MaintenancesInProgress(*rows, now);
}

// The pages (of all, or the one `page_url`) with a maintenance window in progress at
// `now`. Whether a window is under way depends on the clock, so it is decided here, on
// the few open maintenances (an index holds them), not stored.
inline absl::StatusOr<std::set<std::string>> PagesInMaintenance(Transaction& tx, absl::Time now,
                                                                const std::string& page_url = "") {
  // Two statements, not one with "($1 = '' OR page_url = $1)": SQLite planned that as a scan
  // of every page's open maintenances, which each report (its schedule) and page read paid.
  constexpr absl::string_view kOpen =
      "SELECT page_url, data FROM incidents WHERE end_time IS NULL AND impact = 'maintenance'";
  absl::StatusOr<std::vector<Row>> rows =
      page_url.empty() ? tx.Query(kOpen) : tx.Query(absl::StrCat(kOpen, " AND page_url = $1"), {page_url});
  if (!rows.ok()) return rows.status();
  return MaintenancesInProgress(*rows, now);
}

}  // namespace statusphere::store::sql

#endif  // STATUSPHERE_SERVER_STORE_SQL_ROWS_H_
