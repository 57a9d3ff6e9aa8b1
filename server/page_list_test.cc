// The kept whole list (page_list.h) against the list built from every page at the same
// moment, byte for byte, on SQLite and PostgreSQL, through every kind of change: reports,
// renames, removals, a page added back, a page turning stale, a maintenance window
// beginning, and a write through another server on the same database. And it reads again
// only what changed.
#include "server/page_list.h"

#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "server/page_explain.h"
#include "server/store/postgres/postgres_store.h"
#include "server/store/sqlite/sqlite_store.h"
#include "server/store/test_reports.h"
#include "statusphere/v1/status_page_service.pb.h"
#include "tests/support/postgres_database.h"
#include "tests/support/subprocess.h"
#include "tests/support/tcp_forwarder.h"

namespace statusphere {
namespace {

using store::NewPage;
using store::PageOrigin;
using store::ReportOn;
using store::ScrapeReport;
using store::Store;

const absl::Duration kStaleAfter = absl::Minutes(30);

// Opens a store on one database, as many times as asked: servers sharing it. Null after
// a skip (no PostgreSQL configured).
using Opener = std::function<std::unique_ptr<Store>()>;

struct Database {
  std::string name;
  std::function<Opener()> fresh;  // an empty database of its own, for one test
};
std::ostream& operator<<(std::ostream& os, const Database& d) { return os << d.name; }

Opener FreshSqlite() {
  static int databases = 0;
  const std::string path = absl::StrCat(testing::FreshTempDir("page_list_test"), "/store", ++databases, ".db");
  return [path]() -> std::unique_ptr<Store> {
    auto store = store::SqliteStore::Open(path);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  };
}

Opener FreshPostgres() {
  absl::StatusOr<std::string> url = testing::FreshPostgresDatabase("statusphere_page_list");
  if (absl::IsNotFound(url.status())) return [] { return std::unique_ptr<Store>(); };
  EXPECT_TRUE(url.ok()) << url.status();
  return [url]() -> std::unique_ptr<Store> {
    if (!url.ok()) return nullptr;
    auto store = store::PostgresStore::Open(*url, 2);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  };
}

// The answer as it was built before the list was kept: every page read and explained at `now`.
std::string Built(Store& store, absl::Time now) {
  absl::StatusOr<std::vector<v1::StatusPage>> pages = store.ListPages();
  EXPECT_TRUE(pages.ok()) << pages.status();
  v1::ListStatusPagesResponse answer;
  if (!pages.ok()) return "";
  for (v1::StatusPage& page : *pages) ExplainPage(*answer.add_status_pages() = std::move(page), now, kStaleAfter);
  return answer.SerializeAsString();
}

// A readable account of an answer, for failure messages.
std::string Describe(const std::string& bytes) {
  v1::ListStatusPagesResponse answer;
  if (!answer.ParseFromString(bytes)) return "(does not parse)";
  std::string out;
  for (const v1::StatusPage& page : answer.status_pages()) {
    absl::StrAppend(&out, page.name(), " ", page.status(), " [", page.status_reason(), "] ", page.last_error(), "\n");
  }
  return out;
}

v1::Incident Outage(const std::string& id, absl::Time start) {
  v1::Incident incident;
  incident.set_id(id);
  incident.set_title("Elevated errors");
  incident.set_impact("major");
  *incident.mutable_start_time() = ToProto(start);
  return incident;
}

class PageListTest : public ::testing::TestWithParam<Database> {
 protected:
  void SetUp() override {
    open_ = GetParam().fresh();
    store_ = open_();
    if (store_ == nullptr && !HasFailure()) GTEST_SKIP() << "STATUSPHERE_PG_URL is not set: no PostgreSQL to test on";
    ASSERT_NE(store_, nullptr);
    list_ = std::make_unique<PageList>(store_.get(), kStaleAfter);
  }

  // The kept list's answer at `now` is the built one; returns what the call read again.
  PageList::Refresh ExpectCurrent(absl::Time now, const std::string& step) {
    absl::StatusOr<std::shared_ptr<const std::string>> kept = list_->Whole(now);
    EXPECT_TRUE(kept.ok()) << step << ": " << kept.status();
    const std::string built = Built(*store_, now);
    if (kept.ok()) {
      EXPECT_TRUE(**kept == built) << step << ": kept\n" << Describe(**kept) << "built\n" << Describe(built);
    }
    return list_->last_refresh();
  }

