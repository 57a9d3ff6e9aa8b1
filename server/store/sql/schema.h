// The store's tables, one schema for every backend, its types named by the Dialect.
#ifndef STATUSPHERE_SERVER_STORE_SQL_SCHEMA_H_
#define STATUSPHERE_SERVER_STORE_SQL_SCHEMA_H_

#include <cstdint>

#include "absl/status/status.h"
#include "server/store/sql/connection.h"
#include "server/store/sql/dialect.h"

namespace statusphere::store::sql {

// Applies, inside `tx`, every migration the database has not seen yet. FAILED_PRECONDITION
// when the database's schema is newer than this server.
absl::Status Migrate(Transaction& tx, const Dialect& dialect);

// The number of migrations this server knows: the schema version Migrate brings to.
int64_t LatestSchemaVersion();
// Migrate, stopping at `version` (tests build a database as an older server left it).
absl::Status MigrateTo(Transaction& tx, const Dialect& dialect, int64_t version);

}  // namespace statusphere::store::sql

#endif  // STATUSPHERE_SERVER_STORE_SQL_SCHEMA_H_
