// SqlStore: webhook subscriptions and the notification outbox. Fan-out reads the change
// log under the dialect's reader lock (see DispatchChanges); deliveries are claimed with
// FOR UPDATE SKIP LOCKED where rows lock, plus a lease column, so that two servers never
// send the same row at once.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/store/sql/rows.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::store::sql {
namespace {

absl::StatusOr<Subscription> ParseSubscription(const std::string& bytes) {
  Subscription subscription;
  if (!subscription.ParseFromString(bytes)) return absl::DataLossError("a stored subscription does not parse");
  return subscription;
}

// Fills subscription.delivery from its outbox rows.
absl::Status LoadDeliveryState(Transaction& tx, Subscription& subscription) {
  v1::DeliveryState* state = subscription.mutable_delivery();
  ASSIGN_OR_RETURN(auto counts, tx.Query("SELECT count(*) FILTER (WHERE state = 'pending'), "
                                         "count(*) FILTER (WHERE state = 'delivered'), "
                                         "count(*) FILTER (WHERE state = 'failed'), coalesce(max(delivered_at), 0) "
                                         "FROM notification_outbox WHERE subscription_id = $1",
                                         {subscription.id()}));
  state->set_pending(counts[0].Int(0));
  state->set_delivered(counts[0].Int(1));
  state->set_failed(counts[0].Int(2));
  if (counts[0].Int(3) != 0) *state->mutable_last_delivered_time() = MicrosToProto(counts[0].Int(3));
  ASSIGN_OR_RETURN(auto error, tx.Query("SELECT last_error, last_error_at FROM notification_outbox "
                                        "WHERE subscription_id = $1 AND last_error_at > 0 "
                                        "ORDER BY last_error_at DESC, id DESC LIMIT 1",
                                        {subscription.id()}));
  if (!error.empty()) {
    state->set_last_error(error[0].Text(0));
    *state->mutable_last_error_time() = MicrosToProto(error[0].Int(1));
  }
  ASSIGN_OR_RETURN(auto next, tx.Query("SELECT attempts, next_attempt_at FROM notification_outbox "
                                       "WHERE subscription_id = $1 AND state = 'pending' "
                                       "ORDER BY change_sequence, id LIMIT 1",
                                       {subscription.id()}));
  if (!next.empty()) {
    state->set_next_attempt_number(static_cast<int32_t>(next[0].Int(0) + 1));
    *state->mutable_next_attempt_time() = MicrosToProto(next[0].Int(1));
  }
  return absl::OkStatus();
}

// The columns every claim selects, in this order, for DeliveryFromRow.
constexpr char kClaimColumns[] =
    "o.id, o.change_sequence, o.kind, o.change_time, o.data, o.attempts, o.created_at, s.data, s.secret";

absl::StatusOr<Delivery> DeliveryFromRow(const Row& row) {
  Delivery d;
  d.id = row.Int(0);
  d.change.sequence = row.Int(1);
  d.change.kind = static_cast<IncidentChange::Kind>(row.Int(2));
  d.change.change_time = absl::FromUnixMicros(row.Int(3));
  if (row.Int(2) == kComponentChangeKind) {
    d.change.kind = IncidentChange::KIND_UNSPECIFIED;
    if (!d.change.components.emplace().ParseFromString(row.Text(4))) {
      return absl::DataLossError("an outbox component change does not parse");
    }
  } else {
    if (!d.change.incident.ParseFromString(row.Text(4))) {
      return absl::DataLossError("an outbox incident does not parse");
    }
    FillDescription(d.change.incident);
  }
  d.attempt = static_cast<int>(row.Int(5)) + 1;  // the attempt the claim counts
  d.created = absl::FromUnixMicros(row.Int(6));
  ASSIGN_OR_RETURN(d.subscription.subscription, ParseSubscription(row.Text(7)));
  d.subscription.secret = row.Text(8);
  return d;
}

absl::Status NotLeasedTo(int64_t id, const std::string& owner) {
  return absl::FailedPreconditionError(absl::StrCat("outbox row ", id, " is not leased to '", owner, "'"));
}

}  // namespace

