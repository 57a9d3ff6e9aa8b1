#include "server/store/sql/sql_store_conformance.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "server/store/sql/schema.h"

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
    RETURN_IF_ERROR(
        tx.Execute("INSERT INTO pages (url, name, name_key, origin, created_at, next_current_at, next_historical_at) "
                   "VALUES ($3, $2, $1, 'admin', $4, $4, $4)",
                   {"key", "Name", "https://b.example", int64_t{7}}));
    RETURN_IF_ERROR(
        tx.Execute("INSERT INTO incidents (page_url, incident_id, start_time, end_time, impact, data, updated_at) "
                   "VALUES ($1, 'i', $2, $3, 'minor', $4, $2)",
                   {"https://b.example", int64_t{5}, nullptr, Value::Bytes(bytes)}));
    ASSIGN_OR_RETURN(auto rows,
                     tx.Query("SELECT p.name, i.data, i.end_time, p.created_at FROM pages p JOIN incidents i "
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

namespace statusphere::store::sql {
namespace {

// Every table of the store's schema, as the database lists them.
absl::StatusOr<std::vector<std::string>> Tables(Transaction& tx, const Dialect& dialect) {
  // Only PostgreSQL locks rows; it lists tables in information_schema, SQLite in sqlite_master.
  ASSIGN_OR_RETURN(auto rows, tx.Query(dialect.row_locks ? "SELECT table_name FROM information_schema.tables "
                                                           "WHERE table_schema = current_schema()"
                                                         : "SELECT name FROM sqlite_master WHERE type = 'table' "
                                                           "AND name NOT LIKE 'sqlite_%'"));
  std::vector<std::string> tables;
  for (const Row& row : rows) tables.push_back(row.Text(0));
  return tables;
}

}  // namespace

// A database an older server left (the schema before the latest migration, with an
// incident whose feed updates the older key had merged: one "Update" of three) is
// migrated at start; its rows are all still there, and a re-scrape adds only the updates
// that were missing.
TEST_P(SqlStoreConformanceTest, AnOlderDatabaseIsMigratedAndARescrapeAddsOnlyWhatWasMissing) {
  const std::string url = "https://www.githubstatus.com";
  const absl::Time minute = kT0 + absl::Minutes(7);
  auto update = [&](const std::string& title, absl::Time t, const std::string& body) {
    v1::IncidentEvent e;
    e.set_title(title);
    e.set_description(body);
    *e.mutable_time() = ToProto(t);
    return e;
  };
  Incident feed;
  feed.set_id("feed-1");
  feed.set_title("Disruption with some GitHub services");
  feed.set_impact("minor");
  feed.set_status_page_url(url);
  *feed.mutable_start_time() = ToProto(kT0);
  *feed.mutable_end_time() = ToProto(kT0 + absl::Hours(1));
  // As the (time, title) key kept them: one of the minute's three "Update"s, newest first.
  *feed.add_events() = update("Resolved", kT0 + absl::Hours(1), "This incident has been resolved.");
  *feed.add_events() = update("Update", minute, "Issues is operating normally.");
  *feed.add_events() = update("Investigating", kT0, "We are investigating reports of degraded performance.");
  Incident other = feed;
  other.set_id("other");
  other.clear_events();
  *other.add_events() = update("Resolved", kT0, "Resolved.");

  absl::Status built = store_->connection().Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> tables, Tables(tx, store_->dialect()));
    for (const std::string& table : tables) {
      RETURN_IF_ERROR(tx.Execute(absl::StrCat("DROP TABLE ", table, store_->dialect().row_locks ? " CASCADE" : "")));
    }
    // Schema 7: before the page count (8) and the report digest (9), so that the pages
    // stored here are counted by migration 8 and merged again after 9.
    RETURN_IF_ERROR(MigrateTo(tx, store_->dialect(), 7));
    RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO pages (url, name, name_key, provider, origin, created_at, is_indexed, next_current_at, "
        "next_historical_at) VALUES ($1, 'GitHub', 'github', 'atlassian-statuspage', 'admin', $2, TRUE, $2, $2)",
        {url, absl::ToUnixMicros(kT0)}));
    for (const Incident& i : {feed, other}) {
      RETURN_IF_ERROR(tx.Execute(
          "INSERT INTO incidents (page_url, incident_id, start_time, end_time, impact, data, updated_at) "
          "VALUES ($1, $2, $3, $4, 'minor', $5, $3)",
          {url, i.id(), ToMicros(i.start_time()), ToMicros(i.end_time()), Value::Bytes(i.SerializeAsString())}));
    }
    return Migrate(tx, store_->dialect());
  });
  ASSERT_TRUE(built.ok()) << built;

  ASSERT_TRUE(store_->ListPages().ok());
  // The pages stored before the page count was kept (migration 8) are counted by it.
  absl::StatusOr<int> count = store_->CountPages();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 1);
  auto page = store_->GetPageByUrl(url);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->status(), "UP");
  EXPECT_EQ(page->platform_indicator(), "");
  auto before = store_->ListIncidents({url});
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_EQ(before->size(), 2u);

  // The feed as the page publishes it: all three of the minute's updates.
  Incident rescraped = feed;
  rescraped.clear_events();
  *rescraped.add_events() = update("Resolved", kT0 + absl::Hours(1), "This incident has been resolved.");
  *rescraped.add_events() = update("Update", minute, "Git Operations is operating normally.");
  *rescraped.add_events() = update("Update", minute, "Issues is operating normally.");
  *rescraped.add_events() = update("Update", minute, "Pull Requests is operating normally.");
  *rescraped.add_events() = update("Investigating", kT0, "We are investigating reports of degraded performance.");
  auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), kT0 + absl::Minutes(1));
  ASSERT_TRUE(leases.ok()) << leases.status();
  ASSERT_EQ(leases->size(), 1u);
  ScrapeReport report;
  report.incidents = {rescraped, other};
  report.platform_indicator = "none";
  auto summary =
      store_->ApplyReport((*leases)[0].lease_id, report,
                          [](const ScheduleInput& in) { return in.now + absl::Minutes(5); }, kT0 + absl::Minutes(1));
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->updated, 1);
  EXPECT_EQ(summary->unchanged, 1);
  EXPECT_EQ(summary->created, 0);

  auto after = store_->ListIncidents({url});
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_EQ(after->size(), 2u);
  const Incident& merged = (*after)[0].id() == "feed-1" ? (*after)[0] : (*after)[1];
  ASSERT_EQ(merged.id(), "feed-1");
  ASSERT_EQ(merged.events_size(), 5);
  int issues = 0;
  for (const auto& e : merged.events()) issues += e.description() == "Issues is operating normally." ? 1 : 0;
  EXPECT_EQ(issues, 1);  // the stored one, not a second copy
  EXPECT_EQ(store_->GetPageByUrl(url)->platform_indicator(), "none");
}

