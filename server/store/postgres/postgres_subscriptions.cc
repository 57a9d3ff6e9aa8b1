// PostgresStore: webhook subscriptions and the notification outbox, for many servers on
// one database. Fan-out is serialized by locking the change log against writers (see
// DispatchChanges); deliveries are claimed with FOR UPDATE SKIP LOCKED plus a lease column,
// so that two servers never send the same row at once.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/store/postgres/postgres_store.h"

namespace statusphere::store {
namespace {

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

std::string Bytes(const pqxx::field& field) {
  pqxx::binarystring bytes(field);
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

absl::StatusOr<Subscription> ParseSubscription(const pqxx::field& field) {
  Subscription subscription;
  if (!subscription.ParseFromString(Bytes(field))) return absl::DataLossError("a stored subscription does not parse");
  return subscription;
}

void LoadDeliveryState(pqxx::work& tx, Subscription& subscription) {
  v1::DeliveryState* state = subscription.mutable_delivery();
  pqxx::row counts = tx.exec_params1(
      "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'delivered'), "
      "count(*) FILTER (WHERE state = 'failed'), coalesce(max(delivered_at), 0) "
      "FROM notification_outbox WHERE subscription_id = $1",
      subscription.id());
  state->set_pending(counts[0].as<int64_t>());
  state->set_delivered(counts[1].as<int64_t>());
  state->set_failed(counts[2].as<int64_t>());
  if (int64_t t = counts[3].as<int64_t>(); t != 0) *state->mutable_last_delivered_time() = MicrosToProto(t);
  pqxx::result error = tx.exec_params(
      "SELECT last_error, last_error_at FROM notification_outbox WHERE subscription_id = $1 AND last_error_at > 0 "
      "ORDER BY last_error_at DESC, id DESC LIMIT 1",
      subscription.id());
  if (!error.empty()) {
    state->set_last_error(error[0][0].as<std::string>());
    *state->mutable_last_error_time() = MicrosToProto(error[0][1].as<int64_t>());
  }
  pqxx::result next = tx.exec_params(
      "SELECT attempts, next_attempt_at FROM notification_outbox WHERE subscription_id = $1 AND state = 'pending' "
      "ORDER BY change_sequence, id LIMIT 1",
      subscription.id());
  if (!next.empty()) {
    state->set_next_attempt_number(next[0][0].as<int32_t>() + 1);
    *state->mutable_next_attempt_time() = MicrosToProto(next[0][1].as<int64_t>());
  }
}

}  // namespace

absl::Status PostgresStore::CreateSubscription(const SubscriptionRecord& record, absl::Time now) {
  Subscription stored = record.subscription;
  stored.clear_delivery();
  absl::Status s =
      Transact<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
            // The same lock as DispatchChanges: once no report is in flight, the newest
            // change is an exact start, and fan-out cannot run half before, half after.
            tx.exec("SET LOCAL lock_timeout = '5s'");
            tx.exec("LOCK TABLE incident_changes IN SHARE ROW EXCLUSIVE MODE");
            tx.exec_params(
                "INSERT INTO subscriptions (id, data, secret, start_sequence, created_at) VALUES "
                "($1, $2, $3, (SELECT coalesce(max(sequence), 0) FROM incident_changes), $4)",
                stored.id(), pqxx::binarystring(stored.SerializeAsString()), record.secret, Micros(now));
            // Fan-out idles without subscriptions; the first one moves the cursor to its start
            // so that the history before it is never scanned.
            tx.exec_params(
                "UPDATE notification_cursor SET last_sequence = GREATEST(last_sequence, "
                "(SELECT start_sequence FROM subscriptions WHERE id = $1)) "
                "WHERE id = 1 AND (SELECT count(*) FROM subscriptions) = 1",
                stored.id());
            return true;
          })
          .status();
  if (s.code() == absl::StatusCode::kAlreadyExists) {
    return absl::AlreadyExistsError(absl::StrCat("subscription '", stored.id(), "' exists"));
  }
  return s;
}

absl::StatusOr<std::vector<Subscription>> PostgresStore::ListSubscriptions() {
  return Transact<std::vector<Subscription>>([&](pqxx::work& tx) -> absl::StatusOr<std::vector<Subscription>> {
    std::vector<Subscription> out;
    for (const auto& row : tx.exec("SELECT data FROM subscriptions ORDER BY created_at, id")) {
      absl::StatusOr<Subscription> subscription = ParseSubscription(row[0]);
      if (!subscription.ok()) return subscription.status();
      LoadDeliveryState(tx, *subscription);
      out.push_back(std::move(*subscription));
    }
    return out;
  });
}

