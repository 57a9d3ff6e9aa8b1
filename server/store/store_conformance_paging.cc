// The Store conformance suite, continued: the page list read in slices (ListPagesAfter),
// as ListStatusPages pages through it.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

NewPage Page(const std::string& name, const std::string& url) { return NewPage{name, url, "", PageOrigin::kAdmin}; }

std::vector<std::string> Names(const std::vector<StatusPage>& pages) {
  std::vector<std::string> names;
  for (const StatusPage& page : pages) names.push_back(page.name());
  return names;
}

// Reads the whole list in slices of `limit`, as a client following tokens would.
std::vector<StatusPage> ReadInSlices(Store& store, int limit, int* slices) {
  std::vector<StatusPage> all;
  std::optional<PageOrderKey> after;
  *slices = 0;
  while (true) {
    absl::StatusOr<PageSlice> slice = store.ListPagesAfter(after, limit);
    EXPECT_TRUE(slice.ok()) << slice.status();
    if (!slice.ok()) return all;
    ++*slices;
    EXPECT_LE(slice->pages.size(), static_cast<size_t>(limit));
    all.insert(all.end(), slice->pages.begin(), slice->pages.end());
    if (!slice->more) return all;
    EXPECT_FALSE(slice->pages.empty());
    after = OrderKeyOf(slice->pages.back());
  }
}

TEST_P(StoreConformanceTest, SlicesOfThePageListMakeTheWholeListInItsOrder) {
  ASSERT_TRUE(store_->AddPage(Page("Zoom", "https://status.zoom.us"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("atlassian", "https://status.atlassian.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("Bitbucket", "https://bitbucket.status.atlassian.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("github actions", "https://actions.example"), kT0).ok());

  // An unresolved incident makes GitHub DEGRADED: the slice says so as the whole list does.
  auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), kT0);
  ASSERT_TRUE(leases.ok()) << leases.status();
  for (const LeaseRecord& lease : *leases) {
    ScrapeReport report;
    if (lease.page.url() == "https://www.githubstatus.com") {
      Incident open;
      open.set_id("i1");
      open.set_title("Degraded Git operations");
      open.set_impact("minor");
      *open.mutable_start_time() = ToProto(kT0);
      report.incidents = {open};
      ASSERT_TRUE(store_
                      ->ApplyReport(
                          lease.lease_id, report, [](const ScheduleInput& in) { return in.now; }, kT0)
                      .ok());
    } else {
      ASSERT_TRUE(store_->ReleaseLease(lease.lease_id, kT0).ok());
    }
  }

  auto first = store_->ListPagesAfter(std::nullopt, 2);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Names(first->pages), (std::vector<std::string>{"atlassian", "Bitbucket"}));
  EXPECT_TRUE(first->more);
  EXPECT_EQ(first->total, 5);

  auto whole = store_->ListPages();
  ASSERT_TRUE(whole.ok()) << whole.status();
  for (int limit : {1, 2, 3, 5, 1000}) {
    int slices = 0;
    std::vector<StatusPage> read = ReadInSlices(*store_, limit, &slices);
    EXPECT_EQ(slices, (5 + limit - 1) / limit) << "limit " << limit;
    ASSERT_EQ(read.size(), whole->size()) << "limit " << limit;
    for (size_t i = 0; i < read.size(); ++i) {
      EXPECT_EQ(read[i].SerializeAsString(), (*whole)[i].SerializeAsString()) << "limit " << limit << ", page " << i;
    }
  }
  EXPECT_EQ(Names(*whole), (std::vector<std::string>{"atlassian", "Bitbucket", "GitHub", "github actions", "Zoom"}));
  EXPECT_EQ((*whole)[2].status(), "DEGRADED");
  EXPECT_EQ((*whole)[3].status(), "UNKNOWN");

  // The last slice ends the list exactly: no "more" on a list of two slices of two.
  ASSERT_TRUE(store_->RemovePage("https://status.zoom.us").ok());
  auto last = store_->ListPagesAfter(OrderKeyOf((*whole)[1]), 2);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(Names(last->pages), (std::vector<std::string>{"GitHub", "github actions"}));
  EXPECT_FALSE(last->more);
  EXPECT_EQ(last->total, 4);
}

// A page that exists throughout a walk is read exactly once, whatever is added or removed
// between two slices, the page the cursor names included.
TEST_P(StoreConformanceTest, SlicesSkipAndRepeatNoPageThatStays) {
  for (const char* name : {"alpha", "Bravo", "charlie", "Delta", "echo"}) {
    ASSERT_TRUE(store_->AddPage(Page(name, absl::StrCat("https://", name, ".example")), kT0).ok());
  }
  auto first = store_->ListPagesAfter(std::nullopt, 2);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(Names(first->pages), (std::vector<std::string>{"alpha", "Bravo"}));
  const PageOrderKey cursor = OrderKeyOf(first->pages.back());
  EXPECT_EQ(cursor.name_key, "bravo");

  ASSERT_TRUE(store_->RemovePage("https://Bravo.example").ok());                            // the cursor's own page
  ASSERT_TRUE(store_->RemovePage("https://Delta.example").ok());                            // one not read yet
  ASSERT_TRUE(store_->AddPage(Page("Aardvark", "https://aardvark.example"), kT0).ok());     // before the cursor
  ASSERT_TRUE(store_->AddPage(Page("Charlie Two", "https://charlie2.example"), kT0).ok());  // after it

  auto second = store_->ListPagesAfter(cursor, 2);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Names(second->pages), (std::vector<std::string>{"charlie", "Charlie Two"}));
  EXPECT_TRUE(second->more);
  EXPECT_EQ(second->total, 5);
  // A rename moves a page in the order; the pages that kept their names are still read once.
  ASSERT_TRUE(store_->RenamePage("https://alpha.example", "zulu").ok());
  auto third = store_->ListPagesAfter(OrderKeyOf(second->pages.back()), 2);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(Names(third->pages), (std::vector<std::string>{"echo", "zulu"}));
  EXPECT_FALSE(third->more);
}

TEST_P(StoreConformanceTest, ASliceOfAnEmptyListOrPastItsEndIsEmpty) {
  auto empty = store_->ListPagesAfter(std::nullopt, 10);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->pages.empty());
  EXPECT_FALSE(empty->more);
  EXPECT_EQ(empty->total, 0);
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  auto past = store_->ListPagesAfter(PageOrderKey{"zzz", ""}, 10);
  ASSERT_TRUE(past.ok()) << past.status();
  EXPECT_TRUE(past->pages.empty());
  EXPECT_EQ(past->total, 1);
  // The url orders pages after the name: a cursor on GitHub's name and an earlier url
  // still has GitHub after it, one on a later url does not.
  EXPECT_EQ(store_->ListPagesAfter(PageOrderKey{"github", "https://a.example"}, 10)->pages.size(), 1u);
  EXPECT_EQ(store_->ListPagesAfter(PageOrderKey{"github", "https://www.githubstatus.com"}, 10)->pages.size(), 0u);
  EXPECT_EQ(store_->ListPagesAfter(std::nullopt, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace statusphere::store
