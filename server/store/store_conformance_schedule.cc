// The Store conformance suite, continued: the order pages are leased in, failures backing
// off with the server's schedule, and the pages that do not work.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/schedule.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

using statusphere::v1::SCRAPE_KIND_CURRENT;

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

absl::Time FixedPolicy(const ScheduleInput& in) {
  return in.now + (in.outcome == ScrapeReport::Outcome::kFailure ? absl::Minutes(1) : absl::Minutes(5));
}

ScrapeReport Failure(ScrapeFailure::Reason reason, const std::string& message) {
  ScrapeReport r;
  r.outcome = ScrapeReport::Outcome::kFailure;
  r.failure_reason = reason;
  r.error_message = message;
  return r;
}

ScrapeReport Success() {
  ScrapeReport r;
  r.outcome = ScrapeReport::Outcome::kSuccess;
  return r;
}

std::vector<NewPage> Catalog(int n) {
  std::vector<NewPage> pages;
  for (int i = 0; i < n; ++i) {
    const std::string id = absl::StrCat(i < 10 ? "0" : "", i);
    pages.push_back(
        NewPage{absl::StrCat("Catalog ", id), absl::StrCat("https://c", id, ".example"), "", PageOrigin::kCatalog});
  }
  return pages;
}

// Leases up to `n` pages and returns their urls in the order the store gave them.
std::vector<std::string> Lease(Store& store, int n, absl::Time now, std::vector<LeaseRecord>* leases = nullptr) {
  auto leased = store.LeaseDuePages("s", n, absl::Minutes(5), now);
  EXPECT_TRUE(leased.ok()) << leased.status();
  std::vector<std::string> urls;
  if (!leased.ok()) return urls;
  for (const LeaseRecord& l : *leased) urls.push_back(l.page.url());
  if (leases != nullptr) *leases = std::move(*leased);
  return urls;
}

// Leases every due page, reports `reports[url]` for those named, and releases the others.
void ReportDue(Store& store, const std::map<std::string, ScrapeReport>& reports, const SchedulePolicy& policy,
               absl::Time now) {
  std::vector<LeaseRecord> leases;
  Lease(store, 1000, now, &leases);
  for (const LeaseRecord& lease : leases) {
    auto it = reports.find(lease.page.url());
    if (it == reports.end()) {
      ASSERT_TRUE(store.ReleaseLease(lease.lease_id, now).ok());
      continue;
    }
    auto applied = store.ApplyReport(lease.lease_id, it->second, policy, now);
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
}

TEST_P(StoreConformanceTest, PagesNeverScrapedAreLeasedBeforeOverdueScrapedOnes) {
  std::vector<NewPage> catalog = Catalog(2);
  ASSERT_TRUE(store_->ReconcileCatalog(catalog, kT0).ok());
  ReportDue(*store_,
            {{"https://c00.example", Failure(ScrapeFailure::FETCH_FAILED, "down")},
             {"https://c01.example", Failure(ScrapeFailure::FETCH_FAILED, "down")}},
            FixedPolicy, kT0);
  // Both failed pages are overdue (since kT0 + 1 minute) when a third joins the catalog;
  // it was never scraped, and goes first.
  catalog.push_back(NewPage{"Late", "https://a-late.example", "", PageOrigin::kCatalog});
  ASSERT_TRUE(store_->ReconcileCatalog(catalog, kT0 + absl::Minutes(10)).ok());
  EXPECT_EQ(Lease(*store_, 1, kT0 + absl::Minutes(10)), std::vector<std::string>{"https://a-late.example"});
  EXPECT_EQ(Lease(*store_, 10, kT0 + absl::Minutes(10)),
            (std::vector<std::string>{"https://c00.example", "https://c01.example"}));
}

TEST_P(StoreConformanceTest, APageAnAdministratorAddsGoesBeforeAWholeCatalogDue) {
  ASSERT_TRUE(store_->ReconcileCatalog(Catalog(50), kT0).ok());
  // 20 catalog pages fail, and are due again a minute later; 30 are never scraped.
  std::vector<LeaseRecord> failing;
  Lease(*store_, 20, kT0, &failing);
  ASSERT_EQ(failing.size(), 20u);
  std::set<std::string> failed;
  for (const LeaseRecord& lease : failing) {
    failed.insert(lease.page.url());
    ASSERT_TRUE(
        store_->ApplyReport(lease.lease_id, Failure(ScrapeFailure::FETCH_FAILED, "down"), FixedPolicy, kT0).ok());
  }
  // The page an administrator adds (its url sorts after every catalog page) goes first.
  const absl::Time added = kT0 + absl::Minutes(5);
  ASSERT_TRUE(store_->AddPage(NewPage{"Added", "https://zz-added.example", "", PageOrigin::kAdmin}, added).ok());
  std::vector<LeaseRecord> first;
  EXPECT_EQ(Lease(*store_, 1, added, &first), std::vector<std::string>{"https://zz-added.example"});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].kind, SCRAPE_KIND_CURRENT);
  // Then the catalog pages never scraped, then the failed ones.
  std::vector<std::string> next = Lease(*store_, 30, added);
  ASSERT_EQ(next.size(), 30u);
  for (const std::string& url : next) EXPECT_EQ(failed.count(url), 0u) << url << " failed before, yet came first";
  std::vector<std::string> last = Lease(*store_, 100, added);
  EXPECT_EQ(std::set<std::string>(last.begin(), last.end()), failed);
}

