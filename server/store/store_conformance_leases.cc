// The Store conformance suite, continued: what a lease's mark on its page (leased_until)
// must keep true. A page is leasable exactly when it is due and holds no live lease: a
// renewal keeps it out, a release or a report lets it be leased at once, an expired lease
// does not block it; and a lease of n pages gives n whenever n are due and free, also while
// other callers lease at the same time.
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

// Reported pages are due again at once: only their lease can keep them from a lease.
absl::Time DueAtOnce(const ScheduleInput& in) { return in.now; }

std::string PageUrl(int i) { return absl::StrCat("https://lease", i, ".example"); }

void AddPages(Store& store, int n) {
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(store.AddPage(NewPage{absl::StrCat("Lease ", i), PageUrl(i), "", PageOrigin::kAdmin}, kT0).ok());
  }
}

std::set<std::string> Urls(const std::vector<LeaseRecord>& leases) {
  std::set<std::string> urls;
  for (const LeaseRecord& lease : leases) urls.insert(lease.page.url());
  return urls;
}

}  // namespace

TEST_P(StoreConformanceTest, ALeaseOfNPagesGivesNWhenNAreDueAndFree) {
  AddPages(*store_, 7);
  auto first = store_->LeaseDuePages("s1", 3, absl::Minutes(5), kT0);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), 3u);
  auto second = store_->LeaseDuePages("s2", 4, absl::Minutes(5), kT0);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->size(), 4u);
  std::set<std::string> all = Urls(*first);
  for (const std::string& url : Urls(*second)) EXPECT_TRUE(all.insert(url).second) << url << " leased twice";
  EXPECT_EQ(all.size(), 7u);
  EXPECT_TRUE(store_->LeaseDuePages("s3", 5, absl::Minutes(5), kT0 + absl::Minutes(4))->empty());
  // Expired, every page is leasable again, in one lease.
  auto again = store_->LeaseDuePages("s3", 10, absl::Minutes(5), kT0 + absl::Minutes(5));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Urls(*again), all);
}

TEST_P(StoreConformanceTest, ARenewedLeaseKeepsItsPageAndAnExpiredOneDoesNot) {
  AddPages(*store_, 1);
  auto lease = store_->LeaseDuePages("s", 1, absl::Seconds(30), kT0);
  ASSERT_EQ(lease->size(), 1u);
  ASSERT_TRUE(store_->RenewLease((*lease)[0].lease_id, absl::Minutes(2), kT0 + absl::Seconds(20)).ok());
  // Past the first deadline, before the renewed one.
  EXPECT_TRUE(store_->LeaseDuePages("other", 1, absl::Seconds(30), kT0 + absl::Minutes(2))->empty());
  // Past the renewed one: the page is another's, and the first lease can no longer report.
  auto takeover = store_->LeaseDuePages("other", 1, absl::Seconds(30), kT0 + absl::Seconds(141));
  ASSERT_TRUE(takeover.ok()) << takeover.status();
  ASSERT_EQ(takeover->size(), 1u);
  EXPECT_EQ(store_->RenewLease((*lease)[0].lease_id, absl::Minutes(1), kT0 + absl::Seconds(141)).status().code(),
            absl::StatusCode::kNotFound);
  // A renewal of the new lease shortens nothing for the old holder: still one holder.
  ASSERT_TRUE(store_->RenewLease((*takeover)[0].lease_id, absl::Minutes(1), kT0 + absl::Seconds(150)).ok());
  EXPECT_TRUE(store_->LeaseDuePages("third", 1, absl::Seconds(30), kT0 + absl::Seconds(200))->empty());
  EXPECT_EQ(store_->LeaseDuePages("third", 1, absl::Seconds(30), kT0 + absl::Seconds(211))->size(), 1u);
}

TEST_P(StoreConformanceTest, AReleasedOrReportedPageIsLeasableAtOnce) {
  AddPages(*store_, 1);
  const absl::Time t = kT0 + absl::Seconds(1);
  auto lease = store_->LeaseDuePages("s", 1, absl::Minutes(5), t);
  ASSERT_EQ(lease->size(), 1u);
  ASSERT_TRUE(store_->ReleaseLease((*lease)[0].lease_id, t).ok());
  // A release of a lease no longer held changes nothing: the next holder keeps its page.
  auto next = store_->LeaseDuePages("s", 1, absl::Minutes(5), t);
  ASSERT_TRUE(next.ok()) << next.status();
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ(store_->ReleaseLease((*lease)[0].lease_id, t).code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->LeaseDuePages("s", 1, absl::Minutes(5), t)->empty());
  for (const ScrapeReport::Outcome outcome :
       {ScrapeReport::Outcome::kSuccess, ScrapeReport::Outcome::kNotModified, ScrapeReport::Outcome::kFailure}) {
    ScrapeReport report;
    report.outcome = outcome;
    auto summary = store_->ApplyReport((*next)[0].lease_id, report, DueAtOnce, t);
    ASSERT_TRUE(summary.ok()) << summary.status();
    next = store_->LeaseDuePages("s", 1, absl::Minutes(5), t);
    ASSERT_TRUE(next.ok()) << next.status();
    ASSERT_EQ(next->size(), 1u) << "not leasable at once after a report of outcome " << static_cast<int>(outcome);
  }
}

// Under a backlog, each of several concurrent callers gets every page it asks for while
// enough are due and free: a lease committed by one caller while another's due query runs
// must not leave the other with pages it cannot take (on PostgreSQL, 10-25 % of leases came
// back empty that way before pages carried their lease). And never a page twice.
TEST_P(StoreConformanceTest, ConcurrentLeasesUnderABacklogAreFullAndExclusive) {
  constexpr int kThreads = 8, kCalls = 12, kBatch = 2;
  // Twice what all the calls take, so that a call always finds kBatch pages due and free,
  // whatever the others hold locked at the moment.
  constexpr int kPages = 2 * kThreads * kCalls * kBatch;
  std::vector<NewPage> pages;
  for (int i = 0; i < kPages; ++i) pages.push_back({absl::StrCat("Lease ", i), PageUrl(i), "", PageOrigin::kCatalog});
  ASSERT_TRUE(store_->ReconcileCatalog(pages, kT0).ok());
  std::mutex mu;
  std::map<std::string, int> holder;  // page url -> thread
  std::vector<std::string> mistakes;
  std::atomic<int> short_leases{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int call = 0; call < kCalls; ++call) {
        auto leased = store_->LeaseDuePages(absl::StrCat("s", t), kBatch, absl::Minutes(5), kT0 + absl::Minutes(1));
        std::lock_guard<std::mutex> lock(mu);
        if (!leased.ok()) {
          mistakes.push_back(leased.status().ToString());
          continue;
        }
        if (leased->size() != kBatch) ++short_leases;
        for (const LeaseRecord& lease : *leased) {
          if (!holder.emplace(lease.page.url(), t).second) mistakes.push_back(lease.page.url() + " leased twice");
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(mistakes.empty()) << mistakes.size() << " mistakes, the first: " << mistakes.front();
  EXPECT_EQ(short_leases.load(), 0) << "leases with fewer pages than asked while " << kPages - holder.size()
                                    << " pages were due and free";
  EXPECT_EQ(holder.size(), static_cast<size_t>(kThreads * kCalls * kBatch));
}

}  // namespace statusphere::store
