// Rows as the SQL store reads them: a page's columns and stored incidents, shared by the
// store's files (pages and incidents; leases and reports).
#ifndef STATUSPHERE_SERVER_STORE_SQL_ROWS_H_
#define STATUSPHERE_SERVER_STORE_SQL_ROWS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/proto_time.h"
#include "server/store/page_status.h"
#include "server/store/sql/connection.h"
#include "server/store/store.h"

namespace statusphere::store::sql {

inline int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

// Columns every page query selects, in this order (see PageFromRow).
inline constexpr char kPageColumns[] =
    "p.url, p.name, p.provider, p.last_current_scrape, p.last_historical_scrape, p.is_indexed, "
    "p.last_error, p.last_error_time, p.failing_since, p.consecutive_failures, "
    "EXISTS (SELECT 1 FROM incidents i WHERE i.page_url = p.url AND i.end_time IS NULL "
    "AND i.impact <> 'maintenance')";
// A query selecting more than the page's columns finds its own from this index on.
inline constexpr int kPageColumnCount = 11;

inline StatusPage PageFromRow(const Row& row) {
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
  page.set_status(OverallStatus(page.is_indexed(), row.Bool(10)));
  return page;
}

inline absl::StatusOr<std::vector<Incident>> Incidents(const std::vector<Row>& rows) {
  std::vector<Incident> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!out[i].ParseFromString(rows[i].Text(0))) return absl::DataLossError("a stored incident does not parse");
  }
  return out;
}

}  // namespace statusphere::store::sql

#endif  // STATUSPHERE_SERVER_STORE_SQL_ROWS_H_
