// The SQLite schema, as an ordered list of migrations. A migration once released is never
// edited: changes are new entries at the end.
#ifndef STATUSPHERE_SERVER_STORE_SQLITE_MIGRATIONS_H_
#define STATUSPHERE_SERVER_STORE_SQLITE_MIGRATIONS_H_

#include "absl/status/status.h"
#include "server/store/sqlite/sqlite_db.h"

namespace statusphere::store::sqlite {

// Applies every migration the database has not seen yet, each in its own transaction.
absl::Status Migrate(Database& db);

}  // namespace statusphere::store::sqlite

#endif  // STATUSPHERE_SERVER_STORE_SQLITE_MIGRATIONS_H_