absl::StatusOr<Subscription> PostgresStore::GetSubscription(const std::string& id) {
  return Transact<Subscription>([&](pqxx::work& tx) -> absl::StatusOr<Subscription> {
    pqxx::result rows = tx.exec_params("SELECT data FROM subscriptions WHERE id = $1", id);
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("subscription '", id, "' is not known"));
    absl::StatusOr<Subscription> subscription = ParseSubscription(rows[0][0]);
    if (!subscription.ok()) return subscription.status();
    LoadDeliveryState(tx, *subscription);
    return subscription;
  });
}

absl::Status PostgresStore::DeleteSubscription(const std::string& id) {
  return Transact<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
        if (tx.exec_params("DELETE FROM subscriptions WHERE id = $1", id).affected_rows() == 0) {
          return absl::NotFoundError(absl::StrCat("subscription '", id, "' is not known"));
        }
        return true;
      })
      .status();
}

absl::StatusOr<FanOut> PostgresStore::DispatchChanges(const SubscriptionMatcher& matches, int max_changes,
                                                      absl::Time now) {
  return Transact<FanOut>([&](pqxx::work& tx) -> absl::StatusOr<FanOut> {
    // Sequences are handed out before commit, so a reader could see change 7 committed
    // while 6 is still in flight, move the cursor past 6 and never fan it out. This lock
    // waits for every transaction that is writing the change log to end and holds off new
    // ones (and other dispatchers: the mode conflicts with itself) until this one commits;
    // then the log below its maximum is final. It is held for milliseconds, and only when
    // there is something to fan out; the timeout keeps a slow report from stalling us.
    if (!tx.exec("SELECT EXISTS (SELECT 1 FROM subscriptions)")[0][0].as<bool>()) return FanOut{};
    const int64_t cursor = tx.exec("SELECT last_sequence FROM notification_cursor WHERE id = 1")[0][0].as<int64_t>();
    const int64_t newest = tx.exec("SELECT coalesce(max(sequence), 0) FROM incident_changes")[0][0].as<int64_t>();
    if (newest <= cursor) return FanOut{};
    tx.exec("SET LOCAL lock_timeout = '5s'");
    tx.exec("LOCK TABLE incident_changes IN SHARE ROW EXCLUSIVE MODE");
    // Re-read under the lock: another dispatcher may have advanced it meanwhile.
    const int64_t after =
        tx.exec("SELECT last_sequence FROM notification_cursor WHERE id = 1 FOR UPDATE")[0][0].as<int64_t>();
    pqxx::result changes = tx.exec_params(
        "SELECT sequence, kind, change_time, data, page_url, incident_id FROM incident_changes "
        "WHERE sequence > $1 ORDER BY sequence LIMIT $2",
        after, max_changes);
    if (changes.empty()) return FanOut{};
    std::vector<std::pair<Subscription, int64_t>> subscriptions;
    for (const auto& row : tx.exec("SELECT data, start_sequence FROM subscriptions")) {
      absl::StatusOr<Subscription> subscription = ParseSubscription(row[0]);
      if (!subscription.ok()) return subscription.status();
      subscriptions.emplace_back(std::move(*subscription), row[1].as<int64_t>());
    }
    FanOut result;
    result.changes = static_cast<int>(changes.size());
    int64_t last = after;
    for (const auto& row : changes) {
      ChangeRecord change;
      change.sequence = row[0].as<int64_t>();
      change.kind = static_cast<IncidentChange::Kind>(row[1].as<int>());
      change.change_time = absl::FromUnixMicros(row[2].as<int64_t>());
      const std::string data = Bytes(row[3]);
      if (!change.incident.ParseFromString(data)) return absl::DataLossError("a stored incident change does not parse");
      last = change.sequence;
      for (const auto& [subscription, start_sequence] : subscriptions) {
        if (change.sequence <= start_sequence || !matches(subscription, change)) continue;
        result.notifications += tx.exec_params(
                         "INSERT INTO notification_outbox (subscription_id, change_sequence, page_url, incident_id, "
                         "kind, change_time, data, next_attempt_at, created_at) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) "
                         "ON CONFLICT (subscription_id, change_sequence) DO NOTHING",
                         subscription.id(), change.sequence, row[4].as<std::string>(), row[5].as<std::string>(),
                         static_cast<int>(change.kind), Micros(change.change_time), pqxx::binarystring(data),
                         Micros(now))
                       .affected_rows();
      }
    }
    tx.exec_params("UPDATE notification_cursor SET last_sequence = $1 WHERE id = 1", last);
    return result;
  });
}

