#include "server/store/postgres/postgres_store.h"

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/store/sql/sql_store_conformance.h"
#include "server/store/store_conformance.h"
#include "tests/support/postgres_database.h"

namespace statusphere::store {
namespace {

using sql::SqlStoreConformanceTest;

using statusphere::testing::FreshPostgresDatabase;
using statusphere::testing::SessionsIdleInTransaction;

// A fresh database per test on the server STATUSPHERE_PG_URL points at; empty after a
// skip (no server configured) or a failure.
std::string FreshDatabaseUrl() {
  absl::StatusOr<std::string> url = FreshPostgresDatabase("statusphere_test");
  if (url.status().code() == absl::StatusCode::kNotFound) {
    // GTEST_SKIP returns from the function it is in, hence the lambda.
    [&] { GTEST_SKIP() << url.status().message(); }();
    return "";
  }
  if (!url.ok()) ADD_FAILURE() << url.status();
  return url.ok() ? *url : "";
}

std::unique_ptr<Store> MakeFreshPostgresStore() {
  const std::string url = FreshDatabaseUrl();
  if (url.empty()) return nullptr;
  auto store = PostgresStore::Open(url, 4);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest,
                         ::testing::Values(StoreFactory{"postgres", &MakeFreshPostgresStore}));
INSTANTIATE_TEST_SUITE_P(Postgres, SqlStoreConformanceTest,
                         ::testing::Values(StoreFactory{"postgres", &MakeFreshPostgresStore}));

// A burst of calls for pages that do not exist, on three times as many threads as the pool
// has connections: each gets NOT_FOUND promptly, and no connection is left inside a
// transaction (it used to go back to the pool before its rollback, so two threads shared
// it and the API hung with sessions idle in transaction).
TEST(PostgresStore, BurstOfNotFoundCallsLeavesNoSessionInTransaction) {
  const std::string url = FreshDatabaseUrl();
  if (url.empty()) return;
  auto store = PostgresStore::Open(url, 4);
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)->AddPage(NewPage{"Known", "https://known.example", "", PageOrigin::kAdmin}, absl::Now()).ok());
  std::atomic<int> wrong{0}, slow{0}, rounds{0};
  std::vector<std::thread> threads;
  const absl::Time until = absl::Now() + absl::Seconds(5);
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; absl::Now() < until; ++i) {
        const absl::Time start = absl::Now();
        const std::string unknown = absl::StrCat("https://unknown-", t, "-", i, ".example");
        if ((*store)->GetPageByUrl(unknown).status().code() != absl::StatusCode::kNotFound ||
            (*store)->ListIncidents({unknown}).status().code() != absl::StatusCode::kNotFound ||
            (*store)->GetPageByUrl("https://known.example").status().code() != absl::StatusCode::kOk) {
          ++wrong;
        }
        if (absl::Now() - start > absl::Seconds(2)) ++slow;
        ++rounds;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0) << "of " << rounds.load() << " rounds";
  EXPECT_EQ(slow.load(), 0) << "rounds slower than 2 s";
  EXPECT_GT(rounds.load(), 100);
  absl::StatusOr<long long> idle = SessionsIdleInTransaction(url);
  ASSERT_TRUE(idle.ok()) << idle.status();
  EXPECT_EQ(*idle, 0);
}

// Statements with parameters run prepared, once per connection: when the database drops
// the connections, the pool's new ones prepare them again, and every call still answers.
TEST(PostgresStore, PreparedStatementsOutliveLostConnections) {
  const std::string url = FreshDatabaseUrl();
  if (url.empty()) return;
  auto store = PostgresStore::Open(url, 2);
  ASSERT_TRUE(store.ok()) << store.status();
  const absl::Time now = absl::Now();
  ASSERT_TRUE((*store)->AddPage(NewPage{"Known", "https://known.example", "", PageOrigin::kAdmin}, now).ok());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE((*store)->GetPageByUrl("https://known.example").ok());
  std::string name = "Known";
  for (int round = 0; round < 2; ++round) {
    try {
      pqxx::connection admin(url);
      pqxx::nontransaction terminate(admin);
      pqxx::result ended = terminate.exec(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          "WHERE datname = current_database() AND pid <> pg_backend_pid()");
      ASSERT_GT(ended.size(), 0u) << "the store held no connection to drop";
    } catch (const std::exception& e) {
      FAIL() << e.what();
    }
    for (int i = 0; i < 4; ++i) {
      absl::StatusOr<v1::StatusPage> page = (*store)->GetPageByUrl("https://known.example");
      ASSERT_TRUE(page.ok()) << "round " << round << ", call " << i << ": " << page.status();
      EXPECT_EQ(page->name(), name);
    }
    name = absl::StrCat("Known ", round);
    ASSERT_TRUE((*store)->RenamePage("https://known.example", name).ok());
    EXPECT_EQ((*store)->GetPageByUrl("https://known.example")->name(), name);
  }
}

TEST(PostgresStore, UnreachableServerIsUnavailable) {
  auto store = PostgresStore::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", 1);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable) << store.status();
}

}  // namespace
}  // namespace statusphere::store
