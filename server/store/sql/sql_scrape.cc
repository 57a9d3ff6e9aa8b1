// The scraping half of the SQL store: the reports that end leases (leasing is in sql_lease.cc).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "server/store/change_delta.h"
#include "server/store/component_changes.h"
#include "server/store/incident_merge.h"
#include "server/store/report_digest.h"
#include "server/store/sql/rows.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::store::sql {

struct SqlStore::PendingChange {
  std::string incident_id;
  IncidentChange::Kind kind;
  std::string data;     // change_delta.h: the incident with the updates added or rewritten
  std::string removed;  // the updates removed, or rewritten as they were
  // A component change: `data` is a ComponentChangeEvent, kind and incident_id are
  // kComponentChangeKind and "", and `removed` is stored NULL (nothing to undo).
  bool component = false;
};

namespace {

// ApplyReport's marker for a report that would take its page past the storage budget: the
// transaction is rolled back and the report stored as a failure instead.
constexpr absl::string_view kOverBudget = "statusphere: page storage budget exceeded";

// The page's overall status as a read at `now` would show it (page_status.h), from the
// rows as this transaction sees them.
absl::StatusOr<std::string> OverallStatusNow(Transaction& tx, const std::string& page_url, absl::Time now) {
  ASSIGN_OR_RETURN(auto rows,
                   tx.Query(absl::StrCat("SELECT ", kPageColumns, " FROM pages p WHERE p.url = $1"), {page_url}));
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("page '", page_url, "' is not known"));
  ASSIGN_OR_RETURN(std::set<std::string> in_maintenance, PagesInMaintenance(tx, now, page_url));
  return PageFromRow(rows[0], !in_maintenance.empty()).status();
}

absl::StatusOr<std::vector<Component>> StoredComponents(Transaction& tx, const std::string& page_url) {
  ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT id, name, status, group_name FROM components WHERE page_url = $1 "
                                       "ORDER BY position",
                                       {page_url}));
  std::vector<Component> components(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    components[i].set_id(rows[i].Text(0));
    components[i].set_name(rows[i].Text(1));
    components[i].set_status(rows[i].Text(2));
    components[i].set_group(rows[i].Text(3));
  }
  return components;
}

// What makes a page hot (schedule.h), as stored: one statement of three index lookups, and
// the page's open maintenances read only when it has one.
absl::Status ReadActivity(Transaction& tx, const std::string& page_url, absl::Time now, ScheduleInput& schedule) {
  ASSIGN_OR_RETURN(auto activity,
                   tx.Query("SELECT EXISTS (SELECT 1 FROM incidents WHERE page_url = $1 AND end_time IS NULL "
                            "AND impact <> 'maintenance'), "
                            "EXISTS (SELECT 1 FROM incidents WHERE page_url = $1 AND end_time IS NULL "
                            "AND impact = 'maintenance'), "
                            "(SELECT change_time FROM incident_changes WHERE page_url = $1 "
                            "ORDER BY sequence DESC LIMIT 1)",
                            {page_url}));
  schedule.has_open_incident = activity[0].Bool(0);
  if (!activity[0].IsNull(2)) schedule.last_change = absl::FromUnixMicros(activity[0].Int(2));
  if (activity[0].Bool(1)) {
    ASSIGN_OR_RETURN(std::set<std::string> in_maintenance, PagesInMaintenance(tx, now, page_url));
    schedule.maintenance_in_progress = !in_maintenance.empty();
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status SqlStore::UpsertIncidents(Transaction& tx, const std::string& page_url,
                                       const std::vector<Incident>& incidents, absl::Time now, ReportSummary& summary,
                                       std::vector<PendingChange>& changes, int64_t& stored_bytes) {
  for (const Incident& reported_in : incidents) {
    Incident reported = reported_in;
    reported.set_status_page_url(page_url);
    ASSIGN_OR_RETURN(auto stored_rows,
                     tx.Query(absl::StrCat("SELECT data FROM incidents WHERE page_url = $1 AND incident_id = $2",
                                           RowLock(" FOR UPDATE")),
                              {page_url, reported.id()}));
    ASSIGN_OR_RETURN(std::vector<Incident> stored, Incidents(stored_rows));
    std::optional<Incident> previous;
    if (!stored.empty()) previous = std::move(stored.front());
    MergeResult merged = MergeIncident(previous, reported, limits_.max_updates_per_incident);
    if (merged.change == IncidentChange::KIND_UNSPECIFIED) {
      ++summary.unchanged;
      continue;
    }
    (merged.change == IncidentChange::CREATED ? summary.created : summary.updated)++;
    summary.updates_dropped += merged.updates_dropped;
    const Incident& incident = merged.incident;
    std::string data = incident.SerializeAsString();
    IncidentDelta delta = DiffIncident(previous, incident);
    PendingChange change{incident.id(), merged.change, delta.after.SerializeAsString(),
                         delta.removed.SerializeAsString()};
    stored_bytes += static_cast<int64_t>(data.size() + change.data.size() + change.removed.size()) -
                    static_cast<int64_t>(stored_rows.empty() ? 0 : stored_rows[0].Text(0).size());
    std::optional<int64_t> end;
    if (IsSet(incident.end_time())) end = ToMicros(incident.end_time());
    RETURN_IF_ERROR(
        tx.Execute("INSERT INTO incidents (page_url, incident_id, start_time, end_time, impact, data, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (page_url, incident_id) DO UPDATE SET "
                   "start_time = excluded.start_time, end_time = excluded.end_time, impact = excluded.impact, "
                   "data = excluded.data, updated_at = excluded.updated_at",
                   {page_url, incident.id(), ToMicros(incident.start_time()), end, incident.impact(),
                    Value::Bytes(data), Micros(now)}));
    changes.push_back(std::move(change));
  }
  return absl::OkStatus();
}

absl::Status SqlStore::ReplaceComponents(Transaction& tx, const std::string& page_url,
                                         const std::vector<Component>& stored,
                                         const std::vector<Component>& components) {
  // Most scrapes find the components as they were: comparing them is cheaper than deleting
  // and inserting every row (and their WAL records and dead tuples) again.
  bool unchanged = stored.size() == components.size();
  for (size_t i = 0; unchanged && i < components.size(); ++i) {
    const Component& c = components[i];
    unchanged = stored[i].id() == c.id() && stored[i].name() == c.name() && stored[i].status() == c.status() &&
                stored[i].group() == c.group();
  }
  if (unchanged) return absl::OkStatus();
  RETURN_IF_ERROR(tx.Execute("DELETE FROM components WHERE page_url = $1", {page_url}));
  int position = 0;
  for (const Component& c : components) {
    RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO components (page_url, position, id, name, status, group_name) VALUES ($1, $2, $3, $4, $5, $6)",
        {page_url, position++, c.id(), c.name(), c.status(), c.group()}));
  }
  return absl::OkStatus();
}

