// The Store conformance suite, continued: the page count and the page list's version, kept
// in the transaction of every add, rename and removal (CountPages, PageListVersion), and
// what search reads (ListPageNames, ListPagesByUrl), and the marks a kept whole list reads
// (ListPageMarks).
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/store/store_conformance.h"
#include "server/store/test_reports.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

NewPage Page(const std::string& name, const std::string& url, PageOrigin origin = PageOrigin::kAdmin) {
  return NewPage{name, url, "", origin};
}

int Count(Store& store) {
  absl::StatusOr<int> count = store.CountPages();
  EXPECT_TRUE(count.ok()) << count.status();
  return count.ok() ? *count : -1;
}

int64_t Version(Store& store) {
  absl::StatusOr<int64_t> version = store.PageListVersion();
  EXPECT_TRUE(version.ok()) << version.status();
  return version.ok() ? *version : -1;
}

int Listed(Store& store) {
  absl::StatusOr<std::vector<StatusPage>> pages = store.ListPages();
  EXPECT_TRUE(pages.ok()) << pages.status();
  return pages.ok() ? static_cast<int>(pages->size()) : -1;
}

TEST_P(StoreConformanceTest, PageCountAndListVersionFollowAddsRenamesAndRemovals) {
  EXPECT_EQ(Count(*store_), 0);
  int64_t version = Version(*store_);
  auto moved = [&] {
    const int64_t now = Version(*store_);
    const bool did = now != version;
    version = now;
    return did;
  };

  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("Stripe", "https://status.stripe.com"), kT0).ok());
  EXPECT_EQ(Count(*store_), 2);
  EXPECT_TRUE(moved());

  // A refused add, rename or removal counts nothing and moves nothing.
  EXPECT_EQ(store_->AddPage(Page("github", "https://other.example"), kT0).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->RenamePage("https://status.stripe.com", "GITHUB").status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->RemovePage("https://unknown.example").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Count(*store_), 2);
  EXPECT_FALSE(moved());

  ASSERT_TRUE(store_->RenamePage("https://status.stripe.com", "Stripe Payments").ok());
  EXPECT_EQ(Count(*store_), 2);
  EXPECT_TRUE(moved()) << "a rename changes what search finds the page by";

  // A scrape report changes the page's status, not the list: the version stays.
  auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), kT0);
  ASSERT_TRUE(leases.ok()) << leases.status();
  ASSERT_FALSE(leases->empty());
  ASSERT_TRUE(
      store_->ApplyReport((*leases)[0].lease_id, ScrapeReport{}, [](const ScheduleInput& in) { return in.now; }, kT0)
          .ok());
  EXPECT_FALSE(moved());

  ASSERT_TRUE(store_->RemovePage("https://www.githubstatus.com").ok());
  EXPECT_EQ(Count(*store_), 1);
  EXPECT_TRUE(moved());
  EXPECT_EQ(Count(*store_), Listed(*store_));

  // The slices' totalSize is the same count.
  absl::StatusOr<PageSlice> slice = store_->ListPagesAfter(std::nullopt, 10);
  ASSERT_TRUE(slice.ok()) << slice.status();
  EXPECT_EQ(slice->total, 1);
}

TEST_P(StoreConformanceTest, PageCountFollowsCatalogReconciliation) {
  std::vector<NewPage> catalog;
  for (int i = 0; i < 250; ++i) {
    catalog.push_back(
        Page(absl::StrCat("Vendor ", i), absl::StrCat("https://status.v", i, ".example"), PageOrigin::kCatalog));
  }
  ASSERT_TRUE(store_->AddPage(Page("Admin's own", "https://own.example"), kT0).ok());
  ASSERT_TRUE(store_->ReconcileCatalog(catalog, kT0).ok());
  EXPECT_EQ(Count(*store_), 251);
  const int64_t version = Version(*store_);

  // The same catalog again changes nothing: the version stays (no index is rebuilt).
  ASSERT_TRUE(store_->ReconcileCatalog(catalog, kT0).ok());
  EXPECT_EQ(Version(*store_), version);

  // 50 entries dropped, 10 added, one renamed; an administrator removes one more.
  catalog.erase(catalog.begin(), catalog.begin() + 50);
  for (int i = 250; i < 260; ++i) {
    catalog.push_back(
        Page(absl::StrCat("Vendor ", i), absl::StrCat("https://status.v", i, ".example"), PageOrigin::kCatalog));
  }
  catalog.back().name = "Renamed vendor";
  absl::StatusOr<CatalogReconciliation> reconciled = store_->ReconcileCatalog(catalog, kT0);
  ASSERT_TRUE(reconciled.ok()) << reconciled.status();
  EXPECT_EQ(reconciled->removed, 50);
  EXPECT_EQ(reconciled->added, 10);
  EXPECT_EQ(Count(*store_), 211);
  EXPECT_NE(Version(*store_), version);
  ASSERT_TRUE(store_->RemovePage("https://status.v100.example").ok());
  EXPECT_EQ(Count(*store_), 210);
  EXPECT_EQ(Count(*store_), Listed(*store_));
}

