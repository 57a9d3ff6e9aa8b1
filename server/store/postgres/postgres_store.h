// The production Store: PostgreSQL through libpqxx, for many servers and scrapers on one
// database. Leases use SELECT ... FOR UPDATE SKIP LOCKED so that concurrent servers never
// hand one page to two scrapers. The store itself is the shared SQL store; this folder
// adds the pooled connection, the dialect and the schema.
#ifndef STATUSPHERE_SERVER_STORE_POSTGRES_POSTGRES_STORE_H_
#define STATUSPHERE_SERVER_STORE_POSTGRES_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "server/store/sql/sql_store.h"

namespace statusphere::store {
namespace postgres {
class PooledConnection;
}  // namespace postgres

class PostgresStore : public sql::SqlStore {
 public:
  // Connects with a libpq connection string ("postgresql://user@host:port/db" or
  // "host=... dbname=...") and applies pending migrations: Connect, then Prepare.
  static absl::StatusOr<std::unique_ptr<PostgresStore>> Open(const std::string& connection_string, int pool_size = 8);
  // A store that has not talked to the database yet: every call is UNAVAILABLE until
  // Prepare succeeds. A server starts this way so that it can come up while its database
  // is down, and serve once the database answers.
  static std::unique_ptr<PostgresStore> Connect(const std::string& connection_string, int pool_size = 8);
  // Applies pending migrations; UNAVAILABLE while the database does not answer (retry),
  // FAILED_PRECONDITION when its schema is newer than this server. Once it has succeeded,
  // further calls do nothing.
  absl::Status Prepare();

 private:
  explicit PostgresStore(std::unique_ptr<postgres::PooledConnection> connection);

  postgres::PooledConnection* const postgres_;  // owned by the SqlStore
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_POSTGRES_POSTGRES_STORE_H_
