// Databases of their own for tests on the PostgreSQL server that scripts/test.sh starts
// (STATUSPHERE_PG_URL names its maintenance database), and what tests read back from them.
// Every function keeps libpqxx's exceptions inside: errors come back as absl::Status.
#ifndef STATUSPHERE_TESTS_SUPPORT_POSTGRES_DATABASE_H_
#define STATUSPHERE_TESTS_SUPPORT_POSTGRES_DATABASE_H_

#include <string>

#include "absl/status/statusor.h"

namespace statusphere::testing {

// The maintenance database's url from STATUSPHERE_PG_URL; NOT_FOUND when it is not set,
// with a message a GTEST_SKIP can show.
absl::StatusOr<std::string> PostgresServerUrl();

// Creates an empty database named `<prefix>_<random>` on that server (or on the one whose
// maintenance database `server_url` names); returns its url.
absl::StatusOr<std::string> FreshPostgresDatabase(const std::string& prefix, const std::string& server_url = "");

// Runs `sql` (one value in one row) on the database at `url` and returns that value.
absl::StatusOr<long long> QueryNumber(const std::string& url, const std::string& sql);

// Sessions of that database inside a transaction no statement is running in: a connection
// handed back to a pool mid-transaction, or a transaction left open.
absl::StatusOr<long long> SessionsIdleInTransaction(const std::string& url);

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_POSTGRES_DATABASE_H_
