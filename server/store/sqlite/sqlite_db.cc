#include "server/store/sqlite/sqlite_db.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"

namespace statusphere::store::sqlite {
namespace {

constexpr size_t kMaxIdleStatements = 128;

absl::Status Error(sqlite3* db, absl::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  std::string message = absl::StrCat("sqlite: ", what, ": ", sqlite3_errmsg(db));
  if ((code & 0xff) == SQLITE_CONSTRAINT) return absl::AlreadyExistsError(message);
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

}  // namespace

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(other.stmt_),
      owner_(other.owner_),
      sql_(std::move(other.sql_)),
      bind_error_(std::move(other.bind_error_)) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ != nullptr) owner_->GiveBack(std::move(sql_), stmt_);
}

Statement& Statement::Bind(int index, const sql::Value& value) {
  const auto size = static_cast<int>(value.text.size());
  int rc = SQLITE_OK;
  switch (value.type) {
    case sql::Value::Type::kNull:
      rc = sqlite3_bind_null(stmt_, index);
      break;
    case sql::Value::Type::kInt:
      rc = sqlite3_bind_int64(stmt_, index, value.number);
      break;
    case sql::Value::Type::kText:
      rc = sqlite3_bind_text(stmt_, index, value.text.data(), size, SQLITE_TRANSIENT);
      break;
    case sql::Value::Type::kBytes:
      rc = sqlite3_bind_blob(stmt_, index, value.text.data(), size, SQLITE_TRANSIENT);
      break;
  }
  if (rc != SQLITE_OK) bind_error_ = Error(db_, "bind");
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(db_, sqlite3_sql(stmt_));
}

absl::Status Statement::Run() {
  absl::StatusOr<bool> row = Step();
  return row.status();
}

int Statement::ParameterCount() const { return sqlite3_bind_parameter_count(stmt_); }

const char* Statement::ParameterName(int index) const { return sqlite3_bind_parameter_name(stmt_, index); }

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }

bool Statement::IsInt(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_INTEGER; }

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  return data == nullptr ? std::string() : std::string(static_cast<const char*>(data), size);
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message =
        absl::StrCat("sqlite: cannot open '", path, "': ", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return absl::UnavailableError(message);
  }
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<Database>(new Database(db));
}

Database::~Database() {
  for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

absl::StatusOr<Statement> Database::Prepare(absl::string_view sql) {
  if (auto it = idle_.find(sql); it != idle_.end()) {
    sqlite3_stmt* stmt = it->second;
    idle_.erase(it);
    return Statement(this, db_, stmt, std::string(sql));
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK) {
    return Error(db_, absl::StrCat("prepare ", sql));
  }
  return Statement(this, db_, stmt, std::string(sql));
}

void Database::GiveBack(std::string sql, sqlite3_stmt* stmt) {
  // Reset ends the statement's read of the database (a half-read SELECT would otherwise
  // pin its snapshot) and clears the bindings, so no value leaks into the next use.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (idle_.size() >= kMaxIdleStatements || !idle_.emplace(std::move(sql), stmt).second) {
    sqlite3_finalize(stmt);  // the cache is full, or holds this text already (nested use)
  }
}

absl::Status Database::Exec(absl::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    absl::Status status = Error(db_, text.substr(0, 80));
    sqlite3_free(message);
    return status;
  }
  return absl::OkStatus();
}

int Database::Changes() const { return sqlite3_changes(db_); }

}  // namespace statusphere::store::sqlite