absl::StatusOr<int> PostgresStore::PruneDeliveries(absl::Time before) {
  return Transact<int>([&](pqxx::work& tx) -> absl::StatusOr<int> {
    return static_cast<int>(
        tx.exec_params("DELETE FROM notification_outbox WHERE state <> 'pending' AND created_at < $1", Micros(before))
            .affected_rows());
  });
}

absl::StatusOr<std::vector<Delivery>> PostgresStore::ClaimDeliveries(const std::string& owner, int max,
                                                                     absl::Duration lease, absl::Time now) {
  return Transact<std::vector<Delivery>>([&](pqxx::work& tx) -> absl::StatusOr<std::vector<Delivery>> {
    // SKIP LOCKED: rows another server is claiming right now are left to it; the lease
    // column keeps them away from everybody until it expires (a crashed sender).
    pqxx::result rows = tx.exec_params(
        "WITH due AS ("
        "  SELECT o.id FROM notification_outbox o"
        "  WHERE o.state = 'pending' AND o.next_attempt_at <= $1 AND o.lease_until <= $1"
        "  AND NOT EXISTS (SELECT 1 FROM notification_outbox e WHERE e.state = 'pending'"
        "    AND e.subscription_id = o.subscription_id AND e.page_url = o.page_url"
        "    AND e.incident_id = o.incident_id AND e.change_sequence < o.change_sequence)"
        "  ORDER BY o.next_attempt_at, o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED) "
        "UPDATE notification_outbox o SET attempts = o.attempts + 1, lease_owner = $3, lease_until = $4, "
        "  last_attempt_at = $1 "
        "FROM due, subscriptions s WHERE o.id = due.id AND s.id = o.subscription_id "
        "RETURNING o.id, o.change_sequence, o.kind, o.change_time, o.data, o.attempts, o.created_at, s.data, s.secret",
        Micros(now), max, owner, Micros(now + lease));
    std::vector<Delivery> out;
    for (const auto& row : rows) {
      Delivery d;
      d.id = row[0].as<int64_t>();
      d.change.sequence = row[1].as<int64_t>();
      d.change.kind = static_cast<IncidentChange::Kind>(row[2].as<int>());
      d.change.change_time = absl::FromUnixMicros(row[3].as<int64_t>());
      if (!d.change.incident.ParseFromString(Bytes(row[4]))) return absl::DataLossError("an outbox incident does not parse");
      d.attempt = row[5].as<int>();
      d.created = absl::FromUnixMicros(row[6].as<int64_t>());
      absl::StatusOr<Subscription> subscription = ParseSubscription(row[7]);
      if (!subscription.ok()) return subscription.status();
      d.subscription.subscription = std::move(*subscription);
      d.subscription.secret = row[8].as<std::string>();
      out.push_back(std::move(d));
    }
    std::sort(out.begin(), out.end(), [](const Delivery& a, const Delivery& b) { return a.id < b.id; });
    return out;
  });
}

absl::Status PostgresStore::MarkDelivered(int64_t id, const std::string& owner, absl::Time now) {
  return Transact<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
        if (tx.exec_params("UPDATE notification_outbox SET state = 'delivered', delivered_at = $3, lease_owner = '', "
                           "lease_until = 0 WHERE id = $1 AND state = 'pending' AND lease_owner = $2",
                           id, owner, Micros(now))
                .affected_rows() == 0) {
          return absl::FailedPreconditionError(absl::StrCat("outbox row ", id, " is not leased to '", owner, "'"));
        }
        return true;
      })
      .status();
}

absl::Status PostgresStore::MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                              std::optional<absl::Time> retry_at, absl::Time now) {
  return Transact<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
        if (tx.exec_params("UPDATE notification_outbox SET last_error = $3, last_error_at = $4, lease_owner = '', "
                           "lease_until = 0, state = CASE WHEN $5 THEN 'pending' ELSE 'failed' END, "
                           "next_attempt_at = CASE WHEN $5 THEN $6 ELSE next_attempt_at END "
                           "WHERE id = $1 AND state = 'pending' AND lease_owner = $2",
                           id, owner, error, Micros(now), retry_at.has_value(),
                           retry_at ? Micros(*retry_at) : int64_t{0})
                .affected_rows() == 0) {
          return absl::FailedPreconditionError(absl::StrCat("outbox row ", id, " is not leased to '", owner, "'"));
        }
        return true;
      })
      .status();
}

}  // namespace statusphere::store