// A database from before schema 7: its change-log rows hold whole incidents and are read
// as they are; the page's stored bytes are counted at the upgrade; new rows are deltas.
TEST_P(SqlStoreConformanceTest, AnUpgradedChangeLogIsReadAndItsPagesBytesCounted) {
  const std::string url = "https://www.githubstatus.com";
  Incident incident;
  incident.set_id("i1");
  incident.set_title("Errors");
  incident.set_impact("minor");
  incident.set_status_page_url(url);
  *incident.mutable_start_time() = ToProto(kT0);
  incident.add_events()->set_description("We are investigating.");
  *incident.mutable_events(0)->mutable_time() = ToProto(kT0);
  incident.mutable_events(0)->set_id("u1");
  const std::string data = incident.SerializeAsString();
  absl::Status built = store_->connection().Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> tables, Tables(tx, store_->dialect()));
    for (const std::string& table : tables) {
      RETURN_IF_ERROR(tx.Execute(absl::StrCat("DROP TABLE ", table, store_->dialect().row_locks ? " CASCADE" : "")));
    }
    RETURN_IF_ERROR(MigrateTo(tx, store_->dialect(), 6));
    RETURN_IF_ERROR(tx.Execute(
        "INSERT INTO pages (url, name, name_key, provider, origin, created_at, is_indexed, next_current_at, "
        "next_historical_at) VALUES ($1, 'GitHub', 'github', 'atlassian-statuspage', 'admin', $2, TRUE, $2, $2)",
        {url, absl::ToUnixMicros(kT0)}));
    RETURN_IF_ERROR(
        tx.Execute("INSERT INTO incidents (page_url, incident_id, start_time, impact, data, updated_at) "
                   "VALUES ($1, 'i1', $2, 'minor', $3, $2)",
                   {url, absl::ToUnixMicros(kT0), Value::Bytes(data)}));
    RETURN_IF_ERROR(
        tx.Execute("INSERT INTO incident_changes (page_url, incident_id, kind, change_time, data) "
                   "VALUES ($1, 'i1', 1, $2, $3)",
                   {url, absl::ToUnixMicros(kT0), Value::Bytes(data)}));
    return Migrate(tx, store_->dialect());
  });
  ASSERT_TRUE(built.ok()) << built;
  int64_t stored_bytes = 0;
  ASSERT_TRUE(store_->connection()
                  .Read([&](Transaction& tx) -> absl::Status {
                    ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT stored_bytes FROM pages WHERE url = $1", {url}));
                    stored_bytes = rows.at(0).Int(0);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(stored_bytes, static_cast<int64_t>(2 * data.size()));

  Incident updated = incident;
  auto* e = updated.add_events();
  e->set_id("u2");
  e->set_description("Fixed.");
  *e->mutable_time() = ToProto(kT0 + absl::Minutes(5));
  auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), kT0 + absl::Minutes(5));
  ASSERT_TRUE(leases.ok()) << leases.status();
  ASSERT_EQ(leases->size(), 1u);
  ScrapeReport report;
  report.incidents = {updated};
  ASSERT_TRUE(store_
                  ->ApplyReport((*leases)[0].lease_id, report, [](const ScheduleInput& in) { return in.now; },
                                kT0 + absl::Minutes(5))
                  .ok());
  auto changes = store_->ListChanges(0, "", 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].incident.events_size(), 1);  // the old row, whole
  EXPECT_EQ((*changes)[0].incident.events(0).id(), "u1");
  EXPECT_EQ((*changes)[1].incident.events_size(), 2);  // rebuilt from the delta
  EXPECT_EQ((*changes)[1].incident.events(0).id(), "u2");
}

