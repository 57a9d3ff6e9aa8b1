// What the one SQL store needs from a database: transactions that run parameterized
// statements and return rows. SQLite and PostgreSQL each implement it in their folder;
// statements use one placeholder style, $1, $2, ... (a $N may appear more than once).
#ifndef STATUSPHERE_SERVER_STORE_SQL_CONNECTION_H_
#define STATUSPHERE_SERVER_STORE_SQL_CONNECTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace statusphere::store::sql {

// A statement parameter. Text and bytes are views: a Value lives for one call only.
struct Value {
  enum class Type { kNull, kInt, kText, kBytes };
  Type type = Type::kNull;
  int64_t number = 0;
  absl::string_view text;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(int64_t v) : type(Type::kInt), number(v) {}
  Value(int v) : Value(static_cast<int64_t>(v)) {}
  Value(bool v) : Value(static_cast<int64_t>(v)) {}
  Value(absl::string_view v) : type(Type::kText), text(v) {}
  Value(const std::string& v) : Value(absl::string_view(v)) {}
  Value(const char* v) : Value(absl::string_view(v)) {}
  Value(std::optional<int64_t> v) : type(v ? Type::kInt : Type::kNull), number(v.value_or(0)) {}
  // A BLOB (SQLite) or BYTEA (PostgreSQL) parameter.
  static Value Bytes(absl::string_view bytes) {
    Value v(bytes);
    v.type = Type::kBytes;
    return v;
  }
};

// One result row. Integers and booleans read with Int, text and bytes with Text.
class Row {
 public:
  struct Cell {
    bool null = true;
    int64_t number = 0;
    std::string text;
  };
  explicit Row(std::vector<Cell> cells) : cells_(std::move(cells)) {}

  int64_t Int(int column) const { return cells_[column].number; }
  bool Bool(int column) const { return cells_[column].number != 0; }
  const std::string& Text(int column) const { return cells_[column].text; }
  bool IsNull(int column) const { return cells_[column].null; }

 private:
  std::vector<Cell> cells_;
};

class Transaction {
 public:
  virtual ~Transaction() = default;
  // Runs one statement and returns its rows (a SELECT, or a write with RETURNING).
  virtual absl::StatusOr<std::vector<Row>> Query(absl::string_view sql, absl::Span<const Value> params = {}) = 0;
  // Runs one statement and returns how many rows it changed.
  virtual absl::StatusOr<int64_t> Execute(absl::string_view sql, absl::Span<const Value> params = {}) = 0;
  // Runs statements without parameters, separated by semicolons (migrations).
  virtual absl::Status ExecuteScript(absl::string_view sql) = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs `body` in one transaction: committed when it returns OK, rolled back otherwise.
  // Errors are canonical: a unique violation ALREADY_EXISTS, a database that does not
  // answer UNAVAILABLE, a serialization failure or deadlock ABORTED. `body` may be run
  // again (after a lost connection), so it must start from scratch each time.
  virtual absl::Status Transact(absl::FunctionRef<absl::Status(Transaction&)> body) = 0;
  // The same for a body that only reads; a backend may run it more cheaply.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(Transaction&)> body) { return Transact(body); }
};

}  // namespace statusphere::store::sql

#endif  // STATUSPHERE_SERVER_STORE_SQL_CONNECTION_H_