absl::Status SqlStore::CreateSubscription(const SubscriptionRecord& record, absl::Time now) {
  Subscription stored = record.subscription;
  stored.clear_delivery();
  const std::string data = stored.SerializeAsString();
  absl::Status s = Coordinate("CreateSubscription", [&](Transaction& tx) -> absl::Status {
    // The same lock as DispatchChanges: once no report is in flight, the newest change is
    // an exact start, and fan-out cannot run half before, half after.
    RETURN_IF_ERROR(LockChangeLogForReading(tx));
    RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO subscriptions (id, data, secret, start_sequence, created_at, "
        "digest_minutes) VALUES "
        "($1, $2, $3, (SELECT coalesce(max(sequence), 0) FROM incident_changes), $4, $5)",
        {stored.id(), Value::Bytes(data), record.secret, Micros(now), int64_t{stored.target().digest_minutes()}}));
    // Fan-out idles without subscriptions; the first one moves the cursor to its start so
    // that the history before it is never scanned.
    return tx
        .Execute(absl::StrCat("UPDATE notification_cursor SET last_sequence = ", dialect_.greatest,
                              "(last_sequence, (SELECT start_sequence FROM subscriptions WHERE id = $1)) "
                              "WHERE id = 1 AND (SELECT count(*) FROM subscriptions) = 1"),
                 {stored.id()})
        .status();
  });
  if (s.code() == absl::StatusCode::kAlreadyExists) {
    return absl::AlreadyExistsError(absl::StrCat("subscription '", stored.id(), "' exists"));
  }
  return s;
}

absl::StatusOr<std::vector<Subscription>> SqlStore::ListSubscriptions() {
  return Read("ListSubscriptions", [&](Transaction& tx) -> absl::StatusOr<std::vector<Subscription>> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT data FROM subscriptions ORDER BY created_at, id"));
    std::vector<Subscription> out;
    for (const Row& row : rows) {
      ASSIGN_OR_RETURN(Subscription subscription, ParseSubscription(row.Text(0)));
      RETURN_IF_ERROR(LoadDeliveryState(tx, subscription));
      out.push_back(std::move(subscription));
    }
    return out;
  });
}

absl::StatusOr<Subscription> SqlStore::GetSubscription(const std::string& id) {
  return Read("GetSubscription", [&](Transaction& tx) -> absl::StatusOr<Subscription> {
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT data FROM subscriptions WHERE id = $1", {id}));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("subscription '", id, "' is not known"));
    ASSIGN_OR_RETURN(Subscription subscription, ParseSubscription(rows[0].Text(0)));
    RETURN_IF_ERROR(LoadDeliveryState(tx, subscription));
    return subscription;
  });
}

absl::Status SqlStore::DeleteSubscription(const std::string& id) {
  return Coordinate("DeleteSubscription", [&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(int64_t deleted, tx.Execute("DELETE FROM subscriptions WHERE id = $1", {id}));
    if (deleted == 0) return absl::NotFoundError(absl::StrCat("subscription '", id, "' is not known"));
    return absl::OkStatus();  // outbox rows go by ON DELETE CASCADE
  });
}

