// SqliteStore: webhook subscriptions and the notification outbox. One process owns the
// file and every transaction holds mu_, so the change log has no gaps and a row can only be
// claimed by one deliverer thread at a time.
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/store/sqlite/sqlite_store.h"

namespace statusphere::store {
namespace {

using sqlite::Database;
using sqlite::InTransaction;
using sqlite::Statement;

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

// Fills subscription.delivery from its outbox rows.
absl::Status LoadDeliveryState(Database& db, Subscription& subscription) {
  v1::DeliveryState* state = subscription.mutable_delivery();
  absl::StatusOr<Statement> counts = db.Prepare(
      "SELECT coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'delivered'), 0), "
      "coalesce(sum(state = 'failed'), 0), coalesce(max(delivered_at), 0) "
      "FROM notification_outbox WHERE subscription_id = ?1");
  if (!counts.ok()) return counts.status();
  counts->Bind(1, subscription.id());
  if (absl::StatusOr<bool> row = counts->Step(); !row.ok()) return row.status();
  state->set_pending(counts->Int(0));
  state->set_delivered(counts->Int(1));
  state->set_failed(counts->Int(2));
  if (counts->Int(3) != 0) *state->mutable_last_delivered_time() = MicrosToProto(counts->Int(3));

  absl::StatusOr<Statement> error = db.Prepare(
      "SELECT last_error, last_error_at FROM notification_outbox WHERE subscription_id = ?1 AND last_error_at > 0 "
      "ORDER BY last_error_at DESC, id DESC LIMIT 1");
  if (!error.ok()) return error.status();
  error->Bind(1, subscription.id());
  absl::StatusOr<bool> has_error = error->Step();
  if (!has_error.ok()) return has_error.status();
  if (*has_error) {
    state->set_last_error(error->Text(0));
    *state->mutable_last_error_time() = MicrosToProto(error->Int(1));
  }

  absl::StatusOr<Statement> next = db.Prepare(
      "SELECT attempts, next_attempt_at FROM notification_outbox WHERE subscription_id = ?1 AND state = 'pending' "
      "ORDER BY change_sequence, id LIMIT 1");
  if (!next.ok()) return next.status();
  next->Bind(1, subscription.id());
  absl::StatusOr<bool> has_next = next->Step();
  if (!has_next.ok()) return has_next.status();
  if (*has_next) {
    state->set_next_attempt_number(static_cast<int32_t>(next->Int(0) + 1));
    *state->mutable_next_attempt_time() = MicrosToProto(next->Int(1));
  }
  return absl::OkStatus();
}

absl::StatusOr<Subscription> ParseSubscription(const std::string& bytes) {
  Subscription subscription;
  if (!subscription.ParseFromString(bytes)) return absl::DataLossError("a stored subscription does not parse");
  return subscription;
}

}  // namespace

absl::Status SqliteStore::CreateSubscription(const SubscriptionRecord& record, absl::Time now) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::Status {
    Subscription stored = record.subscription;
    stored.clear_delivery();
    absl::StatusOr<Statement> insert = db_->Prepare(
        "INSERT INTO subscriptions (id, data, secret, start_sequence, created_at) "
        "VALUES (?1, ?2, ?3, (SELECT coalesce(max(sequence), 0) FROM incident_changes), ?4)");
    if (!insert.ok()) return insert.status();
    insert->Bind(1, stored.id()).BindBlob(2, stored.SerializeAsString()).Bind(3, record.secret).Bind(4, Micros(now));
    absl::Status s = insert->Run();
    if (s.code() == absl::StatusCode::kAlreadyExists) {
      return absl::AlreadyExistsError(absl::StrCat("subscription '", stored.id(), "' exists"));
    }
    if (!s.ok()) return s;
    // Fan-out idles without subscriptions; the first one moves the cursor to its start so
    // that the history before it is never scanned.
    absl::StatusOr<Statement> cursor = db_->Prepare(
        "UPDATE notification_cursor SET last_sequence = max(last_sequence, "
        "(SELECT start_sequence FROM subscriptions WHERE id = ?1)) "
        "WHERE id = 1 AND (SELECT count(*) FROM subscriptions) = 1");
    if (!cursor.ok()) return cursor.status();
    return cursor->Bind(1, stored.id()).Run();
  });
}

absl::StatusOr<std::vector<Subscription>> SqliteStore::ListSubscriptions() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare("SELECT data FROM subscriptions ORDER BY created_at, id");
  if (!stmt.ok()) return stmt.status();
  std::vector<Subscription> out;
  while (true) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    absl::StatusOr<Subscription> subscription = ParseSubscription(stmt->Text(0));
    if (!subscription.ok()) return subscription.status();
    out.push_back(std::move(*subscription));
  }
  for (Subscription& subscription : out) {
    if (absl::Status s = LoadDeliveryState(*db_, subscription); !s.ok()) return s;
  }
  return out;
}