// Writes a report's changes to the log: the transaction's last statements, so that the
// change-log lock (where there is one) is held only from here to the commit.
absl::Status SqlStore::WriteChanges(Transaction& tx, const std::string& page_url,
                                    const std::vector<PendingChange>& changes, absl::Time now) {
  if (changes.empty()) return absl::OkStatus();
  if (!dialect_.change_log_writer_lock.empty()) RETURN_IF_ERROR(tx.Query(dialect_.change_log_writer_lock));
  for (const PendingChange& change : changes) {
    RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO incident_changes (page_url, incident_id, kind, change_time, data, removed) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {page_url, change.incident_id, change.component ? kComponentChangeKind : static_cast<int>(change.kind),
         Micros(now), Value::Bytes(change.data), change.component ? Value() : Value::Bytes(change.removed)}));
  }
  return absl::OkStatus();
}

absl::StatusOr<ReportSummary> SqlStore::ApplyReport(const std::string& lease_id, const ScrapeReport& report,
                                                    const SchedulePolicy& policy, absl::Time now) {
  absl::StatusOr<ReportSummary> applied = ApplyReportOnce(lease_id, report, policy, now);
  if (applied.ok() || applied.status().message() != kOverBudget) return applied;
  // Nothing of the report is kept: the page fails, says why, and backs off as failing
  // pages do.
  ScrapeReport failed;
  failed.outcome = ScrapeReport::Outcome::kFailure;
  failed.failure_reason = ScrapeFailure::TOO_LARGE;
  failed.error_message = absl::StrCat(
      "the page's incidents and changes would take more than its storage budget of ", limits_.page_budget_bytes,
      " bytes: the report was not stored (a page adding updates or incidents without end?)");
  return ApplyReportOnce(lease_id, failed, policy, now);
}

