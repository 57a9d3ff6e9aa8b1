// A small RAII layer over the sqlite3 C API: a connection, prepared statements with typed
// binding, and errors as absl::Status. Only the SQLite store uses it.
#ifndef STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_DB_H_
#define STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_DB_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/sql/connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace statusphere::store::sqlite {

class Database;

class Statement {
 public:
  // A statement borrowed from `owner`'s cache: given back (reset) when destroyed.
  Statement(Database* owner, sqlite3* db, sqlite3_stmt* stmt, std::string sql)
      : db_(db), stmt_(stmt), owner_(owner), sql_(std::move(sql)) {}
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds the parameter at `index`, from 1 (sql::Value::Bytes for a BLOB).
  Statement& Bind(int index, const sql::Value& value);

  // Advances to the next row: true when there is one, false when done.
  absl::StatusOr<bool> Step();
  // Runs a statement that returns no rows.
  absl::Status Run();

  // Parameters by number, and their names as written ("$1", "?1").
  int ParameterCount() const;
  const char* ParameterName(int index) const;

  int ColumnCount() const;
  int64_t Int(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;
  bool IsInt(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Database* owner_;
  std::string sql_;
  absl::Status bind_error_;
};

class Database {
 public:
  // Opens (creating when missing) the database file; ":memory:" for a private in-memory one.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();

  // Compiles `sql`, or reuses the compiled statement of an earlier Prepare of the same text:
  // compiling costs more than running most of the store's statements. A statement in use
  // is lent out, never shared, so two live Statements of the same text are two statements.
  absl::StatusOr<Statement> Prepare(absl::string_view sql);
  // Runs one or more statements that return no rows.
  absl::Status Exec(absl::string_view sql);
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int Changes() const;

 private:
  friend class Statement;
  explicit Database(sqlite3* db) : db_(db) {}
  // Takes back a statement lent out by Prepare, ready for its next use.
  void GiveBack(std::string sql, sqlite3_stmt* stmt);

  sqlite3* db_;
  // Idle compiled statements by SQL text. Bounded, because a few callers build their SQL
  // (a LIMIT, an IN list of some length); past the bound, statements are simply finalized.
  absl::flat_hash_map<std::string, sqlite3_stmt*> idle_;
};

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it fails.
template <typename Fn>
auto InTransaction(Database& db, Fn&& body) -> decltype(body()) {
  if (absl::Status begin = db.Exec("BEGIN IMMEDIATE"); !begin.ok()) return begin;
  auto result = body();
  if (!result.ok()) {
    db.Exec("ROLLBACK").IgnoreError();
    return result;
  }
  if (absl::Status commit = db.Exec("COMMIT"); !commit.ok()) {
    db.Exec("ROLLBACK").IgnoreError();
    return commit;
  }
  return result;
}

}  // namespace statusphere::store::sqlite

#endif  // STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_DB_H_