absl::StatusOr<FanOut> SqlStore::DispatchChanges(const SubscriptionMatcher& matches, int max_changes, absl::Time now) {
  return Coordinate("DispatchChanges", [&](Transaction& tx) -> absl::StatusOr<FanOut> {
    // Sequences may be handed out before commit, so a reader could see change 7 committed
    // while 6 is still in flight, move the cursor past 6 and never fan it out. The reader
    // lock waits for every transaction that is writing the change log to end and holds
    // off new ones (and other dispatchers) until this one commits; then the log below its
    // maximum is final. It is taken only when there is something to fan out.
    ASSIGN_OR_RETURN(auto any, tx.Query("SELECT EXISTS (SELECT 1 FROM subscriptions)"));
    if (!any[0].Bool(0)) return FanOut{};
    ASSIGN_OR_RETURN(auto cursor, tx.Query("SELECT last_sequence FROM notification_cursor WHERE id = 1"));
    ASSIGN_OR_RETURN(auto newest, tx.Query("SELECT coalesce(max(sequence), 0) FROM incident_changes"));
    if (newest[0].Int(0) <= cursor[0].Int(0)) return FanOut{};
    RETURN_IF_ERROR(LockChangeLogForReading(tx));
    // Re-read under the lock: another dispatcher may have advanced it meanwhile.
    ASSIGN_OR_RETURN(cursor, tx.Query(absl::StrCat("SELECT last_sequence FROM notification_cursor WHERE id = 1",
                                                   RowLock(" FOR UPDATE"))));
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT sequence, kind, change_time, data, page_url, incident_id, removed "
                                         "FROM incident_changes WHERE sequence > $1 ORDER BY sequence LIMIT $2",
                                         {cursor[0].Int(0), max_changes}));
    if (rows.empty()) return FanOut{};
    ASSIGN_OR_RETURN(std::vector<ChangeRecord> changes, RebuildChanges(tx, rows));
    ASSIGN_OR_RETURN(auto subscription_rows, tx.Query("SELECT data, start_sequence FROM subscriptions"));
    std::vector<std::pair<Subscription, int64_t>> subscriptions;
    for (const Row& row : subscription_rows) {
      ASSIGN_OR_RETURN(Subscription subscription, ParseSubscription(row.Text(0)));
      subscriptions.emplace_back(std::move(subscription), row.Int(1));
    }
    FanOut result;
    result.changes = static_cast<int>(changes.size());
    for (size_t i = 0; i < changes.size(); ++i) {
      ChangeRecord& change = changes[i];
      // The outbox keeps the incident as stored (its description filled when claimed), whole:
      // the change log it came from may be pruned before the notification is sent.
      const std::string data =
          change.components ? change.components->SerializeAsString() : change.incident.SerializeAsString();
      if (!change.components) FillDescription(change.incident);  // as subscribers will see it
      for (const auto& [subscription, start_sequence] : subscriptions) {
        if (change.sequence <= start_sequence || !matches(subscription, change)) continue;
        ASSIGN_OR_RETURN(int64_t inserted,
                         tx.Execute("INSERT INTO notification_outbox (subscription_id, change_sequence, page_url, "
                                    "incident_id, kind, change_time, data, next_attempt_at, created_at) "
                                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
                                    "ON CONFLICT (subscription_id, change_sequence) DO NOTHING",
                                    {subscription.id(), change.sequence, rows[i].Text(4), rows[i].Text(5),
                                     change.components ? kComponentChangeKind : static_cast<int>(change.kind),
                                     Micros(change.change_time), Value::Bytes(data), Micros(now)}));
        result.notifications += static_cast<int>(inserted);
      }
    }
    RETURN_IF_ERROR(
        tx.Execute("UPDATE notification_cursor SET last_sequence = $1 WHERE id = 1", {changes.back().sequence}));
    return result;
  });
}

absl::StatusOr<int> SqlStore::PruneDeliveries(absl::Time before) {
  return Coordinate("PruneDeliveries", [&](Transaction& tx) -> absl::StatusOr<int> {
    ASSIGN_OR_RETURN(int64_t deleted, tx.Execute("DELETE FROM notification_outbox WHERE state <> 'pending' "
                                                 "AND created_at < $1",
                                                 {Micros(before)}));
    return static_cast<int>(deleted);
  });
}