absl::StatusOr<Subscription> SqliteStore::GetSubscription(const std::string& id) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare("SELECT data FROM subscriptions WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, id);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError(absl::StrCat("subscription '", id, "' is not known"));
  absl::StatusOr<Subscription> subscription = ParseSubscription(stmt->Text(0));
  if (!subscription.ok()) return subscription.status();
  if (absl::Status s = LoadDeliveryState(*db_, *subscription); !s.ok()) return s;
  return subscription;
}

absl::Status SqliteStore::DeleteSubscription(const std::string& id) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::Status {
    absl::StatusOr<Statement> stmt = db_->Prepare("DELETE FROM subscriptions WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    if (absl::Status s = stmt->Bind(1, id).Run(); !s.ok()) return s;
    if (db_->Changes() == 0) return absl::NotFoundError(absl::StrCat("subscription '", id, "' is not known"));
    return absl::OkStatus();  // outbox rows go by ON DELETE CASCADE
  });
}

absl::StatusOr<FanOut> SqliteStore::DispatchChanges(const SubscriptionMatcher& matches, int max_changes,
                                                    absl::Time now) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::StatusOr<FanOut> {
    absl::StatusOr<Statement> any = db_->Prepare("SELECT EXISTS (SELECT 1 FROM subscriptions)");
    if (!any.ok()) return any.status();
    if (absl::StatusOr<bool> row = any->Step(); !row.ok()) return row.status();
    if (any->Int(0) == 0) return FanOut{};
    absl::StatusOr<Statement> cursor = db_->Prepare("SELECT last_sequence FROM notification_cursor WHERE id = 1");
    if (!cursor.ok()) return cursor.status();
    if (absl::StatusOr<bool> row = cursor->Step(); !row.ok()) return row.status();
    const int64_t after = cursor->Int(0);

    absl::StatusOr<Statement> changes = db_->Prepare(
        "SELECT sequence, kind, change_time, data, page_url, incident_id FROM incident_changes "
        "WHERE sequence > ?1 ORDER BY sequence LIMIT ?2");
    if (!changes.ok()) return changes.status();
    changes->Bind(1, after).Bind(2, static_cast<int64_t>(max_changes));
    struct Row {
      ChangeRecord change;
      std::string data, page_url, incident_id;
    };
    std::vector<Row> rows;
    while (true) {
      absl::StatusOr<bool> row = changes->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      Row r;
      r.change.sequence = changes->Int(0);
      r.change.kind = static_cast<IncidentChange::Kind>(changes->Int(1));
      r.change.change_time = absl::FromUnixMicros(changes->Int(2));
      r.data = changes->Text(3);
      if (!r.change.incident.ParseFromString(r.data)) return absl::DataLossError("a stored incident change does not parse");
      r.page_url = changes->Text(4);
      r.incident_id = changes->Text(5);
      rows.push_back(std::move(r));
    }
    if (rows.empty()) return FanOut{};

    absl::StatusOr<Statement> subs = db_->Prepare("SELECT data, start_sequence FROM subscriptions");
    if (!subs.ok()) return subs.status();
    std::vector<std::pair<Subscription, int64_t>> subscriptions;
    while (true) {
      absl::StatusOr<bool> row = subs->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      absl::StatusOr<Subscription> subscription = ParseSubscription(subs->Text(0));
      if (!subscription.ok()) return subscription.status();
      subscriptions.emplace_back(std::move(*subscription), subs->Int(1));
    }

    FanOut result;
    result.changes = static_cast<int>(rows.size());
    for (const Row& r : rows) {
      for (const auto& [subscription, start_sequence] : subscriptions) {
        if (r.change.sequence <= start_sequence || !matches(subscription, r.change)) continue;
        absl::StatusOr<Statement> insert = db_->Prepare(
            "INSERT OR IGNORE INTO notification_outbox (subscription_id, change_sequence, page_url, incident_id, "
            "kind, change_time, data, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
        if (!insert.ok()) return insert.status();
        insert->Bind(1, subscription.id())
            .Bind(2, r.change.sequence)
            .Bind(3, r.page_url)
            .Bind(4, r.incident_id)
            .Bind(5, static_cast<int64_t>(r.change.kind))
            .Bind(6, Micros(r.change.change_time))
            .BindBlob(7, r.data)
            .Bind(8, Micros(now));
        if (absl::Status s = insert->Run(); !s.ok()) return s;
        result.notifications += db_->Changes();
      }
    }
    absl::StatusOr<Statement> advance = db_->Prepare("UPDATE notification_cursor SET last_sequence = ?1 WHERE id = 1");
    if (!advance.ok()) return advance.status();
    if (absl::Status s = advance->Bind(1, rows.back().change.sequence).Run(); !s.ok()) return s;
    return result;
  });
}

absl::StatusOr<int> SqliteStore::PruneDeliveries(absl::Time before) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt =
      db_->Prepare("DELETE FROM notification_outbox WHERE state <> 'pending' AND created_at < ?1");
  if (!stmt.ok()) return stmt.status();
  if (absl::Status s = stmt->Bind(1, Micros(before)).Run(); !s.ok()) return s;
  return db_->Changes();
}

