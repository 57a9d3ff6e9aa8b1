#include "server/store/postgres/postgres_store.h"

#include <atomic>
#include <exception>
#include <optional>
#include <string>

#include "absl/base/const_init.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/store/postgres/connection_pool.h"
#include "server/store/sql/schema.h"

// Statement parameters go to libpq as text; bytes in BYTEA's hex form.
template <>
struct pqxx::string_traits<statusphere::store::sql::Value> {
  using Value = statusphere::store::sql::Value;
  static constexpr const char* name() noexcept { return "statusphere::store::sql::Value"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const Value& v) { return v.type == Value::Type::kNull; }
  static Value null() { return Value(); }
  static void from_string(const char[], Value&) { throw pqxx::usage_error("a Value is never read from text"); }
  static std::string to_string(const Value& v) {
    switch (v.type) {
      case Value::Type::kInt:
        return absl::StrCat(v.number);
      case Value::Type::kBytes:
        return absl::StrCat("\\x", absl::BytesToHexString(v.text));
      default:
        return std::string(v.text);
    }
  }
};

namespace statusphere::store {
namespace postgres {
namespace {

// Column types read as numbers rather than text (pg_type oids).
constexpr pqxx::oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23;

// Statements with parameters run prepared, each parsed and planned once per connection
// rather than on every call: a lease and a report are a dozen short statements, and their
// parse and plan were a good part of PostgreSQL's CPU per report (scale_bench
// --mode=steady). libpqxx prepares a registered statement on its first use on a
// connection, again after a reconnection. The statements are the store's fixed texts (a
// few vary with the number of urls in an IN list); past kMaxPrepared distinct ones, any
// text built otherwise runs unprepared rather than fill every backend's memory.
constexpr size_t kMaxPrepared = 2000;

std::optional<std::string> PreparedName(pqxx::connection_base& connection, absl::string_view statement) {
  static absl::Mutex mu(absl::kConstInit);
  static auto* names = new absl::flat_hash_map<std::string, std::string>();
  std::string name;
  {
    absl::MutexLock lock(&mu);
    auto it = names->find(statement);
    if (it == names->end()) {
      if (names->size() >= kMaxPrepared) return std::nullopt;
      it = names->emplace(std::string(statement), absl::StrCat("statusphere_", names->size())).first;
    }
    name = it->second;
  }
  connection.prepare(name, std::string(statement));  // a no-op once registered on this connection
  return name;
}

// One pqxx::work seen as a sql::Transaction. A failed statement's exception is kept and
// rethrown when the body returns, inside ConnectionPool::Run, which maps it to a status
// and retries a lost connection; the statement itself reports the mapped status, and
// later statements of the (now aborted) transaction are not sent.
class PostgresTransaction final : public sql::Transaction {
 public:
  explicit PostgresTransaction(pqxx::work& work) : work_(work) {}