absl::StatusOr<std::vector<Delivery>> SqlStore::ClaimDeliveries(const std::string& owner, int max, absl::Duration lease,
                                                                absl::Time now) {
  return Coordinate("ClaimDeliveries", [&](Transaction& tx) -> absl::StatusOr<std::vector<Delivery>> {
    // SKIP LOCKED: rows another server is claiming right now are left to it; the lease
    // column keeps them away from everybody until it expires (a crashed sender).
    ASSIGN_OR_RETURN(
        auto rows,
        tx.Query(absl::StrCat("SELECT ", kClaimColumns,
                              " FROM notification_outbox o JOIN subscriptions s ON s.id = o.subscription_id "
                              "WHERE o.state = 'pending' AND o.next_attempt_at <= $1 AND o.lease_until <= $1 "
                              "AND s.digest_minutes = 0 "  // ClaimDigest's
                              "AND NOT EXISTS (SELECT 1 FROM notification_outbox e WHERE e.state = 'pending' "
                              "AND e.subscription_id = o.subscription_id AND e.page_url = o.page_url "
                              "AND e.incident_id = o.incident_id AND e.change_sequence < o.change_sequence) "
                              "ORDER BY o.next_attempt_at, o.id LIMIT $2",
                              RowLock(" FOR UPDATE OF o SKIP LOCKED")),
                 {Micros(now), max}));
    std::vector<Delivery> out;
    for (const Row& row : rows) {
      ASSIGN_OR_RETURN(Delivery d, DeliveryFromRow(row));
      RETURN_IF_ERROR(
          tx.Execute("UPDATE notification_outbox SET attempts = attempts + 1, lease_owner = $2, "
                     "lease_until = $3, last_attempt_at = $4 WHERE id = $1",
                     {d.id, owner, Micros(now + lease), Micros(now)}));
      out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const Delivery& a, const Delivery& b) { return a.id < b.id; });
    return out;
  });
}

absl::Status SqlStore::MarkDelivered(int64_t id, const std::string& owner, absl::Time now) {
  return MarkDelivered(std::vector<int64_t>{id}, owner, now);
}

absl::Status SqlStore::MarkDelivered(const std::vector<int64_t>& ids, const std::string& owner, absl::Time now) {
  return Coordinate("MarkDelivered", [&](Transaction& tx) -> absl::Status {
    for (const int64_t id : ids) {
      ASSIGN_OR_RETURN(int64_t updated,
                       tx.Execute("UPDATE notification_outbox SET state = 'delivered', delivered_at = $3, "
                                  "lease_owner = '', lease_until = 0, data = $4 WHERE id = $1 AND state = 'pending' "
                                  "AND lease_owner = $2",
                                  // The incident copy is needed no more: kept rows are for counting.
                                  {id, owner, Micros(now), Value::Bytes("")}));
      if (updated == 0) return NotLeasedTo(id, owner);  // and the others roll back
    }
    return absl::OkStatus();
  });
}

absl::Status SqlStore::MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                         std::optional<absl::Time> retry_at, absl::Time now) {
  return MarkAttemptFailed(std::vector<int64_t>{id}, owner, error, retry_at, now);
}

