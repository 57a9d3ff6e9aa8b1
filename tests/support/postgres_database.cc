#include "tests/support/postgres_database.h"

#include <cstdlib>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "pqxx/pqxx"

namespace statusphere::testing {

absl::StatusOr<std::string> PostgresServerUrl() {
  const char* url = std::getenv("STATUSPHERE_PG_URL");
  if (url == nullptr || *url == '\0') {
    return absl::NotFoundError(
        "STATUSPHERE_PG_URL is not set: no PostgreSQL server to test on (scripts/test.sh starts one)");
  }
  return std::string(url);
}

absl::StatusOr<std::string> FreshPostgresDatabase(const std::string& prefix, const std::string& server_url) {
  absl::StatusOr<std::string> server = server_url.empty() ? PostgresServerUrl() : server_url;
  if (!server.ok()) return server.status();
  absl::BitGen gen;
  const std::string name = absl::StrFormat("%s_%016x", prefix, absl::Uniform<uint64_t>(gen));
  try {
    pqxx::connection admin(*server);
    pqxx::nontransaction tx(admin);
    tx.exec(absl::StrCat("CREATE DATABASE ", name));
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot create a test database on ", *server, ": ", e.what()));
  }
  // Same server, the new database.
  return absl::StrCat(server->substr(0, server->rfind('/') + 1), name);
}

absl::StatusOr<long long> QueryNumber(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    return tx.exec(sql)[0][0].as<long long>();
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("'", sql, "' on ", url, ": ", e.what()));
  }
}

absl::StatusOr<long long> SessionsIdleInTransaction(const std::string& url) {
  return QueryNumber(url,
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND state LIKE 'idle in transaction%'");
}

}  // namespace statusphere::testing