// Many threads adding and removing pages at once (each its own transaction, on pooled
// connections on PostgreSQL): the count ends at what is stored, none lost.
TEST_P(StoreConformanceTest, ConcurrentAddsAndRemovalsKeepTheCount) {
  constexpr int kThreads = 8, kPagesEach = 15;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPagesEach; ++i) {
        const std::string url = absl::StrCat("https://t", t, "-p", i, ".example");
        if (!store_->AddPage(Page(absl::StrCat("T", t, " P", i), url), kT0).ok()) ++errors;
        // Every third one goes again at once; and every thread also tries a name that
        // another thread takes, which one of them is refused.
        if (i % 3 == 0 && !store_->RemovePage(url).ok()) ++errors;
        (void)store_->AddPage(Page("Contended", absl::StrCat("https://contended-", t, "-", i, ".example")), kT0);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(Count(*store_), kThreads * (kPagesEach - 5) + 1);
  EXPECT_EQ(Count(*store_), Listed(*store_));
}

TEST_P(StoreConformanceTest, SearchReadsNamesWithTheirVersionAndPagesByUrl) {
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("Stripe", "https://status.stripe.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("atlassian", "https://status.atlassian.com"), kT0).ok());
  absl::StatusOr<PageNames> names = store_->ListPageNames();
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_EQ(names->version, Version(*store_));
  std::set<std::pair<std::string, std::string>> listed;
  for (const PageName& page : names->pages) listed.insert({page.url, page.name});
  EXPECT_EQ(listed, (std::set<std::pair<std::string, std::string>>{{"https://www.githubstatus.com", "GitHub"},
                                                                   {"https://status.stripe.com", "Stripe"},
                                                                   {"https://status.atlassian.com", "atlassian"}}));

  // In the order asked, unknown ones left out, each as ListPages has it.
  absl::StatusOr<std::vector<StatusPage>> pages =
      store_->ListPagesByUrl({"https://status.stripe.com", "https://gone.example", "https://www.githubstatus.com"});
  ASSERT_TRUE(pages.ok()) << pages.status();
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0].name(), "Stripe");
  EXPECT_EQ((*pages)[1].name(), "GitHub");
  absl::StatusOr<std::vector<StatusPage>> all = store_->ListPages();
  ASSERT_TRUE(all.ok());
  for (const StatusPage& page : *all) {
    if (page.url() == "https://status.stripe.com") {
      EXPECT_EQ(page.DebugString(), (*pages)[0].DebugString());
    }
  }
  absl::StatusOr<std::vector<StatusPage>> none = store_->ListPagesByUrl({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  // With the list's version, read in the same transaction, found or not.
  int64_t version = -1;
  ASSERT_TRUE(store_->ListPagesByUrl({"https://status.stripe.com"}, &version).ok());
  EXPECT_EQ(version, names->version);
  ASSERT_TRUE(store_->RemovePage("https://status.stripe.com").ok());
  version = -1;
  none = store_->ListPagesByUrl({}, &version);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(version, Version(*store_));
  EXPECT_NE(version, names->version);
}

}  // namespace
}  // namespace statusphere::store