  Opener open_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<PageList> list_;
};

TEST_P(PageListTest, KeptListIsTheBuiltOneThroughEveryChangeAndReadsOnlyWhatChanged) {
  // Real time: the store decides maintenance windows by its own clock.
  const absl::Time t0 = absl::Now();
  const std::string a = "https://a.example", b = "https://b.example", c = "https://c.example";
  ASSERT_TRUE(store_->AddPage(NewPage{"Beta", b, "", PageOrigin::kAdmin}, t0).ok());
  ASSERT_TRUE(store_->AddPage(NewPage{"alpha", a, "atlassian", PageOrigin::kAdmin}, t0).ok());
  ASSERT_TRUE(store_->ReconcileCatalog({NewPage{"Gamma", c, "", PageOrigin::kCatalog}}, t0).ok());

  PageList::Refresh r = ExpectCurrent(t0, "first call");
  EXPECT_EQ(r.pages, 3u);
  EXPECT_EQ(r.read, 3u);
  r = ExpectCurrent(t0, "nothing changed");
  EXPECT_EQ(r.read, 0u);

  ScrapeReport success;
  success.incidents = {Outage("i1", t0 - absl::Minutes(5))};
  ASSERT_EQ(ReportOn(*store_, b, success, t0), absl::OkStatus());
  r = ExpectCurrent(t0, "an incident opened");
  EXPECT_EQ(r.read, 1u);
  EXPECT_FALSE(r.read_all);

  ScrapeReport components;
  v1::Component red;
  red.set_id("api");
  red.set_name("API");
  red.set_status("major_outage");
  components.components = {red};
  ASSERT_EQ(ReportOn(*store_, c, components, t0), absl::OkStatus());
  EXPECT_EQ(ExpectCurrent(t0, "a component turned red").read, 1u);

  ScrapeReport failure;
  failure.outcome = ScrapeReport::Outcome::kFailure;
  failure.error_message = "HTTP 503 from the page";
  ASSERT_EQ(ReportOn(*store_, a, failure, t0), absl::OkStatus());
  EXPECT_EQ(ExpectCurrent(t0, "a scrape failed").read, 1u);

  ASSERT_TRUE(store_->RenamePage(a, "Zulu").ok());
  r = ExpectCurrent(t0, "renamed: the page moves to the end");
  EXPECT_EQ(r.read, 1u);
  EXPECT_TRUE(r.reordered);
  EXPECT_FALSE(ExpectCurrent(t0, "the order kept").reordered);

  ASSERT_TRUE(store_->RemovePage(b).ok());
  r = ExpectCurrent(t0, "removed");
  EXPECT_EQ(r.pages, 2u);
  EXPECT_EQ(r.read, 0u);
  ASSERT_TRUE(store_->AddPage(NewPage{"Beta again", b, "", PageOrigin::kAdmin}, t0).ok());
  EXPECT_EQ(ExpectCurrent(t0, "added back").read, 1u);

  // Through another server on the same database.
  std::unique_ptr<Store> other = open_();
  ASSERT_NE(other, nullptr);
  ASSERT_EQ(ReportOn(*other, b, success, t0), absl::OkStatus());
  EXPECT_EQ(ExpectCurrent(t0, "a report through another server").read, 1u);

  // No write: the clock alone turns the pages read at t0 stale (UNKNOWN, with the reason);
  // then a success makes one fresh again.
  r = ExpectCurrent(t0 + kStaleAfter + absl::Minutes(1), "turned stale");
  EXPECT_EQ(r.read, 2u) << "b and c were read successfully at t0; a never was";
  EXPECT_EQ(ExpectCurrent(t0 + kStaleAfter + absl::Minutes(2), "stale, unchanged").read, 0u);
  ASSERT_EQ(ReportOn(*store_, c, components, t0 + kStaleAfter + absl::Minutes(2)), absl::OkStatus());
  EXPECT_EQ(ExpectCurrent(t0 + kStaleAfter + absl::Minutes(2), "fresh again").read, 1u);
}

// A maintenance window announced to begin in a moment: no write happens when it begins,
// and the page's entry must say DEGRADED from then on.
TEST_P(PageListTest, AMaintenanceWindowBeginningIsSeenWithoutAWrite) {
  const absl::Time t0 = absl::Now();
  const std::string page = "https://maintained.example";
  ASSERT_TRUE(store_->AddPage(NewPage{"Maintained", page, "", PageOrigin::kAdmin}, t0).ok());
  ASSERT_TRUE(store_->AddPage(NewPage{"Quiet", "https://quiet.example", "", PageOrigin::kAdmin}, t0).ok());
  ScrapeReport report;
  report.incidents = {store::ScheduledMaintenance("m1", t0, t0 + absl::Seconds(2), t0 + absl::Hours(1))};
  ASSERT_EQ(ReportOn(*store_, page, report, t0), absl::OkStatus());

  ExpectCurrent(absl::Now(), "before the window");
  absl::StatusOr<v1::StatusPage> before = store_->GetPageByUrl(page);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->status(), "UP") << "the window has not begun";

