#include "server/store/postgres/postgres_store.h"

#include <cstdlib>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

// A fresh database per test on the server STATUSPHERE_PG_URL points at (its maintenance
// database, e.g. postgresql://postgres@127.0.0.1:5433/postgres).
std::unique_ptr<Store> MakeFreshPostgresStore() {
  const char* admin_url = std::getenv("STATUSPHERE_PG_URL");
  if (admin_url == nullptr || *admin_url == '\0') {
    // GTEST_SKIP returns from the function it is in, hence the lambda.
    [] {
      GTEST_SKIP() << "STATUSPHERE_PG_URL is not set: no PostgreSQL server to run the conformance suite on "
                      "(scripts/test.sh starts one)";
    }();
    return nullptr;
  }
  absl::BitGen gen;
  const std::string database = absl::StrFormat("statusphere_test_%016x", absl::Uniform<uint64_t>(gen));
  try {
    pqxx::connection admin(admin_url);
    pqxx::nontransaction tx(admin);
    tx.exec(absl::StrCat("CREATE DATABASE ", database));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot create a test database on " << admin_url << ": " << e.what();
    return nullptr;
  }
  // Same server, the new database.
  std::string url = admin_url;
  const size_t slash = url.rfind('/');
  url = absl::StrCat(url.substr(0, slash + 1), database);
  auto store = PostgresStore::Open(url, 4);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest,
                         ::testing::Values(StoreFactory{"postgres", &MakeFreshPostgresStore}));

TEST(PostgresStore, UnreachableServerIsUnavailable) {
  auto store = PostgresStore::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", 1);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable) << store.status();
}

}  // namespace
}  // namespace statusphere::store
