// The statement cache behind Database::Prepare must be invisible: a reused statement
// starts with no bindings and no half-read result, and nested uses of one text work.
#include "server/store/sqlite/sqlite_db.h"

#include "gtest/gtest.h"

namespace statusphere::store::sqlite {
namespace {

std::unique_ptr<Database> OpenWithTable() {
  auto db = Database::Open(":memory:");
  EXPECT_TRUE(db.ok()) << db.status();
  EXPECT_TRUE((*db)->Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
  EXPECT_TRUE((*db)->Exec("INSERT INTO t VALUES (1, 'one'), (2, 'two')").ok());
  return std::move(*db);
}

TEST(DatabasePrepare, AReusedStatementStartsWithoutTheLastBindings) {
  auto db = OpenWithTable();
  {
    auto stmt = db->Prepare("SELECT count(*) FROM t WHERE ?1 IS NULL OR k = ?1");
    ASSERT_TRUE(stmt.ok());
    stmt->Bind(1, int64_t{2});
    ASSERT_TRUE(*stmt->Step());
    EXPECT_EQ(stmt->Int(0), 1);
  }
  auto again = db->Prepare("SELECT count(*) FROM t WHERE ?1 IS NULL OR k = ?1");
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(*again->Step());
  EXPECT_EQ(again->Int(0), 2);  // ?1 is NULL again, not 2
}

TEST(DatabasePrepare, AStatementGivenBackHalfReadStartsOver) {
  auto db = OpenWithTable();
  {
    auto stmt = db->Prepare("SELECT v FROM t ORDER BY k");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(*stmt->Step());  // reads 'one', leaves 'two' unread
  }
  // The next use reads from the first row again, and sees what was written in between.
  ASSERT_TRUE(db->Exec("BEGIN IMMEDIATE; UPDATE t SET v = 'uno' WHERE k = 1; COMMIT").ok());
  auto again = db->Prepare("SELECT v FROM t ORDER BY k");
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(*again->Step());
  EXPECT_EQ(again->Text(0), "uno");
}

TEST(DatabasePrepare, TheSameTextCanBeInUseTwiceAtOnce) {
  auto db = OpenWithTable();
  auto outer = db->Prepare("SELECT k FROM t WHERE k >= ?1 ORDER BY k");
  ASSERT_TRUE(outer.ok());
  outer->Bind(1, int64_t{1});
  int pairs = 0;
  while (*outer->Step()) {
    auto inner = db->Prepare("SELECT k FROM t WHERE k >= ?1 ORDER BY k");
    ASSERT_TRUE(inner.ok());
    inner->Bind(1, outer->Int(0));
    while (*inner->Step()) ++pairs;
  }
  EXPECT_EQ(pairs, 3);  // (1,1) (1,2) (2,2)
}

// The shared SQL writes $1, $2, ...: SQLite takes each as a parameter named "$N", numbered
// by first appearance (so "$2 ... $1" has "$2" at index 1), and a repeated one is one
// parameter. The store binds by the name's number for that reason.
TEST(DatabasePrepare, DollarParametersAreNamedAndNumberedByFirstAppearance) {
  auto db = OpenWithTable();
  auto stmt = db->Prepare("SELECT v FROM t WHERE k = $2 AND v <> $1 AND k = $2");
  ASSERT_TRUE(stmt.ok()) << stmt.status();
  ASSERT_EQ(stmt->ParameterCount(), 2);
  EXPECT_STREQ(stmt->ParameterName(1), "$2");
  EXPECT_STREQ(stmt->ParameterName(2), "$1");
  stmt->Bind(1, int64_t{2}).Bind(2, "one");
  ASSERT_TRUE(*stmt->Step());
  EXPECT_EQ(stmt->Text(0), "two");
}

TEST(DatabasePrepare, ASyntaxErrorIsStillAnError) {
  auto db = OpenWithTable();
  EXPECT_FALSE(db->Prepare("SELEKT 1").ok());
}

}  // namespace
}  // namespace statusphere::store::sqlite
