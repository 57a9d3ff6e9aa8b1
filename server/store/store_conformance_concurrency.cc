// Conformance under concurrency: many threads on one store, mixing calls that succeed with
// calls that fail (unknown pages, unknown leases, duplicates). Every answer must be the one
// a lone caller would get, and leasing must stay exclusive. PostgreSQL serves these calls
// on pooled connections, where an error path that hands a connection back too early lets
// two threads use one connection (answers crossed, calls hung, reports half applied).
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
constexpr int kThreads = 8;
constexpr int kPages = 6;

std::string PageUrl(int i) { return absl::StrCat("https://p", i, ".example"); }

// Reported pages are due again at once, so that every thread keeps finding work.
absl::Time DueAtOnce(const ScheduleInput& in) { return in.now; }

Incident NewIncident(const std::string& id) {
  Incident i;
  i.set_id(id);
  i.set_title(absl::StrCat("Incident ", id));
  i.set_impact("minor");
  *i.mutable_start_time() = ToProto(kT0);
  auto* e = i.add_events();
  e->set_id(id + "-1");
  e->set_title("Investigating");
  e->set_description("body");
  *e->mutable_time() = ToProto(kT0);
  return i;
}

// Collects what went wrong on any thread, reported once the threads have joined.
class Mistakes {
 public:
  void Add(std::string what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (list_.size() < 20) list_.push_back(std::move(what));
    ++count_;
  }
  // `status` must have `code`; otherwise a mistake naming `call`.
  void Expect(const absl::Status& status, absl::StatusCode code, absl::string_view call) {
    if (status.code() != code)
      Add(absl::StrCat(call, ": expected ", absl::StatusCodeToString(code), ", got ", status.ToString()));
  }
  std::string Summary() {
    std::lock_guard<std::mutex> lock(mu_);
    std::string out = absl::StrCat(count_, " wrong answers");
    for (const std::string& m : list_) absl::StrAppend(&out, "\n  ", m);
    return out;
  }
  int count() {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> list_;
  int count_ = 0;
};

// Which pages are leased right now, by whom: a second holder is a double lease.
class Holders {
 public:
  bool Take(const std::string& url, int thread) {
    std::lock_guard<std::mutex> lock(mu_);
    return holders_.emplace(url, thread).second;
  }
  void Drop(const std::string& url) {
    std::lock_guard<std::mutex> lock(mu_);
    holders_.erase(url);
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> holders_;
};

}  // namespace

TEST_P(StoreConformanceTest, ConcurrentCallsOnErrorPathsEachGetTheirOwnAnswer) {
  for (int i = 0; i < kPages; ++i) {
    ASSERT_TRUE(store_->AddPage(NewPage{absl::StrCat("Page ", i), PageUrl(i), "", PageOrigin::kAdmin}, kT0).ok());
  }
  Mistakes mistakes;
  Holders holders;
  std::atomic<int> reports{0};
  const absl::Time until = absl::Now() + absl::Seconds(3);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; absl::Now() < until; ++round) {
        const std::string known = PageUrl((t + round) % kPages);
        const std::string unknown = absl::StrCat("https://unknown-", t, "-", round, ".example");
        // Reads of pages that exist and of pages that do not, interleaved.
        absl::StatusOr<StatusPage> page = store_->GetPageByUrl(known);
        if (!page.ok() || page->url() != known) {
          mistakes.Add(absl::StrCat("GetPageByUrl(", known, "): ", page.ok() ? page->url() : page.status().ToString()));
        }
        mistakes.Expect(store_->GetPageByUrl(unknown).status(), absl::StatusCode::kNotFound, "GetPageByUrl(unknown)");
        mistakes.Expect(store_->GetPageByName(unknown).status(), absl::StatusCode::kNotFound, "GetPageByName(unknown)");
        mistakes.Expect(store_->ListIncidents({unknown}).status(), absl::StatusCode::kNotFound,
                        "ListIncidents(unknown)");
        mistakes.Expect(store_->ListIncidents({known}).status(), absl::StatusCode::kOk, "ListIncidents(known)");
        mistakes.Expect(store_->ListUnresolvedIncidents(known).status(), absl::StatusCode::kOk,
                        "ListUnresolvedIncidents");
        // Writes that are refused.
        mistakes.Expect(store_->AddPage(NewPage{"dup", known, "", PageOrigin::kAdmin}, kT0).status(),
                        absl::StatusCode::kAlreadyExists, "AddPage(existing url)");
        mistakes.Expect(store_->RenamePage(unknown, "x").status(), absl::StatusCode::kNotFound, "RenamePage(unknown)");
        mistakes.Expect(store_->RemovePage(unknown), absl::StatusCode::kNotFound, "RemovePage(unknown)");
        mistakes.Expect(store_->RenewLease("no-such-lease", absl::Minutes(1), kT0).status(),
                        absl::StatusCode::kNotFound, "RenewLease(unknown)");
        mistakes.Expect(store_->ReleaseLease("no-such-lease", kT0), absl::StatusCode::kNotFound,
                        "ReleaseLease(unknown)");
        mistakes.Expect(store_->ApplyReport("no-such-lease", ScrapeReport{}, DueAtOnce, kT0).status(),
                        absl::StatusCode::kNotFound, "ApplyReport(unknown lease)");
        // And real work: a lease and its report, which must never be taken from under it.
        absl::StatusOr<std::vector<LeaseRecord>> leases =
            store_->LeaseDuePages(absl::StrCat("scraper-", t), 1, absl::Hours(1), kT0);
        if (!leases.ok()) {
          mistakes.Add(absl::StrCat("LeaseDuePages: ", leases.status().ToString()));
          continue;
        }
        for (const LeaseRecord& lease : *leases) {
          if (!holders.Take(lease.page.url(), t)) mistakes.Add(absl::StrCat(lease.page.url(), " leased twice at once"));
          ScrapeReport report;
          report.incidents.push_back(NewIncident(absl::StrCat("t", t, "r", round)));
          holders.Drop(lease.page.url());
          absl::StatusOr<ReportSummary> applied = store_->ApplyReport(lease.lease_id, report, DueAtOnce, kT0);
          if (!applied.ok() || applied->created != 1) {
            mistakes.Add(absl::StrCat("ApplyReport(", lease.page.url(),
                                      "): ", applied.ok() ? "created nothing" : applied.status().ToString()));
          } else {
            ++reports;
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mistakes.count(), 0) << mistakes.Summary();
  EXPECT_GT(reports.load(), 0);
  // Each applied report stored its incident, whole, and logged it once: none half applied.
  int stored = 0;
  for (int i = 0; i < kPages; ++i) {
    absl::StatusOr<std::vector<Incident>> incidents = store_->ListIncidents({PageUrl(i)});
    ASSERT_TRUE(incidents.ok()) << incidents.status();
    for (const Incident& incident : *incidents) EXPECT_EQ(incident.events_size(), 1) << incident.id();
    stored += static_cast<int>(incidents->size());
  }
  EXPECT_EQ(stored, reports.load());
  absl::StatusOr<std::vector<ChangeRecord>> changes = store_->ListChanges(0, "", 1 << 20);
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(static_cast<int>(changes->size()), reports.load());
}

TEST_P(StoreConformanceTest, ConcurrentLeasingHandsEachPageToOneScraper) {
  constexpr int kDuePages = 24;
  for (int i = 0; i < kDuePages; ++i) {
    ASSERT_TRUE(store_->AddPage(NewPage{absl::StrCat("Page ", i), PageUrl(i), "", PageOrigin::kAdmin}, kT0).ok());
  }
  // Rounds: every thread leases until nothing is due, then every lease is released and
  // the next round starts later (the released pages are due at once).
  for (int round = 0; round < 15; ++round) {
    const absl::Time now = kT0 + absl::Seconds(round);
    std::mutex mu;
    std::map<std::string, std::vector<std::string>> leased;  // page -> lease ids
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        while (true) {
          absl::StatusOr<std::vector<LeaseRecord>> leases =
              store_->LeaseDuePages(absl::StrCat("scraper-", t), 2, absl::Hours(1), now);
          if (!leases.ok()) {
            ++errors;
            return;
          }
          if (leases->empty()) return;
          std::lock_guard<std::mutex> lock(mu);
          for (const LeaseRecord& lease : *leases) leased[lease.page.url()].push_back(lease.lease_id);
        }
      });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(errors.load(), 0) << "round " << round;
    ASSERT_EQ(static_cast<int>(leased.size()), kDuePages) << "round " << round;
    for (const auto& [url, ids] : leased) {
      EXPECT_EQ(ids.size(), 1u) << url << " leased " << ids.size() << " times in round " << round;
      for (const std::string& id : ids) {
        EXPECT_TRUE(store_->ReleaseLease(id, now).ok()) << url << ": lease " << id << " was taken from under it";
      }
    }
    if (HasFailure()) return;
  }
}

}  // namespace statusphere::store