namespace statusphere::store {
namespace {

std::map<std::string, int64_t> Marks(Store& store, absl::Time now, std::vector<std::string>* order = nullptr,
                                     std::set<std::string>* in_maintenance = nullptr) {
  absl::StatusOr<PageMarks> marks = store.ListPageMarks(now);
  EXPECT_TRUE(marks.ok()) << marks.status();
  std::map<std::string, int64_t> by_url;
  if (!marks.ok()) return by_url;
  for (const PageMark& page : marks->pages) {
    by_url[std::string(page.url)] = page.mark;
    if (order != nullptr) order->emplace_back(page.url);
  }
  if (in_maintenance != nullptr) *in_maintenance = marks->in_maintenance;
  return by_url;
}

// What a server's kept whole list (server/page_list.h) relies on: every write of what
// ListPages shows of a page replaces its mark, whichever kind; what shows nothing leaves it.
TEST_P(StoreConformanceTest, ListPageMarksMoveWithEveryWriteTheListShows) {
  const std::string a = "https://a.example", b = "https://b.example", c = "https://c.example";
  ASSERT_TRUE(store_->AddPage(Page("beta", b), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("Alpha", a), kT0).ok());
  ASSERT_TRUE(store_->ReconcileCatalog({Page("gamma", c, PageOrigin::kCatalog)}, kT0).ok());

  std::vector<std::string> order;
  std::map<std::string, int64_t> marks = Marks(*store_, kT0, &order);
  absl::StatusOr<std::vector<StatusPage>> listed = store_->ListPages();
  ASSERT_TRUE(listed.ok()) << listed.status();
  std::vector<std::string> listed_order;
  for (const StatusPage& page : *listed) listed_order.push_back(page.url());
  EXPECT_EQ(order, listed_order) << "marks come in ListPages' order";

  // Which pages' marks moved since the last look.
  auto moved = [&] {
    std::map<std::string, int64_t> now = Marks(*store_, kT0);
    std::set<std::string> changed;
    for (const auto& [url, mark] : now) {
      if (auto before = marks.find(url); before == marks.end() || before->second != mark) changed.insert(url);
    }
    for (const auto& [url, mark] : marks) {
      if (now.count(url) == 0) changed.insert(url);
    }
    marks = now;
    return changed;
  };
  using Set = std::set<std::string>;

  // Reads and leases show nothing new.
  ASSERT_TRUE(store_->GetPageByUrl(a).ok());
  auto leases = store_->LeaseDuePages("t", 100, absl::Minutes(5), kT0);
  ASSERT_TRUE(leases.ok()) << leases.status();
  ASSERT_EQ(leases->size(), 3u);
  for (const LeaseRecord& lease : *leases) ASSERT_TRUE(store_->ReleaseLease(lease.lease_id, kT0).ok());
  EXPECT_EQ(moved(), Set{});

  // A success with an incident, a 304, a failure: each is a new scrape time or error.
  ScrapeReport success;
  Incident outage;
  outage.set_id("i1");
  outage.set_title("Outage");
  outage.set_impact("major");
  *outage.mutable_start_time() = ToProto(kT0);
  success.incidents = {outage};
  ASSERT_EQ(ReportOn(*store_, b, success, kT0 + absl::Minutes(1)), absl::OkStatus());
  EXPECT_EQ(moved(), Set{b});
  ScrapeReport not_modified;
  not_modified.outcome = ScrapeReport::Outcome::kNotModified;
  ASSERT_EQ(ReportOn(*store_, b, not_modified, kT0 + absl::Minutes(2)), absl::OkStatus());
  EXPECT_EQ(moved(), Set{b});
  ScrapeReport failure;
  failure.outcome = ScrapeReport::Outcome::kFailure;
  failure.error_message = "HTTP 503";
  ASSERT_EQ(ReportOn(*store_, a, failure, kT0 + absl::Minutes(3)), absl::OkStatus());
  EXPECT_EQ(moved(), Set{a});

  // Renames, by an administrator and by the catalog.
  ASSERT_TRUE(store_->RenamePage(a, "Zeta").ok());
  EXPECT_EQ(moved(), Set{a});
  ASSERT_TRUE(store_->ReconcileCatalog({Page("Gamma Cloud", c, PageOrigin::kCatalog)}, kT0).ok());
  EXPECT_EQ(moved(), Set{c});
  // The same catalog again writes nothing.
  ASSERT_TRUE(store_->ReconcileCatalog({Page("Gamma Cloud", c, PageOrigin::kCatalog)}, kT0).ok());
  EXPECT_EQ(moved(), Set{});

  // A page removed and added back under its url has a mark of its own, not its old one.
  const int64_t before_removal = marks[b];
  ASSERT_TRUE(store_->RemovePage(b).ok());
  EXPECT_EQ(moved(), Set{b});
  ASSERT_TRUE(store_->AddPage(Page("beta", b), kT0).ok());
  EXPECT_EQ(moved(), Set{b});
  EXPECT_NE(marks[b], before_removal);
}

// A maintenance window's start and end move no mark (no write): ListPageMarks says which
// pages are in one at the time asked.
TEST_P(StoreConformanceTest, ListPageMarksSayWhichPagesAreInMaintenanceAtTheTimeAsked) {
  const std::string page = "https://maintained.example";
  ASSERT_TRUE(store_->AddPage(Page("Maintained", page), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("Quiet", "https://quiet.example"), kT0).ok());
  ScrapeReport report;
  report.incidents = {ScheduledMaintenance("m1", kT0, kT0 + absl::Hours(1), kT0 + absl::Hours(2))};
  ASSERT_EQ(ReportOn(*store_, page, report, kT0), absl::OkStatus());

  std::set<std::string> in_maintenance;
  const std::map<std::string, int64_t> before = Marks(*store_, kT0 + absl::Minutes(30), nullptr, &in_maintenance);
  EXPECT_TRUE(in_maintenance.empty());
  const std::map<std::string, int64_t> during = Marks(*store_, kT0 + absl::Minutes(90), nullptr, &in_maintenance);
  EXPECT_EQ(in_maintenance, std::set<std::string>{page});
  EXPECT_EQ(before, during);
  Marks(*store_, kT0 + absl::Minutes(150), nullptr, &in_maintenance);
  EXPECT_TRUE(in_maintenance.empty());
}

}  // namespace
}  // namespace statusphere::store