absl::StatusOr<ReportSummary> SqlStore::ApplyReportOnce(const std::string& lease_id, const ScrapeReport& report,
                                                        const SchedulePolicy& policy, absl::Time now) {
  const std::string digest = ReportDigest(report);
  return Write("ApplyReport", [&](Transaction& tx) -> absl::StatusOr<ReportSummary> {
    const absl::Status not_held = absl::NotFoundError(
        absl::StrCat("lease '", lease_id, "' is not held (never granted, already reported or released)"));
    ASSIGN_OR_RETURN(auto leased, tx.Query("SELECT l.page_url, l.kind, l.expires_at, p.consecutive_failures, "
                                           "p.stored_bytes, p.report_digest FROM leases l JOIN pages p "
                                           "ON p.url = l.page_url WHERE l.lease_id = $1",
                                           {lease_id}));
    if (leased.empty()) return not_held;
    const std::string page_url = leased[0].Text(0);
    int64_t kind_value = leased[0].Int(1), expires_at = leased[0].Int(2), stored_failures = leased[0].Int(3);
    int64_t stored_bytes = leased[0].Int(4);
    std::string stored_digest = leased[0].Text(5);
    if (dialect_.row_locks) {
      // What was read unlocked may change until the rows are locked, in the order every
      // path takes them, page before lease (LeaseDuePages locks the page, then replaces its
      // expired lease): the page is locked, then the lease read again under that lock. A
      // database that serializes whole transactions has read them exactly already.
      ASSIGN_OR_RETURN(auto page, tx.Query("SELECT consecutive_failures, stored_bytes, report_digest FROM pages "
                                           "WHERE url = $1 FOR UPDATE",
                                           {page_url}));
      ASSIGN_OR_RETURN(auto lease, tx.Query("SELECT kind, expires_at FROM leases WHERE lease_id = $1 "
                                            "AND page_url = $2 FOR UPDATE",
                                            {lease_id, page_url}));
      if (page.empty() || lease.empty()) return not_held;
      stored_failures = page[0].Int(0);
      stored_bytes = page[0].Int(1);
      stored_digest = page[0].Text(2);
      kind_value = lease[0].Int(0);
      expires_at = lease[0].Int(1);
    }
    const auto kind = static_cast<ScrapeKind>(kind_value);
    if (expires_at <= Micros(now)) {
      return absl::FailedPreconditionError(
          absl::StrCat("lease '", lease_id, "' expired before its report: the page was or will be re-leased"));
    }
    const bool failed = report.outcome == ScrapeReport::Outcome::kFailure;
    const int failures = failed ? static_cast<int>(stored_failures) + 1 : 0;
    RETURN_IF_ERROR(tx.Execute("DELETE FROM leases WHERE lease_id = $1", {lease_id}));

    ReportSummary summary;
    summary.page_url = page_url;
    std::vector<PendingChange> changes;
    const int64_t bytes_before = stored_bytes;
    // The page as the last merged success left it: nothing to merge (the usual scrape).
    summary.content_unchanged = !digest.empty() && digest == stored_digest;
    if (summary.content_unchanged) summary.unchanged = static_cast<int>(report.incidents.size());
    if (report.outcome == ScrapeReport::Outcome::kSuccess && !summary.content_unchanged) {
      std::vector<Component> stored_components;
      v1::ComponentChangeEvent component_event;
      if (!report.components.empty()) {
        ASSIGN_OR_RETURN(stored_components, StoredComponents(tx, page_url));
        for (v1::ComponentStatusChange& c : ComponentStatusChanges(stored_components, report.components)) {
          *component_event.add_changes() = std::move(c);
        }
        // Read before the report's incidents are: the status the subscriber last knew.
        if (!component_event.changes().empty()) {
          ASSIGN_OR_RETURN(*component_event.mutable_page_status_before(), OverallStatusNow(tx, page_url, now));
        }
      }
      RETURN_IF_ERROR(UpsertIncidents(tx, page_url, report.incidents, now, summary, changes, stored_bytes));
      if (report.lists_every_open_incident) {
        // Closes the page's open incidents that a report listing every open one no longer lists.
        ASSIGN_OR_RETURN(auto open, tx.Query(absl::StrCat("SELECT data FROM incidents WHERE page_url = $1 "
                                                          "AND end_time IS NULL",
                                                          RowLock(" FOR UPDATE")),
                                             {page_url}));
        ASSIGN_OR_RETURN(std::vector<Incident> stored, Incidents(open));
        RETURN_IF_ERROR(UpsertIncidents(tx, page_url, CloseNoLongerListed(stored, report.incidents, now), now, summary,
                                        changes, stored_bytes));
      }
      if (!report.components.empty()) {
        RETURN_IF_ERROR(ReplaceComponents(tx, page_url, stored_components, report.components));
      }
      if (!component_event.changes().empty()) {
        component_event.set_status_page_url(page_url);
        ASSIGN_OR_RETURN(*component_event.mutable_page_status_after(), OverallStatusNow(tx, page_url, now));
        ASSIGN_OR_RETURN(auto open, tx.Query("SELECT EXISTS (SELECT 1 FROM incidents WHERE page_url = $1 "
                                             "AND end_time IS NULL AND impact <> 'maintenance')",
                                             {page_url}));
        component_event.set_incident_open(open[0].Bool(0));
        PendingChange change{"", IncidentChange::KIND_UNSPECIFIED, component_event.SerializeAsString(), "", true};
        stored_bytes += static_cast<int64_t>(change.data.size());
        changes.push_back(std::move(change));
      }
      // Only growth is refused: a page over its budget (a lowered budget) may still shrink.
      if (stored_bytes > bytes_before && stored_bytes > limits_.page_budget_bytes) {
        return absl::ResourceExhaustedError(kOverBudget);
      }
      if (stored_bytes != bytes_before) {
        RETURN_IF_ERROR(tx.Execute("UPDATE pages SET stored_bytes = $2 WHERE url = $1", {page_url, stored_bytes}));
      }
    }
    if (!failed) {
      for (const auto& [fetch_url, v] : report.validators) {
        RETURN_IF_ERROR(tx.Execute(
            // Unchanged validators (the usual case) are left as they are, unwritten.
            "INSERT INTO http_validators (page_url, fetch_url, etag, last_modified) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (page_url, fetch_url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified WHERE http_validators.etag <> excluded.etag "
            "OR http_validators.last_modified <> excluded.last_modified",
            {page_url, fetch_url, v.etag, v.last_modified}));
      }
    }
    ScheduleInput schedule{kind, report.outcome, failures, report.retry_after, now, report.failure_reason};
    if (!failed) schedule.fresh_for = report.fresh_for;
    if (!failed && kind == statusphere::v1::SCRAPE_KIND_CURRENT) {
      RETURN_IF_ERROR(ReadActivity(tx, page_url, now, schedule));
      if (!changes.empty()) schedule.last_change = now;
    }
    summary.next_scrape_time = policy(schedule);
    const bool historical = kind == statusphere::v1::SCRAPE_KIND_HISTORICAL;
    const char* next_column = historical ? "next_historical_at" : "next_current_at";
    const char* last_column = historical ? "last_historical_scrape" : "last_current_scrape";
    if (failed) {
      // A page whose current state cannot be fetched will not give its history either: its
      // backfill, if due sooner, waits as well (a failing backfill leaves current scrapes be).
      const std::string backfill_waits =
          historical ? ""
                     : "next_historical_at = CASE WHEN next_historical_at < $2 THEN $2 ELSE next_historical_at END, ";
      RETURN_IF_ERROR(tx.Execute(absl::StrCat("UPDATE pages SET ", next_column, " = $2, ", backfill_waits,
                                              "last_error = $3, last_error_time = $4, consecutive_failures = $5, "
                                              "last_error_reason = $6, failing_since = CASE WHEN consecutive_failures "
                                              "= 0 THEN $4 ELSE failing_since END, leased_until = 0, list_mark = ",
                                              dialect_.random_int64, " WHERE url = $1"),
                                 {page_url, Micros(summary.next_scrape_time), report.error_message, Micros(now),
                                  failures, static_cast<int>(report.failure_reason)}));
    } else {
      RETURN_IF_ERROR(tx.Execute(
          absl::StrCat("UPDATE pages SET ", next_column, " = $2, ", last_column,
                       " = $3, last_error = '', last_error_time = 0, consecutive_failures = 0, "
                       "last_error_reason = 0, failing_since = 0, leased_until = 0",
                       report.outcome == ScrapeReport::Outcome::kSuccess ? ", is_indexed = TRUE" : "",
                       ", provider = CASE WHEN $4 = '' THEN provider ELSE $4 END",
                       // A scrape whose documents carry no indicator (a feed, a backfill)
                       // leaves the last one read, as components are left.
                       ", platform_indicator = CASE WHEN $5 = '' THEN platform_indicator ELSE $5 END",
                       // A 304 leaves the digest of the content it confirms.
                       ", report_digest = CASE WHEN $6 = '' THEN report_digest ELSE $6 END",
                       // Every report changes what the list shows (the scrape's time at least).
                       ", list_mark = ", dialect_.random_int64, " WHERE url = $1"),
          {page_url, Micros(summary.next_scrape_time), Micros(now), report.provider,
           report.outcome == ScrapeReport::Outcome::kSuccess ? report.platform_indicator : std::string(), digest}));
    }
    RETURN_IF_ERROR(WriteChanges(tx, page_url, changes, now));
    return summary;
  });
}

}  // namespace statusphere::store::sql
