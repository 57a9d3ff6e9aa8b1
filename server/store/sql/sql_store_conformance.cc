#include "server/store/sql/sql_store_conformance.h"

#include "absl/time/clock.h"

namespace statusphere::store::sql {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

}  // namespace

// One rule on every backend: the time a catalog page's removal is remembered with is the
// server's clock to the microsecond (absl::Now()), never the database's (strftime, now()).
TEST_P(SqlStoreConformanceTest, RemovalTimeIsTheServersClock) {
  const std::string url = "https://a.example";
  ASSERT_TRUE(store_->ReconcileCatalog({NewPage{"A", url, "", PageOrigin::kCatalog}}, kT0).ok());
  const int64_t before = absl::ToUnixMicros(absl::Now());
  ASSERT_TRUE(store_->RemovePage(url).ok());
  const int64_t after = absl::ToUnixMicros(absl::Now());
  int64_t removed_at = 0;
  ASSERT_TRUE(store_->connection()
                  .Read([&](Transaction& tx) -> absl::Status {
                    ASSIGN_OR_RETURN(auto rows,
                                     tx.Query("SELECT removed_at FROM removed_catalog_pages WHERE url = $1", {url}));
                    if (rows.size() != 1) return absl::NotFoundError("no removal remembered");
                    removed_at = rows[0].Int(0);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_GE(removed_at, before);
  EXPECT_LE(removed_at, after);
}

// $N binds the N-th value wherever and however often it appears, and bytes (NUL, high
// bytes) come back exactly.
TEST_P(SqlStoreConformanceTest, PlaceholdersBindByNumberAndBytesRoundTrip) {
  const std::string bytes("\0\x01\xff' \\x00", 10);
  absl::Status s = store_->connection().Transact([&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO pages (url, name, name_key, origin, created_at, next_current_at, next_historical_at) "
        "VALUES ($3, $2, $1, 'admin', $4, $4, $4)",
        {"key", "Name", "https://b.example", int64_t{7}}));
    RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO incidents (page_url, incident_id, start_time, end_time, impact, data, updated_at) "
        "VALUES ($1, 'i', $2, $3, 'minor', $4, $2)",
        {"https://b.example", int64_t{5}, nullptr, Value::Bytes(bytes)}));
    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT p.name, i.data, i.end_time, p.created_at FROM pages p JOIN incidents i "
                                         "ON i.page_url = p.url WHERE p.name_key = $2 AND p.url = $1",
                                         {"https://b.example", "key"}));
    if (rows.size() != 1) return absl::NotFoundError("the row was not found by its placeholders");
    EXPECT_EQ(rows[0].Text(0), "Name");
    EXPECT_EQ(rows[0].Text(1), bytes);
    EXPECT_TRUE(rows[0].IsNull(2));
    EXPECT_EQ(rows[0].Int(3), 7);
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
}

}  // namespace statusphere::store::sql