// A database from before schema 11, with leases held: each page's live lease is marked on
// its row at the upgrade, so that the page is not leased again before that lease expires;
// an expired lease blocks nothing.
TEST_P(SqlStoreConformanceTest, LeasesHeldAtTheUpgradeStillKeepTheirPages) {
  absl::Status built = store_->connection().Transact([&](Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> tables, Tables(tx, store_->dialect()));
    for (const std::string& table : tables) {
      RETURN_IF_ERROR(tx.Execute(absl::StrCat("DROP TABLE ", table, store_->dialect().row_locks ? " CASCADE" : "")));
    }
    RETURN_IF_ERROR(MigrateTo(tx, store_->dialect(), 10));
    for (const char* page : {"live", "expired", "free"}) {
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO pages (url, name, name_key, provider, origin, created_at, next_current_at, "
                     "next_historical_at) VALUES ($1, $2, $2, '', 'admin', $3, $3, $3)",
                     {absl::StrCat("https://", page, ".example"), page, absl::ToUnixMicros(kT0)}));
    }
    for (const auto& [page, expires] : {std::pair{"live", kT0 + absl::Minutes(5)}, {"expired", kT0}}) {
      RETURN_IF_ERROR(tx.Execute(
          "INSERT INTO leases (lease_id, page_url, kind, scraper_id, expires_at) VALUES ($1, $2, 1, 'old', $3)",
          {absl::StrCat("lease-", page), absl::StrCat("https://", page, ".example"), absl::ToUnixMicros(expires)}));
    }
    return Migrate(tx, store_->dialect());
  });
  ASSERT_TRUE(built.ok()) << built;
  auto leases = store_->LeaseDuePages("new", 10, absl::Minutes(5), kT0 + absl::Minutes(1));
  ASSERT_TRUE(leases.ok()) << leases.status();
  std::vector<std::string> urls;
  for (const LeaseRecord& lease : *leases) urls.push_back(lease.page.url());
  std::sort(urls.begin(), urls.end());
  EXPECT_EQ(urls, (std::vector<std::string>{"https://expired.example", "https://free.example"}));
  // The live lease is still its holder's, and its page is leasable once it has expired.
  ASSERT_TRUE(store_->RenewLease("lease-live", absl::Minutes(1), kT0 + absl::Minutes(2)).ok());
  EXPECT_TRUE(store_->LeaseDuePages("new", 10, absl::Minutes(5), kT0 + absl::Minutes(2))->empty());
  leases = store_->LeaseDuePages("new", 10, absl::Minutes(5), kT0 + absl::Minutes(3) + absl::Seconds(1));
  ASSERT_TRUE(leases.ok()) << leases.status();
  ASSERT_EQ(leases->size(), 1u);
  EXPECT_EQ((*leases)[0].page.url(), "https://live.example");
}

