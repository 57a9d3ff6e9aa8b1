// The whole page list (ListStatusPages without a page size) under ingest, at 1,000 to
// 100,000 pages: built from every page on each call, as the server did before
// (ListPages, each page explained, the response serialized), against the list each server
// now keeps (server/page_list.h: every page's mark read, the pages changed read again, the
// entries joined), in the same run, alternating, on SQLite in memory and on PostgreSQL when
// STATUSPHERE_PG_URL is set (eval "$(scripts/pg_throwaway.sh start)").
//
// Before each pair of calls, `--changed` pages get a scrape report (a 304: their scrape
// time moves, as most reports do), what a fleet at 333 reports/s writes in the time between
// two calls. Both answers are compared byte for byte every round (the bench exits 1 when
// they differ). Figures: wall time per call p50 / p99 (on PostgreSQL it includes the
// database's work) and this process's CPU per call.
//
//   bazel run -c opt //bench:page_list_bench [-- --sizes=1000,10000,100000 --changed=10,300]
#include <time.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/bench_run.h"
#include "common/status_macros.h"
#include "server/page_explain.h"
#include "server/page_list.h"
#include "statusphere/v1/status_page_service.pb.h"
#include "tests/support/synthetic_catalog.h"

ABSL_FLAG(std::vector<std::string>, sizes, std::vector<std::string>({"1000", "10000", "100000"}),
          "numbers of pages, one run each");
ABSL_FLAG(std::vector<std::string>, changed, std::vector<std::string>({"10", "300"}),
          "pages reported between two calls, one run each");
ABSL_FLAG(int, rounds, 20, "calls of each kind per run");