// With the server's schedule (without jitter): each failure in a row doubles the wait,
// up to the cap, and a success resets it.
TEST_P(StoreConformanceTest, FailuresBackOffExponentiallyCappedAndASuccessResets) {
  ScheduleConfig config;
  config.jitter = 0;
  config.min_backoff = absl::Seconds(30);
  config.max_backoff = absl::Minutes(10);
  config.unsupported_min_backoff = absl::Minutes(4);
  const SchedulePolicy policy = MakeSchedulePolicy(config);
  const std::string url = "https://a.example";
  ASSERT_TRUE(store_->AddPage(NewPage{"A", url, "", PageOrigin::kAdmin}, kT0).ok());
  ReportDue(*store_, {{url, Success()}}, policy, kT0);  // current
  ReportDue(*store_, {{url, Success()}}, policy, kT0);  // then the backfill

  absl::Time now = kT0 + absl::Minutes(5);
  const absl::Time first_failure = now;
  const std::vector<absl::Duration> waits = {absl::Seconds(30),  absl::Seconds(60),  absl::Seconds(120),
                                             absl::Seconds(240), absl::Seconds(480), absl::Minutes(10),
                                             absl::Minutes(10)};
  for (size_t i = 0; i < waits.size(); ++i) {
    std::vector<LeaseRecord> leases;
    ASSERT_EQ(Lease(*store_, 10, now, &leases).size(), 1u) << "failure " << i + 1;
    auto applied = store_->ApplyReport(leases[0].lease_id, Failure(ScrapeFailure::HTTP_ERROR, "HTTP 503"), policy, now);
    ASSERT_TRUE(applied.ok()) << applied.status();
    EXPECT_EQ(applied->next_scrape_time - now, waits[i]) << "failure " << i + 1;
    auto page = store_->GetPageByUrl(url);
    EXPECT_EQ(page->consecutive_failures(), static_cast<int>(i + 1));
    EXPECT_EQ(FromProto(page->failing_since()), first_failure);
    EXPECT_EQ(FromProto(page->last_error_time()), now);
    EXPECT_TRUE(Lease(*store_, 10, applied->next_scrape_time - absl::Seconds(1)).empty());
    now = applied->next_scrape_time;
  }
  // A success: the interval again, the failures forgotten.
  std::vector<LeaseRecord> leases;
  ASSERT_EQ(Lease(*store_, 10, now, &leases).size(), 1u);
  auto ok = store_->ApplyReport(leases[0].lease_id, Success(), policy, now);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->next_scrape_time - now, absl::Minutes(5));
  auto page = store_->GetPageByUrl(url);
  EXPECT_EQ(page->consecutive_failures(), 0);
  EXPECT_FALSE(page->has_failing_since());
  EXPECT_EQ(page->last_error(), "");
  now = ok->next_scrape_time;
  ASSERT_EQ(Lease(*store_, 10, now, &leases).size(), 1u);
  auto again = store_->ApplyReport(leases[0].lease_id, Failure(ScrapeFailure::HTTP_ERROR, "HTTP 503"), policy, now);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->next_scrape_time - now, absl::Seconds(30));

  // A page no provider recognises starts from the longer wait, and doubles from there.
  const std::string unknown = "https://unknown.example";
  ASSERT_TRUE(store_->AddPage(NewPage{"Unknown", unknown, "", PageOrigin::kAdmin}, now).ok());
  ASSERT_EQ(Lease(*store_, 1, now, &leases), std::vector<std::string>{unknown});
  auto unsupported =
      store_->ApplyReport(leases[0].lease_id, Failure(ScrapeFailure::UNSUPPORTED, "no provider"), policy, now);
  ASSERT_TRUE(unsupported.ok()) << unsupported.status();
  EXPECT_EQ(unsupported->next_scrape_time - now, absl::Minutes(4));
  // The page backs off as a whole: its backfill, due since it was added, waits as well.
  // (A is due again meanwhile: it is given back.)
  auto lease_unknown = [&](absl::Time at) -> std::optional<LeaseRecord> {
    std::vector<LeaseRecord> due;
    Lease(*store_, 10, at, &due);
    std::optional<LeaseRecord> found;
    for (LeaseRecord& l : due) {
      if (l.page.url() == unknown) {
        found = l;
      } else {
        EXPECT_TRUE(store_->ReleaseLease(l.lease_id, at).ok());
      }
    }
    return found;
  };
  EXPECT_FALSE(lease_unknown(now + absl::Minutes(4) - absl::Seconds(1)).has_value());
  now += absl::Minutes(4);
  std::optional<LeaseRecord> retry = lease_unknown(now);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->kind, SCRAPE_KIND_CURRENT);
  unsupported = store_->ApplyReport(retry->lease_id, Failure(ScrapeFailure::UNSUPPORTED, "no provider"), policy, now);
  ASSERT_TRUE(unsupported.ok()) << unsupported.status();
  EXPECT_EQ(unsupported->next_scrape_time - now, absl::Minutes(8));
}