// The leases table says who holds a page, whatever the mark on its row says: a live lease
// the mark does not show (taken by an older server during an upgrade) still keeps its page
// from every other lease, here in a lease of several pages where the others are taken.
TEST_P(SqlStoreConformanceTest, ALiveLeaseTheMarkDoesNotShowStillKeepsItsPage) {
  for (const char* page : {"a", "b", "c"}) {
    ASSERT_TRUE(store_->AddPage({page, absl::StrCat("https://", page, ".example"), ""}, kT0).ok());
  }
  ASSERT_TRUE(store_->connection()
                  .Transact([&](Transaction& tx) -> absl::Status {
                    return tx
                        .Execute(
                            "INSERT INTO leases (lease_id, page_url, kind, scraper_id, expires_at) "
                            "VALUES ('lease-old', 'https://b.example', 1, 'old', $1)",
                            {absl::ToUnixMicros(kT0 + absl::Minutes(5))})
                        .status();
                  })
                  .ok());
  auto leases = store_->LeaseDuePages("new", 10, absl::Minutes(5), kT0 + absl::Minutes(1));
  ASSERT_TRUE(leases.ok()) << leases.status();
  std::vector<std::string> urls;
  for (const LeaseRecord& lease : *leases) urls.push_back(lease.page.url());
  EXPECT_EQ(urls, (std::vector<std::string>{"https://a.example", "https://c.example"}));
  EXPECT_TRUE(store_->RenewLease("lease-old", absl::Minutes(1), kT0 + absl::Minutes(2)).ok());
}

// A page that keeps growing meets its storage budget: the report that would pass it is
// stored as the page's failure, nothing of it is kept, and the page says why.
TEST_P(SqlStoreConformanceTest, APageOverItsStorageBudgetFailsWithAClearError) {
  store_->set_limits({.max_updates_per_incident = 500, .page_budget_bytes = 200 << 10});
  const std::string url = "https://status.hostile.example";
  ASSERT_TRUE(store_->AddPage({"Hostile", url, ""}, kT0).ok());
  int refused_at = -1;
  int kept_events = 0;
  for (int scrape = 0; scrape < 20 && refused_at < 0; ++scrape) {
    const absl::Time now = kT0 + absl::Minutes(10 * scrape);
    Incident incident;
    incident.set_id(absl::StrCat("i", scrape));
    incident.set_title("Noise");
    incident.set_impact("minor");
    *incident.mutable_start_time() = ToProto(now);
    for (int i = 0; i < 20; ++i) {
      auto* e = incident.add_events();
      e->set_id(absl::StrCat(scrape, "-", i));
      e->set_description(std::string(2000, 'x'));
      *e->mutable_time() = ToProto(now);
    }
    auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), now);
    ASSERT_TRUE(leases.ok()) << leases.status();
    ASSERT_EQ(leases->size(), 1u) << "scrape " << scrape;
    ScrapeReport report;
    report.incidents = {incident};
    auto summary =
        store_->ApplyReport((*leases)[0].lease_id, report, [](const ScheduleInput& in) { return in.now; }, now);
    ASSERT_TRUE(summary.ok()) << summary.status();
    auto page = store_->GetPageByUrl(url);
    ASSERT_TRUE(page.ok());
    if (!page->last_error().empty()) {
      refused_at = scrape;
      EXPECT_NE(page->last_error().find("storage budget of 204800 bytes"), std::string::npos) << page->last_error();
      EXPECT_EQ(page->consecutive_failures(), 1);
      EXPECT_EQ(summary->created, 0);
    } else {
      kept_events += 20;
    }
  }
  // Each scrape stores about 80 kB (the incident and its change): the third passes 200 kB.
  EXPECT_EQ(refused_at, 2);
  auto incidents = store_->ListIncidents({url});
  ASSERT_TRUE(incidents.ok());
  EXPECT_EQ(static_cast<int>(incidents->size()), refused_at);
  EXPECT_EQ(store_->ListChanges(0, url, 100)->size(), static_cast<size_t>(refused_at));
  // Pruning gives the bytes back.
  ASSERT_TRUE(store_->PruneChanges(kT0 + absl::Hours(24)).ok());
  int64_t stored_bytes = -1;
  ASSERT_TRUE(store_->connection()
                  .Read([&](Transaction& tx) -> absl::Status {
                    ASSIGN_OR_RETURN(auto rows,
                                     tx.Query("SELECT stored_bytes, (SELECT sum(length(data)) FROM incidents "
                                              "WHERE page_url = $1) FROM pages WHERE url = $1",
                                              {url}));
                    stored_bytes = rows.at(0).Int(0);
                    EXPECT_EQ(stored_bytes, rows.at(0).Int(1));
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_GT(stored_bytes, 0);
  EXPECT_LE(stored_bytes, 200 << 10);
}

}  // namespace statusphere::store::sql
