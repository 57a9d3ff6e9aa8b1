// The embedded Store: one SQLite file, zero set-up. One connection serialized by a mutex
// (WAL journal), which is ample for one server process; many servers share PostgreSQL.
// The store itself is the shared SQL store; this folder adds the connection and schema.
#ifndef STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_STORE_H_
#define STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "server/store/sql/sql_store.h"

namespace statusphere::store {

class SqliteStore : public sql::SqlStore {
 public:
  // Opens or creates the database at `path` (":memory:" for a private in-memory one) and
  // applies pending migrations.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path);

 private:
  using sql::SqlStore::SqlStore;
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_SQLITE_SQLITE_STORE_H_
