// SqlStore: reading the change log, whose rows hold deltas (change_delta.h), and pruning it.
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/store/change_delta.h"
#include "server/store/sql/rows.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::store::sql {
namespace {

// The columns RebuildChanges reads, in its order.
constexpr char kChangeColumns[] = "sequence, kind, change_time, data, page_url, incident_id, removed";

absl::Status ParseIncident(const std::string& bytes, Incident& out) {
  if (!out.ParseFromString(bytes)) return absl::DataLossError("a stored incident change does not parse");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<ChangeRecord>> SqlStore::RebuildChanges(Transaction& tx, const std::vector<Row>& rows) {
  std::vector<ChangeRecord> changes(rows.size());
  // Delta rows by incident: the oldest wanted, and where each goes in `changes`.
  std::map<std::pair<std::string, std::string>, std::map<int64_t, size_t>> wanted;
  for (size_t i = 0; i < rows.size(); ++i) {
    changes[i].sequence = rows[i].Int(0);
    changes[i].kind = static_cast<IncidentChange::Kind>(rows[i].Int(1));
    changes[i].change_time = absl::FromUnixMicros(rows[i].Int(2));
    if (rows[i].Int(1) == kComponentChangeKind) {
      changes[i].kind = IncidentChange::KIND_UNSPECIFIED;
      if (!changes[i].components.emplace().ParseFromString(rows[i].Text(3))) {
        return absl::DataLossError("a stored component change does not parse");
      }
      continue;  // whole as stored: nothing to rebuild
    }
    RETURN_IF_ERROR(ParseIncident(rows[i].Text(3), changes[i].incident));
    // A row written before schema 7 holds the whole incident.
    if (!rows[i].IsNull(6)) wanted[{rows[i].Text(4), rows[i].Text(5)}][changes[i].sequence] = i;
  }
  for (const auto& [incident_key, positions] : wanted) {
    const auto& [page_url, incident_id] = incident_key;
    // From the incident as stored now back over its changes since the oldest one wanted.
    ASSIGN_OR_RETURN(auto current, tx.Query("SELECT data FROM incidents WHERE page_url = $1 AND incident_id = $2",
                                            {page_url, incident_id}));
    Incident events;
    if (!current.empty()) RETURN_IF_ERROR(ParseIncident(current[0].Text(0), events));
    ASSIGN_OR_RETURN(auto later, tx.Query("SELECT sequence, data, removed FROM incident_changes WHERE page_url = $1 "
                                          "AND incident_id = $2 AND sequence >= $3 ORDER BY sequence DESC",
                                          {page_url, incident_id, positions.begin()->first}));
    for (const Row& row : later) {
      if (row.IsNull(2)) break;  // older than the deltas: nothing wanted lies past it
      Incident added, removed;
      RETURN_IF_ERROR(ParseIncident(row.Text(1), added));
      RETURN_IF_ERROR(ParseIncident(row.Text(2), removed));
      if (auto it = positions.find(row.Int(0)); it != positions.end()) {
        changes[it->second].incident = WithEvents(std::move(changes[it->second].incident), events);
      }
      UndoChange(events, added, removed);
    }
  }
  return changes;
}

absl::StatusOr<std::vector<ChangeRecord>> SqlStore::ListChanges(int64_t after, const std::string& page_url, int limit,
                                                                ChangeKinds kinds) {
  return Read("ListChanges", [&](Transaction& tx) -> absl::StatusOr<std::vector<ChangeRecord>> {
    // No stored kind is -1: every row then passes the kind test.
    const int left_out = kinds == ChangeKinds::kIncidents ? kComponentChangeKind : -1;
    ASSIGN_OR_RETURN(auto rows, tx.Query(absl::StrCat("SELECT ", kChangeColumns,
                                                      " FROM incident_changes "
                                                      "WHERE sequence > $1 AND ($2 = '' OR page_url = $2) "
                                                      "AND kind <> $4 ORDER BY sequence LIMIT $3"),
                                         {after, page_url, limit, left_out}));
    ASSIGN_OR_RETURN(std::vector<ChangeRecord> changes, RebuildChanges(tx, rows));
    for (ChangeRecord& change : changes) FillDescription(change.incident);
    return changes;
  });
}

absl::StatusOr<int64_t> SqlStore::PrunedChangesThrough() {
  return Read("PrunedChangesThrough", [&](Transaction& tx) -> absl::StatusOr<int64_t> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT pruned_through FROM change_log_state WHERE id = 1"));
    return rows.empty() ? 0 : rows[0].Int(0);
  });
}

absl::StatusOr<int> SqlStore::PruneChanges(absl::Time before) {
  // A write of content: the all-pages Atom feed is read from the log's tail.
  return Write("PruneChanges", [&](Transaction& tx) -> absl::StatusOr<int> {
    // Exactly as fan-out reads the log: no change below the cut may still be in flight.
    RETURN_IF_ERROR(LockChangeLogForReading(tx));
    // A prefix of the log, so that every later change of a retained one is retained (the
    // rebuild walks them) and one number tells readers what they may have missed: up to
    // the oldest change young enough to keep, and no further than the fan-out has read.
    ASSIGN_OR_RETURN(auto cut, tx.Query("SELECT coalesce((SELECT min(sequence) - 1 FROM incident_changes "
                                        "WHERE change_time >= $1), (SELECT max(sequence) FROM incident_changes), 0)",
                                        {Micros(before)}));
    int64_t through = cut[0].Int(0);
    ASSIGN_OR_RETURN(auto fan_out, tx.Query("SELECT last_sequence FROM notification_cursor WHERE id = 1 "
                                            "AND EXISTS (SELECT 1 FROM subscriptions)"));
    if (!fan_out.empty()) through = std::min(through, fan_out[0].Int(0));
    ASSIGN_OR_RETURN(auto pruned, tx.Query("SELECT pruned_through FROM change_log_state WHERE id = 1"));
    if (pruned.empty() || through <= pruned[0].Int(0)) return 0;
    ASSIGN_OR_RETURN(auto bytes, tx.Query("SELECT page_url, sum(length(data) + coalesce(length(removed), 0)) "
                                          "FROM incident_changes WHERE sequence <= $1 GROUP BY page_url",
                                          {through}));
    for (const Row& row : bytes) {
      RETURN_IF_ERROR(tx.Execute(
          absl::StrCat("UPDATE pages SET stored_bytes = ", dialect_.greatest, "(stored_bytes - $2, 0) WHERE url = $1"),
          {row.Text(0), row.Int(1)}));
    }
    ASSIGN_OR_RETURN(int64_t deleted, tx.Execute("DELETE FROM incident_changes WHERE sequence <= $1", {through}));
    RETURN_IF_ERROR(tx.Execute("UPDATE change_log_state SET pruned_through = $1 WHERE id = 1", {through}));
    return static_cast<int>(deleted);
  });
}

}  // namespace statusphere::store::sql