absl::Status SqlStore::MarkAttemptFailed(const std::vector<int64_t>& ids, const std::string& owner,
                                         const std::string& error, std::optional<absl::Time> retry_at, absl::Time now) {
  return Coordinate("MarkAttemptFailed", [&](Transaction& tx) -> absl::Status {
    for (const int64_t id : ids) {
      ASSIGN_OR_RETURN(int64_t updated,
                       tx.Execute("UPDATE notification_outbox SET last_error = $3, last_error_at = $4, "
                                  "lease_owner = '', lease_until = 0, "
                                  "state = CASE WHEN $5 = 1 THEN 'pending' ELSE 'failed' END, "
                                  "next_attempt_at = CASE WHEN $5 = 1 THEN $6 ELSE next_attempt_at END, "
                                  "data = CASE WHEN $5 = 1 THEN data ELSE $7 END "
                                  "WHERE id = $1 AND state = 'pending' AND lease_owner = $2",
                                  {id, owner, error, Micros(now), retry_at.has_value(),
                                   retry_at ? Micros(*retry_at) : int64_t{0}, Value::Bytes("")}));
      if (updated == 0) return NotLeasedTo(id, owner);  // and the others roll back
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<DigestBatch> SqlStore::ClaimDigest(const std::string& owner, const DigestLimits& limits,
                                                  absl::Duration minute, absl::Duration lease, absl::Time now) {
  return Coordinate("ClaimDigest", [&](Transaction& tx) -> absl::StatusOr<DigestBatch> {
    // Subscriptions whose window (opened by their oldest pending row) has closed, the
    // longest waiting first.
    ASSIGN_OR_RETURN(auto windows, tx.Query(absl::StrCat("SELECT o.subscription_id, min(o.created_at), "
                                                         "min(o.created_at) + CAST(s.digest_minutes AS ",
                                                         dialect_.int64,
                                                         ") * $2 FROM notification_outbox o "
                                                         "JOIN subscriptions s ON s.id = o.subscription_id "
                                                         "WHERE o.state = 'pending' AND s.digest_minutes > 0 "
                                                         "GROUP BY o.subscription_id, s.digest_minutes "
                                                         "HAVING min(o.created_at) + CAST(s.digest_minutes AS ",
                                                         dialect_.int64, ") * $2 <= $1 ORDER BY 2, 1 LIMIT 16"),
                                            {Micros(now), absl::ToInt64Microseconds(minute)}));
    for (const Row& window : windows) {
      const std::string& subscription_id = window.Text(0);
      const int64_t window_end = window.Int(2);
      // One claimer per subscription at a time: a second server skips it rather than take
      // half of its rows.
      ASSIGN_OR_RETURN(auto mine, tx.Query(absl::StrCat("SELECT id FROM subscriptions WHERE id = $1",
                                                        RowLock(" FOR NO KEY UPDATE SKIP LOCKED")),
                                           {subscription_id}));
      if (mine.empty()) continue;
      ASSIGN_OR_RETURN(
          auto rows,
          tx.Query(absl::StrCat("SELECT ", kClaimColumns,
                                ", o.next_attempt_at, o.lease_until, length(o.data) "
                                "FROM notification_outbox o JOIN subscriptions s ON s.id = o.subscription_id "
                                "WHERE o.subscription_id = $1 AND o.state = 'pending' AND o.created_at < $2 "
                                "ORDER BY o.change_sequence, o.id LIMIT $3"),
                   {subscription_id, window_end, limits.max_events}));
      // Taken in order while within the bytes (the first whatever its size), so that a
      // retry takes the same rows; a leased row or one waiting for its retry holds the
      // whole window back.
      std::vector<const Row*> taken;
      int64_t bytes = 0;
      bool waiting = false;
      for (const Row& row : rows) {
        if (row.Int(9) > Micros(now) || row.Int(10) > Micros(now)) waiting = true;
        bytes += row.Int(11);
        if (!taken.empty() && bytes > limits.max_bytes) break;
        taken.push_back(&row);
      }
      if (waiting || taken.empty()) continue;
      ASSIGN_OR_RETURN(auto in_window, tx.Query("SELECT count(*) FROM notification_outbox WHERE subscription_id = $1 "
                                                "AND state = 'pending' AND created_at < $2",
                                                {subscription_id, window_end}));
      DigestBatch batch;
      batch.held_back = static_cast<int>(in_window[0].Int(0)) - static_cast<int>(taken.size());
      for (const Row* row : taken) {
        ASSIGN_OR_RETURN(Delivery d, DeliveryFromRow(*row));
        RETURN_IF_ERROR(
            tx.Execute("UPDATE notification_outbox SET attempts = attempts + 1, lease_owner = $2, "
                       "lease_until = $3, last_attempt_at = $4 WHERE id = $1",
                       {d.id, owner, Micros(now + lease), Micros(now)}));
        batch.deliveries.push_back(std::move(d));
      }
      return batch;
    }
    return DigestBatch{};
  });
}

}  // namespace statusphere::store::sql