namespace {

namespace store = statusphere::store;
using statusphere::PageList;

const absl::Duration kStaleAfter = absl::Hours(1);

double ProcessCpuMs() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Timing {
  std::vector<double> wall_ms, cpu_ms;
  std::string Figures() {
    auto at = [](std::vector<double> v, size_t percent) {
      std::sort(v.begin(), v.end());
      return v.empty() ? 0.0 : v[std::min(v.size() - 1, v.size() * percent / 100)];
    };
    return absl::StrFormat("wall p50 %9.2f ms p99 %9.2f ms, CPU here p50 %8.2f ms", at(wall_ms, 50), at(wall_ms, 99),
                           at(cpu_ms, 50));
  }
};

template <typename Call>
auto Timed(Timing& timing, Call call) {
  const absl::Time start = absl::Now();
  const double cpu = ProcessCpuMs();
  auto answer = call();
  timing.cpu_ms.push_back(ProcessCpuMs() - cpu);
  timing.wall_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  return answer;
}

absl::StatusOr<std::string> Text(absl::StatusOr<std::shared_ptr<const std::string>> answer) {
  if (!answer.ok()) return answer.status();
  return **answer;
}

// The answer as the server built it before: every page read, explained and serialized.
absl::StatusOr<std::string> Built(store::Store& s, absl::Time now) {
  ASSIGN_OR_RETURN(std::vector<statusphere::v1::StatusPage> pages, s.ListPages());
  statusphere::v1::ListStatusPagesResponse answer;
  for (auto& page : pages) statusphere::ExplainPage(*answer.add_status_pages() = std::move(page), now, kStaleAfter);
  return answer.SerializeAsString();
}

// `count` pages reported (304s), the earliest due first; each is due again at once.
absl::Status Report(store::Store& s, int count, absl::Time now) {
  ASSIGN_OR_RETURN(std::vector<store::LeaseRecord> leases, s.LeaseDuePages("bench", count, absl::Minutes(5), now));
  store::ScrapeReport report;
  report.outcome = store::ScrapeReport::Outcome::kNotModified;
  for (const store::LeaseRecord& lease : leases) {
    RETURN_IF_ERROR(s.ApplyReport(
                         lease.lease_id, report, [](const store::ScheduleInput& in) { return in.now; }, now)
                        .status());
  }
  return absl::OkStatus();
}

absl::Status Run(const std::string& backend, store::Store& s, const std::vector<store::NewPage>& catalog) {
  RETURN_IF_ERROR(s.ReconcileCatalog(catalog, absl::Now()).status());
  PageList kept(&s, kStaleAfter);
  // The first call reads every page; it is not what a server pays afterwards.
  const absl::Time first = absl::Now();
  RETURN_IF_ERROR(kept.Whole(absl::Now()).status());
  std::cout << absl::StrFormat("  %s: kept list's first call (every page read) %.0f ms\n", backend,
                               absl::ToDoubleMilliseconds(absl::Now() - first));
  for (const std::string& changed_flag : absl::GetFlag(FLAGS_changed)) {
    int changed = 0;
    if (!absl::SimpleAtoi(changed_flag, &changed) || changed < 0) {
      return absl::InvalidArgumentError("--changed: not a number of pages");
    }
    Timing built, kept_timing;
    size_t bytes = 0, read_again = 0;
    for (int round = 0; round < absl::GetFlag(FLAGS_rounds); ++round) {
      // Real time: the store decides maintenance and staleness by its clock.
      RETURN_IF_ERROR(Report(s, changed, absl::Now()));
      const absl::Time now = absl::Now();
      // Alternating which goes first, so neither always meets a cold cache.
      absl::StatusOr<std::string> a;
      absl::StatusOr<std::shared_ptr<const std::string>> b;
      if (round % 2 == 0) {
        a = Timed(built, [&] { return Built(s, now); });
        b = Timed(kept_timing, [&] { return kept.Whole(now); });
      } else {
        b = Timed(kept_timing, [&] { return kept.Whole(now); });
        a = Timed(built, [&] { return Built(s, now); });
      }
      RETURN_IF_ERROR(a.status());
      RETURN_IF_ERROR(b.status());
      if (*a != **b)
        return absl::InternalError(absl::StrCat("round ", round, ": the kept list differs from the built"));
      bytes = (*b)->size();
      read_again += kept.last_refresh().read;
    }
    std::cout << absl::StrFormat("  %s, %d pages reported between calls (%.1f MB answers, identical):\n", backend,
                                 changed, bytes / 1e6);
    std::cout << "    built from every page  " << built.Figures() << "\n";
    std::cout << "    kept, changes read     " << kept_timing.Figures()
              << absl::StrFormat("  (%.0f pages read again per call)\n",
                                 static_cast<double>(read_again) / absl::GetFlag(FLAGS_rounds));
    const double ratio = [&] {
      std::vector<double> b = built.wall_ms, k = kept_timing.wall_ms;
      std::sort(b.begin(), b.end());
      std::sort(k.begin(), k.end());
      return b[b.size() / 2] / std::max(k[k.size() / 2], 1e-3);
    }();
    std::cout << absl::StrFormat("    p50 wall: kept is %.1fx faster\n", ratio);
    // What every client pays on top, whichever way the server built the answer: parsing it.
    ASSIGN_OR_RETURN(const std::string answer, Text(kept.Whole(absl::Now())));
    Timing parse;
    for (int round = 0; round < 5; ++round) {
      RETURN_IF_ERROR(Timed(parse, [&]() -> absl::StatusOr<std::string> {
                        statusphere::v1::ListStatusPagesResponse parsed;
                        if (!parsed.ParseFromString(answer)) return absl::DataLossError("the answer does not parse");
                        return std::string();
                      }).status());
    }
    std::cout << "    a client parsing the answer   " << parse.Figures() << "\n";
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::cout << "page list benchmark; load average at start: " << statusphere::bench::LoadAverage() << "\n";
  statusphere::bench::WithPostgres();
  absl::StatusOr<std::vector<int>> sizes = statusphere::bench::PageCounts(absl::GetFlag(FLAGS_sizes));
  if (!sizes.ok()) {
    std::cerr << sizes.status().message() << "\n";
    return 2;
  }
  for (const int n : *sizes) {
    std::cout << absl::StrFormat("\n%d pages\n", n);
    const std::vector<store::NewPage> catalog = statusphere::testing::SyntheticCatalog(n);
    const absl::Status s = statusphere::bench::OnEachDatabase(
        "page_list_bench", [&](const std::string& backend, store::Store& st) { return Run(backend, st, catalog); });
    if (!s.ok()) {
      std::cerr << s << "\n";
      return 1;
    }
    std::cout.flush();
  }
  return 0;
}