absl::StatusOr<std::vector<Delivery>> SqliteStore::ClaimDeliveries(const std::string& owner, int max,
                                                                   absl::Duration lease, absl::Time now) {
  absl::MutexLock lock(&mu_);
  return InTransaction(*db_, [&]() -> absl::StatusOr<std::vector<Delivery>> {
    absl::StatusOr<Statement> due = db_->Prepare(
        "SELECT o.id FROM notification_outbox o "
        "WHERE o.state = 'pending' AND o.next_attempt_at <= ?1 AND o.lease_until <= ?1 "
        "AND NOT EXISTS (SELECT 1 FROM notification_outbox e WHERE e.state = 'pending' "
        "  AND e.subscription_id = o.subscription_id AND e.page_url = o.page_url "
        "  AND e.incident_id = o.incident_id AND e.change_sequence < o.change_sequence) "
        "ORDER BY o.next_attempt_at, o.id LIMIT ?2");
    if (!due.ok()) return due.status();
    due->Bind(1, Micros(now)).Bind(2, static_cast<int64_t>(max));
    std::vector<int64_t> ids;
    while (true) {
      absl::StatusOr<bool> row = due->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      ids.push_back(due->Int(0));
    }
    std::vector<Delivery> out;
    for (int64_t id : ids) {
      absl::StatusOr<Statement> claim = db_->Prepare(
          "UPDATE notification_outbox SET attempts = attempts + 1, lease_owner = ?2, lease_until = ?3, "
          "last_attempt_at = ?4 WHERE id = ?1");
      if (!claim.ok()) return claim.status();
      if (absl::Status s = claim->Bind(1, id).Bind(2, owner).Bind(3, Micros(now + lease)).Bind(4, Micros(now)).Run();
          !s.ok()) {
        return s;
      }
      absl::StatusOr<Statement> load = db_->Prepare(
          "SELECT o.change_sequence, o.kind, o.change_time, o.data, o.attempts, o.created_at, s.data, s.secret "
          "FROM notification_outbox o JOIN subscriptions s ON s.id = o.subscription_id WHERE o.id = ?1");
      if (!load.ok()) return load.status();
      load->Bind(1, id);
      absl::StatusOr<bool> row = load->Step();
      if (!row.ok()) return row.status();
      if (!*row) continue;
      Delivery d;
      d.id = id;
      d.change.sequence = load->Int(0);
      d.change.kind = static_cast<IncidentChange::Kind>(load->Int(1));
      d.change.change_time = absl::FromUnixMicros(load->Int(2));
      if (!d.change.incident.ParseFromString(load->Text(3))) return absl::DataLossError("an outbox incident does not parse");
      d.attempt = static_cast<int>(load->Int(4));
      d.created = absl::FromUnixMicros(load->Int(5));
      absl::StatusOr<Subscription> subscription = ParseSubscription(load->Text(6));
      if (!subscription.ok()) return subscription.status();
      d.subscription.subscription = std::move(*subscription);
      d.subscription.secret = load->Text(7);
      out.push_back(std::move(d));
    }
    return out;
  });
}

absl::Status SqliteStore::MarkDelivered(int64_t id, const std::string& owner, absl::Time now) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare(
      "UPDATE notification_outbox SET state = 'delivered', delivered_at = ?3, lease_owner = '', lease_until = 0 "
      "WHERE id = ?1 AND state = 'pending' AND lease_owner = ?2");
  if (!stmt.ok()) return stmt.status();
  if (absl::Status s = stmt->Bind(1, id).Bind(2, owner).Bind(3, Micros(now)).Run(); !s.ok()) return s;
  if (db_->Changes() == 0) {
    return absl::FailedPreconditionError(absl::StrCat("outbox row ", id, " is not leased to '", owner, "'"));
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                            std::optional<absl::Time> retry_at, absl::Time now) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare(
      "UPDATE notification_outbox SET last_error = ?3, last_error_at = ?4, lease_owner = '', lease_until = 0, "
      "state = CASE WHEN ?5 THEN 'pending' ELSE 'failed' END, next_attempt_at = CASE WHEN ?5 THEN ?6 ELSE next_attempt_at END "
      "WHERE id = ?1 AND state = 'pending' AND lease_owner = ?2");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, id).Bind(2, owner).Bind(3, error).Bind(4, Micros(now));
  stmt->Bind(5, static_cast<int64_t>(retry_at.has_value())).Bind(6, retry_at ? Micros(*retry_at) : int64_t{0});
  if (absl::Status s = stmt->Run(); !s.ok()) return s;
  if (db_->Changes() == 0) {
    return absl::FailedPreconditionError(absl::StrCat("outbox row ", id, " is not leased to '", owner, "'"));
  }
  return absl::OkStatus();
}

}  // namespace statusphere::store
