// The PostgreSQL schema as ordered migrations; released ones are never edited.
#ifndef STATUSPHERE_SERVER_STORE_POSTGRES_MIGRATIONS_H_
#define STATUSPHERE_SERVER_STORE_POSTGRES_MIGRATIONS_H_

#include "absl/status/status.h"
#include "server/store/postgres/connection_pool.h"

namespace statusphere::store::postgres {

// Applies pending migrations under an advisory lock, so that servers starting together
// migrate once.
absl::Status Migrate(ConnectionPool& pool);

}  // namespace statusphere::store::postgres

#endif  // STATUSPHERE_SERVER_STORE_POSTGRES_MIGRATIONS_H_