TEST_P(StoreConformanceTest, PagesThatDoNotWorkAreListedWithSinceWhenAndWhy) {
  const std::string healthy = "https://healthy.example", never = "https://never.example", dead = "https://dead.example",
                    broken = "https://broken.example";
  for (const std::string& url : {healthy, never, dead, broken}) {
    ASSERT_TRUE(store_->AddPage(NewPage{url.substr(8), url, "", PageOrigin::kAdmin}, kT0).ok());
  }
  // Never is never leased: its leases are released.
  ReportDue(*store_, {{healthy, Success()}, {broken, Success()}}, FixedPolicy, kT0);
  ReportDue(*store_, {{healthy, Success()}, {broken, Success()}}, FixedPolicy, kT0);
  ReportDue(*store_, {{dead, Failure(ScrapeFailure::UNSUPPORTED, "no provider recognised https://dead.example")}},
            FixedPolicy, kT0 + absl::Minutes(1));
  ReportDue(*store_, {{dead, Failure(ScrapeFailure::UNSUPPORTED, "no provider recognised https://dead.example")}},
            FixedPolicy, kT0 + absl::Minutes(2));
  ReportDue(*store_, {{broken, Failure(ScrapeFailure::FETCH_FAILED, "GET https://broken.example: refused")}},
            FixedPolicy, kT0 + absl::Minutes(6));

  auto unhealthy = store_->ListUnhealthyPages();
  ASSERT_TRUE(unhealthy.ok()) << unhealthy.status();
  ASSERT_EQ(unhealthy->size(), 3u);
  // Longest failing first, then the pages never scraped.
  const UnhealthyPage& d = (*unhealthy)[0];
  EXPECT_EQ(d.page.url(), dead);
  EXPECT_EQ(d.failure_reason, ScrapeFailure::UNSUPPORTED);
  EXPECT_EQ(d.page.consecutive_failures(), 2);
  EXPECT_EQ(FromProto(d.page.failing_since()), kT0 + absl::Minutes(1));
  EXPECT_EQ(FromProto(d.page.last_error_time()), kT0 + absl::Minutes(2));
  EXPECT_EQ(d.page.last_error(), "no provider recognised https://dead.example");
  EXPECT_FALSE(d.page.is_indexed());
  EXPECT_EQ(d.page.status(), "UNKNOWN");
  const UnhealthyPage& b = (*unhealthy)[1];
  EXPECT_EQ(b.page.url(), broken);
  EXPECT_EQ(b.failure_reason, ScrapeFailure::FETCH_FAILED);
  EXPECT_EQ(b.page.consecutive_failures(), 1);
  EXPECT_EQ(FromProto(b.page.failing_since()), kT0 + absl::Minutes(6));
  EXPECT_TRUE(b.page.is_indexed());
  EXPECT_EQ(b.page.status(), "UP");
  const UnhealthyPage& n = (*unhealthy)[2];
  EXPECT_EQ(n.page.url(), never);
  EXPECT_EQ(n.failure_reason, ScrapeFailure::REASON_UNSPECIFIED);
  EXPECT_EQ(n.page.consecutive_failures(), 0);
  EXPECT_FALSE(n.page.has_failing_since());
  // The page itself says it fails, and since when.
  auto page = store_->GetPageByUrl(dead);
  EXPECT_EQ(page->consecutive_failures(), 2);
  EXPECT_EQ(FromProto(page->failing_since()), kT0 + absl::Minutes(1));

  // Broken works again: it is no longer listed.
  ReportDue(*store_, {{broken, Success()}}, FixedPolicy, kT0 + absl::Minutes(10));
  unhealthy = store_->ListUnhealthyPages();
  ASSERT_TRUE(unhealthy.ok()) << unhealthy.status();
  std::vector<std::string> urls;
  for (const UnhealthyPage& p : *unhealthy) urls.push_back(p.page.url());
  EXPECT_EQ(urls, (std::vector<std::string>{dead, never}));
}

}  // namespace
}  // namespace statusphere::store