  absl::SleepFor(t0 + absl::Seconds(2.5) - absl::Now());
  const PageList::Refresh r = ExpectCurrent(absl::Now(), "the window began");
  EXPECT_EQ(r.read, 1u);
  absl::StatusOr<std::shared_ptr<const std::string>> kept = list_->Whole(absl::Now());
  ASSERT_TRUE(kept.ok());
  v1::ListStatusPagesResponse answer;
  ASSERT_TRUE(answer.ParseFromString(**kept));
  ASSERT_EQ(answer.status_pages_size(), 2);
  EXPECT_EQ(answer.status_pages(0).status(), "DEGRADED");
}

// Clients asking at once share refreshes: one that began after a client asked is its
// answer too. Eight clients released together, while the first refresh reads 20,000 pages
// (tens of milliseconds): at most the first and one more refresh, and every answer the list.
TEST_P(PageListTest, ClientsAskingAtOnceShareARefresh) {
  std::vector<NewPage> catalog;
  for (int i = 0; i < 20000; ++i) {
    catalog.push_back(
        NewPage{absl::StrCat("Vendor ", i), absl::StrCat("https://status.v", i, ".example"), "", PageOrigin::kCatalog});
  }
  ASSERT_TRUE(store_->ReconcileCatalog(catalog, absl::Now()).ok());
  absl::Notification go;
  std::vector<absl::StatusOr<std::shared_ptr<const std::string>>> answers(8);
  std::vector<std::thread> clients;
  for (size_t i = 0; i < answers.size(); ++i) {
    clients.emplace_back([&, i] {
      go.WaitForNotification();
      answers[i] = list_->Whole(absl::Now());
    });
  }
  go.Notify();
  for (std::thread& client : clients) client.join();
  const std::string built = Built(*store_, absl::Now());
  for (const auto& answer : answers) {
    ASSERT_TRUE(answer.ok()) << answer.status();
    EXPECT_TRUE(**answer == built);
  }
  EXPECT_LE(list_->refreshes(), 2) << "of " << answers.size() << " clients";
}

// The database going away under a kept list: a call then fails with UNAVAILABLE (no list
// short of pages, no stale one), and once it answers again the next call is the whole
// current list, with what was written meanwhile. PostgreSQL only: the connection is cut by
// a forwarder in front of it.
TEST(PageListOutageTest, ACallWithoutTheDatabaseFailsAndTheNextOneIsCurrent) {
  absl::StatusOr<std::string> url = testing::FreshPostgresDatabase("statusphere_page_list_outage");
  if (absl::IsNotFound(url.status())) GTEST_SKIP() << url.status().message();
  ASSERT_TRUE(url.ok()) << url.status();
  std::smatch parts;  // postgresql://user@127.0.0.1:<port>/<db>
  ASSERT_TRUE(std::regex_match(*url, parts, std::regex(R"((.*@127\.0\.0\.1:)(\d+)(/.*))"))) << *url;
  testing::TcpForwarder link(std::stoi(parts[2]));
  ASSERT_TRUE(link.Start().ok());
  auto direct = store::PostgresStore::Open(*url, 2);
  ASSERT_TRUE(direct.ok()) << direct.status();
  auto linked = store::PostgresStore::Open(absl::StrCat(parts[1].str(), link.port(), parts[3].str()), 2);
  ASSERT_TRUE(linked.ok()) << linked.status();
  const absl::Time t0 = absl::Now();
  for (const char* name : {"Alpha", "Beta", "Gamma"}) {
    ASSERT_TRUE(
        (*direct)->AddPage(NewPage{name, absl::StrCat("https://", name, ".example"), "", PageOrigin::kAdmin}, t0).ok());
  }
  PageList list(linked->get(), kStaleAfter);
  absl::StatusOr<std::shared_ptr<const std::string>> kept = list.Whole(t0);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_TRUE(**kept == Built(**direct, t0));

  link.Stop();
  ScrapeReport outage;
  outage.incidents = {Outage("i1", t0 - absl::Minutes(1))};
  ASSERT_EQ(ReportOn(**direct, "https://Beta.example", outage, t0), absl::OkStatus());
  ASSERT_TRUE((*direct)->RemovePage("https://Gamma.example").ok());
  kept = list.Whole(t0);
  EXPECT_EQ(kept.status().code(), absl::StatusCode::kUnavailable) << kept.status();

  ASSERT_TRUE(link.Start().ok());
  for (int attempt = 0; attempt < 50 && !(kept = list.Whole(t0)).ok(); ++attempt)
    absl::SleepFor(absl::Milliseconds(100));
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_TRUE(**kept == Built(**direct, t0)) << "kept\n"
                                             << Describe(**kept) << "built\n"
                                             << Describe(Built(**direct, t0));
  EXPECT_EQ(list.last_refresh().pages, 2u);
}

INSTANTIATE_TEST_SUITE_P(Databases, PageListTest,
                         ::testing::Values(Database{"sqlite", &FreshSqlite}, Database{"postgres", &FreshPostgres}),
                         [](const ::testing::TestParamInfo<Database>& info) { return info.param.name; });

}  // namespace
}  // namespace statusphere