  absl::StatusOr<std::vector<sql::Row>> Query(absl::string_view statement,
                                              absl::Span<const sql::Value> params) override {
    ASSIGN_OR_RETURN(pqxx::result result, Exec(statement, params));
    std::vector<sql::Row> rows;
    rows.reserve(result.size());
    for (const pqxx::row& row : result) {
      std::vector<sql::Row::Cell> cells(row.size());
      for (size_t i = 0; i < cells.size(); ++i) {
        const pqxx::field field = row[static_cast<pqxx::row::size_type>(i)];
        sql::Row::Cell& cell = cells[i];
        cell.null = field.is_null();
        if (cell.null) continue;
        switch (field.type()) {
          case kBool:
            cell.number = field.c_str()[0] == 't';
            break;
          case kInt2:
          case kInt4:
          case kInt8:
            cell.number = field.as<int64_t>();
            break;
          case kBytea:
            cell.text = pqxx::binarystring(field).str();
            break;
          default:
            cell.text.assign(field.c_str(), field.size());
        }
      }
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  absl::StatusOr<int64_t> Execute(absl::string_view statement, absl::Span<const sql::Value> params) override {
    ASSIGN_OR_RETURN(pqxx::result result, Exec(statement, params));
    return static_cast<int64_t>(result.affected_rows());
  }

  absl::Status ExecuteScript(absl::string_view script) override { return Exec(script, {}).status(); }

  void RethrowFailure() {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  absl::StatusOr<pqxx::result> Exec(absl::string_view statement, absl::Span<const sql::Value> params) {
    if (failure_) return absl::AbortedError("postgres: an earlier statement of this transaction failed");
    try {
      if (params.empty()) return work_.exec(std::string(statement));
      if (std::optional<std::string> name = PreparedName(work_.conn(), statement)) {
        return work_.exec_prepared(*name, pqxx::prepare::make_dynamic_params(params.begin(), params.end()));
      }
      return work_.exec_params(std::string(statement),
                               pqxx::prepare::make_dynamic_params(params.begin(), params.end()));
    } catch (const std::exception& e) {
      failure_ = std::current_exception();
      return FromException(e);
    }
  }

  pqxx::work& work_;
  std::exception_ptr failure_;
};

}  // namespace

// The pool as a sql::Connection, refused until Prepare has brought the schema up to date.
class PooledConnection final : public sql::Connection {
 public:
  explicit PooledConnection(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  absl::Status Transact(absl::FunctionRef<absl::Status(sql::Transaction&)> body) override {
    if (!ready_.load()) {
      return absl::UnavailableError("postgres: the database has not answered since the server started");
    }
    return Run(body);
  }

  absl::Status Prepare(const sql::Dialect& dialect) {
    if (ready_.load()) return absl::OkStatus();
    RETURN_IF_ERROR(Run([&](sql::Transaction& tx) { return sql::Migrate(tx, dialect); }));
    ready_.store(true);
    return absl::OkStatus();
  }

 private:
  absl::Status Run(absl::FunctionRef<absl::Status(sql::Transaction&)> body) {
    return pool_->Run([&](pqxx::work& work) {
      PostgresTransaction tx(work);
      absl::Status status = body(tx);
      tx.RethrowFailure();
      return status;
    });
  }

  std::unique_ptr<ConnectionPool> pool_;
  std::atomic<bool> ready_{false};
};

namespace {

// Serializes the change log's writers from their first change to their commit. Sequence
// numbers come from nextval() at insert, before commit: without this, server A could take
// 6, server B take 7 and commit first, and a watcher (or the notification dispatcher) that
// read 7 would move its cursor past 6 for good. Holding this lock until commit makes the
// log's order the commit order, so that everything below a visible sequence is final.
constexpr int64_t kChangeLogLock = 0x73746174636c6f67;  // "statclog"
// Serializes servers that start at once: one migrates, the others then find it done.
constexpr int64_t kMigrationLock = 0x5354415455535048;  // "STATUSPH"

sql::Dialect PostgresDialect() {
  sql::Dialect d;
  d.row_locks = true;
  d.least = "LEAST";
  d.greatest = "GREATEST";
  d.text_agg = "string_agg";
  d.agg_order_by = true;
  // random() is a double in [0, 1): 52 random bits, scaled over most of the int64 range.
  d.random_int64 = "(random() * 9.2e18)::BIGINT";
  d.change_log_writer_lock = absl::StrCat("SELECT pg_advisory_xact_lock(", kChangeLogLock, ")");
  // Conflicts with the writers' ROW EXCLUSIVE and with itself; the timeout keeps a slow
  // report from stalling a dispatcher for long.
  d.change_log_reader_lock = {"SET LOCAL lock_timeout = '5s'",
                              "LOCK TABLE incident_changes IN SHARE ROW EXCLUSIVE MODE"};
  d.int64 = "BIGINT";
  d.bytes = "BYTEA";
  d.boolean = "BOOLEAN";
  d.false_value = "FALSE";
  d.serial = "BIGSERIAL PRIMARY KEY";
  d.migration_time = "TIMESTAMPTZ NOT NULL DEFAULT now()";
  d.migration_lock = absl::StrCat("SELECT pg_advisory_xact_lock(", kMigrationLock, ")");
  return d;
}

}  // namespace
}  // namespace postgres

PostgresStore::PostgresStore(std::unique_ptr<postgres::PooledConnection> connection)
    : SqlStore(std::move(connection), postgres::PostgresDialect()),
      postgres_(static_cast<postgres::PooledConnection*>(&this->connection())) {}

absl::StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& connection_string,
                                                                   int pool_size) {
  std::unique_ptr<PostgresStore> store = Connect(connection_string, pool_size);
  RETURN_IF_ERROR(store->Prepare());
  return store;
}

std::unique_ptr<PostgresStore> PostgresStore::Connect(const std::string& connection_string, int pool_size) {
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::make_unique<postgres::PooledConnection>(
      std::make_unique<postgres::ConnectionPool>(connection_string, pool_size))));
}

absl::Status PostgresStore::Prepare() { return postgres_->Prepare(dialect()); }

}  // namespace statusphere::store
