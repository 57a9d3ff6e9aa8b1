#include "bench/bench_run.h"

#include <iostream>
#include <memory>

#include "common/status_macros.h"
#include "server/store/postgres/postgres_store.h"
#include "server/store/sqlite/sqlite_store.h"
#include "tests/support/postgres_database.h"

namespace statusphere::bench {

bool WithPostgres() {
  static const bool postgres = [] {
    const bool set = testing::PostgresServerUrl().ok();
    if (!set) std::cout << "(STATUSPHERE_PG_URL is not set: SQLite only)\n";
    return set;
  }();
  return postgres;
}

absl::Status OnEachDatabase(const std::string& prefix,
                            absl::FunctionRef<absl::Status(const std::string& backend, store::Store& store)> run) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::SqliteStore> sqlite, store::SqliteStore::Open(":memory:"));
  RETURN_IF_ERROR(run("SQLite in memory", *sqlite));
  if (!WithPostgres()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::string database, testing::FreshPostgresDatabase(prefix));
  ASSIGN_OR_RETURN(std::unique_ptr<store::PostgresStore> postgres, store::PostgresStore::Open(database, 4));
  return run("PostgreSQL", *postgres);
}

}  // namespace statusphere::bench
