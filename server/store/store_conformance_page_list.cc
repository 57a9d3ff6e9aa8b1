// The Store conformance suite, continued: the page count and the page list's version, kept
// in the transaction of every add, rename and removal (CountPages, PageListVersion), and
// what search reads (ListPageNames, ListPagesByUrl).
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/store/store_conformance.h"

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
