#include "server/store/sqlite/sqlite_store.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "server/store/sql/sql_store_conformance.h"
#include "server/store/sqlite/sqlite_db.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

using sql::SqlStoreConformanceTest;

std::unique_ptr<Store> MakeInMemoryStore() {
  auto store = SqliteStore::Open(":memory:");
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest, ::testing::Values(StoreFactory{"sqlite", &MakeInMemoryStore}));

INSTANTIATE_TEST_SUITE_P(Sqlite, SqlStoreConformanceTest,
                         ::testing::Values(StoreFactory{"sqlite", &MakeInMemoryStore}));

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

TEST(SqliteStore, DataSurvivesReopeningTheFile) {
  const std::string path = TempPath("reopen.sqlite");
  std::remove(path.c_str());
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(
        (*store)->AddPage({"GitHub", "https://www.githubstatus.com", "", PageOrigin::kAdmin}, absl::Now()).ok());
  }
  auto reopened = SqliteStore::Open(path);  // migrations are not applied twice
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(*(*reopened)->CountPages(), 1);
}

TEST(SqliteStore, UnwritableLocationIsAClearError) {
  auto store = SqliteStore::Open("/nonexistent-dir/for/sure/db.sqlite");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find("/nonexistent-dir/for/sure/db.sqlite"), std::string::npos);
}

TEST(SqliteStore, ADatabaseFromANewerServerIsRefused) {
  const std::string path = TempPath("newer.sqlite");
  std::remove(path.c_str());
  ASSERT_TRUE(SqliteStore::Open(path).ok());
  {
    auto db = sqlite::Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO schema_migrations (version) VALUES (999)").ok());
  }
  auto store = SqliteStore::Open(path);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace statusphere::store
