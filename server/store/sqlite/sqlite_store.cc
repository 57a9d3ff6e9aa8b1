#include "server/store/sqlite/sqlite_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/store/sql/schema.h"
#include "server/store/sqlite/sqlite_db.h"

namespace statusphere::store {
namespace {

using sqlite::Database;
using sqlite::Statement;

// Statements on the one connection, compiled once and cached by the Database.
class SqliteTransaction final : public sql::Transaction {
 public:
  explicit SqliteTransaction(Database& db) : db_(db) {}

  absl::StatusOr<std::vector<sql::Row>> Query(absl::string_view statement,
                                              absl::Span<const sql::Value> params) override {
    ASSIGN_OR_RETURN(Statement stmt, Bound(statement, params));
    std::vector<sql::Row> rows;
    while (true) {
      ASSIGN_OR_RETURN(bool more, stmt.Step());
      if (!more) return rows;
      std::vector<sql::Row::Cell> cells(stmt.ColumnCount());
      for (int i = 0; i < static_cast<int>(cells.size()); ++i) {
        cells[i].null = stmt.IsNull(i);
        if (stmt.IsInt(i)) {
          cells[i].number = stmt.Int(i);
        } else if (!cells[i].null) {
          cells[i].text = stmt.Text(i);
        }
      }
      rows.emplace_back(std::move(cells));
    }
  }

  absl::StatusOr<int64_t> Execute(absl::string_view statement, absl::Span<const sql::Value> params) override {
    ASSIGN_OR_RETURN(Statement stmt, Bound(statement, params));
    RETURN_IF_ERROR(stmt.Run());
    return db_.Changes();
  }

  absl::Status ExecuteScript(absl::string_view script) override { return db_.Exec(script); }

 private:
  // SQLite reads "$1" as a parameter named "$1" and numbers parameters in order of first
  // appearance, so each is bound by its name's number, not by its index.
  absl::StatusOr<Statement> Bound(absl::string_view statement, absl::Span<const sql::Value> params) {
    ASSIGN_OR_RETURN(Statement stmt, db_.Prepare(statement));
    for (int i = 1; i <= stmt.ParameterCount(); ++i) {
      const char* name = stmt.ParameterName(i);
      size_t n = 0;
      if (name == nullptr || name[0] != '$' || !absl::SimpleAtoi(name + 1, &n) || n < 1 || n > params.size()) {
        return absl::InternalError(
            absl::StrCat("sqlite: parameter ", name ? name : "?", " has no value in ", statement));
      }
      stmt.Bind(i, params[n - 1]);
    }
    return stmt;
  }

  Database& db_;
};

// One connection behind a mutex: SQLite has one writer at a time, and so does the store.
class SqliteConnection final : public sql::Connection {
 public:
  explicit SqliteConnection(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  absl::Status Transact(absl::FunctionRef<absl::Status(sql::Transaction&)> body) override {
    absl::MutexLock lock(&mu_);
    SqliteTransaction tx(*db_);
    return sqlite::InTransaction(*db_, [&] { return body(tx); });
  }
  // Reads need no BEGIN: no other writer can come between their statements.
  absl::Status Read(absl::FunctionRef<absl::Status(sql::Transaction&)> body) override {
    absl::MutexLock lock(&mu_);
    SqliteTransaction tx(*db_);
    return body(tx);
  }

 private:
  absl::Mutex mu_;
  std::unique_ptr<Database> db_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path));
  // WAL lets readers of the file (backups, sqlite3 shell) work while the server writes.
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"}) {
    RETURN_IF_ERROR(db->Exec(pragma));
  }
  auto connection = std::make_unique<SqliteConnection>(std::move(db));
  const sql::Dialect dialect;  // the defaults are SQLite's
  RETURN_IF_ERROR(connection->Transact([&](sql::Transaction& tx) { return sql::Migrate(tx, dialect); }));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(connection), dialect));
}

}  // namespace statusphere::store
