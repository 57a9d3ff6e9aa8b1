// Search at 1,000 to 100,000 pages: the index (server/page_index.h, server/page_finder.h)
// against the search before it (bench/previous_page_search.cc: every page scored on every
// query, after reading every page from the store), in the same run, on a catalog that looks
// like the real one and the queries people type (tests/support/synthetic_catalog.h).
//
// For each size:
//   ranking   every query's top 10 from the index must be the previous search's, page for
//             page (the bench exits 1 otherwise);
//   search    CPU time per query of the two searches alone, p50 / p99;
//   store     what SearchStatusPages does per query, wall time: before, ListPages and the
//             scan; now, the page list version, the index, ListPagesByUrl. And the reads
//             of issue 27 §2: CountPages (count(*) before, the kept count now) and the first
//             slice of the list (the same slice, plus the count(*) it used to run), with the
//             database's plan of the slice (is the pages_by_order index used?).
// SQLite in memory always; PostgreSQL too when STATUSPHERE_PG_URL is set
// (eval "$(scripts/pg_throwaway.sh start)").
//
//   bazel run -c opt //bench:search_bench [-- --sizes=1000,10000,100000 --queries=300]
#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bench/bench_run.h"
#include "bench/previous_page_search.h"
#include "common/status_macros.h"
#include "server/page_finder.h"
#include "server/page_index.h"
#include "server/store/postgres/postgres_store.h"
#include "server/store/sqlite/sqlite_store.h"
#include "tests/support/postgres_database.h"
#include "tests/support/synthetic_catalog.h"

ABSL_FLAG(std::vector<std::string>, sizes, std::vector<std::string>({"1000", "10000", "100000"}),
          "numbers of pages, one run each");
ABSL_FLAG(int, queries, 300, "queries per size (the ranking is compared on all of them)");
ABSL_FLAG(int, store_queries, 40,
          "queries through the store per size and backend (the previous search reads "
          "every page for each)");

namespace {

using statusphere::v1::StatusPage;
namespace store = statusphere::store;

double ThreadCpuMs() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Percentiles {
  double p50 = 0, p99 = 0;
};

Percentiles Of(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

std::string Figures(const Percentiles& p) { return absl::StrFormat("%8.3f / %8.3f ms", p.p50, p.p99); }

template <typename Call>
Percentiles TimeWall(int rounds, Call call) {
  std::vector<double> ms;
  for (int i = 0; i < rounds; ++i) {
    const absl::Time start = absl::Now();
    call(i);
    ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  return Of(ms);
}

// The searches alone, in memory: ranking and CPU time. Returns the number of queries whose
// top 10 differ.
int CompareSearches(const std::vector<store::NewPage>& catalog, const std::vector<std::string>& queries) {
  std::vector<StatusPage> pages;
  std::vector<store::PageName> names;
  for (const store::NewPage& page : catalog) {
    pages.emplace_back();
    pages.back().set_name(page.name);
    pages.back().set_url(page.url);
    names.push_back({page.url, page.name});
  }
  const double build_start = ThreadCpuMs();
  const statusphere::PageIndex index(names);
  const double build_ms = ThreadCpuMs() - build_start;

  std::vector<double> previous_ms, index_ms;
  std::vector<std::pair<double, std::string>> slowest;  // the index's, for where its time goes
  int differing = 0, answered = 0;
  for (const std::string& query : queries) {
    double start = ThreadCpuMs();
    const std::vector<StatusPage> expected = statusphere::previous::SearchPages(query, pages, 10);
    previous_ms.push_back(ThreadCpuMs() - start);
    start = ThreadCpuMs();
    const std::vector<std::string> found = index.Search(query, 10);
    index_ms.push_back(ThreadCpuMs() - start);
    slowest.emplace_back(index_ms.back(), query);
    std::vector<std::string> expected_urls;
    for (const StatusPage& page : expected) expected_urls.push_back(page.url());
    answered += expected.empty() ? 0 : 1;
    if (found != expected_urls && ++differing <= 3) {
      std::cout << absl::StrFormat("    DIFFERENT top 10 for '%s':\n      index:    %s\n      previous: %s\n", query,
                                   absl::StrJoin(found, " "), absl::StrJoin(expected_urls, " "));
    }
  }
  std::cout << absl::StrFormat(
      "  ranking: %d of %zu queries with a different top 10 (%d found something)\n"
      "  search alone, CPU per query p50 / p99: previous %s, index %s\n"
      "  index: built in %.0f ms CPU, %.1f MB\n",
      differing, queries.size(), answered, Figures(Of(previous_ms)), Figures(Of(index_ms)), build_ms,
      index.bytes() / 1e6);
  std::sort(slowest.rbegin(), slowest.rend());
  slowest.resize(std::min<size_t>(slowest.size(), 5));
  std::vector<std::string> named;
  for (const auto& [ms, query] : slowest) named.push_back(absl::StrFormat("'%s' %.2f ms", query, ms));
  std::cout << "  the index's slowest: " << absl::StrJoin(named, ", ") << "\n";
  return differing;
}

// The plan the database makes of the list's first slice, on one line.
std::string SlicePlan(store::sql::SqlStore& s, bool postgres) {
  const std::string slice = "SELECT url FROM pages p ORDER BY p.name_key, p.url LIMIT 101";
  std::vector<std::string> lines;
  absl::Status read = s.connection().Read([&](store::sql::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto rows,
                     tx.Query(postgres ? absl::StrCat("EXPLAIN ", slice) : absl::StrCat("EXPLAIN QUERY PLAN ", slice)));
    for (const auto& row : rows) lines.push_back(row.Text(postgres ? 0 : 3));
    return absl::OkStatus();
  });
  if (!read.ok()) return std::string(read.message());
  return absl::StrJoin(lines, " | ");
}

// SearchStatusPages' work per query through a store, before and now; the count and the
// first slice.
absl::Status CompareThroughStore(const std::string& backend, store::sql::SqlStore& s,
                                 const std::vector<store::NewPage>& catalog, const std::vector<std::string>& queries,
                                 int rounds) {
  const absl::Time seed_start = absl::Now();
  RETURN_IF_ERROR(s.ReconcileCatalog(catalog, absl::Now()).status());
  const double seed_s = absl::ToDoubleSeconds(absl::Now() - seed_start);
  if (backend == "PostgreSQL") {
    RETURN_IF_ERROR(
        s.connection().Transact([](store::sql::Transaction& tx) { return tx.Execute("ANALYZE").status(); }));
  }
  bool failed = false;
  const Percentiles before = TimeWall(rounds, [&](int i) {
    absl::StatusOr<std::vector<StatusPage>> pages = s.ListPages();
    if (!pages.ok()) failed = true;
    if (pages.ok()) statusphere::previous::SearchPages(queries[i % queries.size()], *pages, 10);
  });
  statusphere::PageFinder finder(&s);
  const absl::Time build_start = absl::Now();
  if (!finder.Find("warm", 10).ok()) failed = true;
  const double first_ms = absl::ToDoubleMilliseconds(absl::Now() - build_start);
  const Percentiles now = TimeWall(static_cast<int>(queries.size()), [&](int i) {
    if (!finder.Find(queries[i], 10).ok()) failed = true;
  });
  const Percentiles count_before = TimeWall(rounds, [&](int) {
    failed |= !s.connection()
                   .Read([](store::sql::Transaction& tx) { return tx.Query("SELECT count(*) FROM pages").status(); })
                   .ok();
  });
  const Percentiles count_now = TimeWall(rounds, [&](int) { failed |= !s.CountPages().ok(); });
  const Percentiles slice_now = TimeWall(rounds, [&](int) { failed |= !s.ListPagesAfter(std::nullopt, 100).ok(); });
  const Percentiles slice_before = TimeWall(rounds, [&](int) {
    failed |= !s.ListPagesAfter(std::nullopt, 100).ok();
    failed |= !s.connection()
                   .Read([](store::sql::Transaction& tx) { return tx.Query("SELECT count(*) FROM pages").status(); })
                   .ok();
  });
  if (failed) return absl::InternalError(absl::StrCat(backend, ": a store call failed"));
  std::cout << absl::StrFormat(
      "  %s (seeded in %.1f s), wall p50 / p99:\n"
      "    SearchStatusPages' work  before (ListPages + scan) %s   now (version + index + ListPagesByUrl) %s"
      "   (first search, building the index: %.0f ms)\n"
      "    CountPages               before (count(*))         %s   now (kept count)                        %s\n"
      "    first slice of 100       before (+ count(*))       %s   now                                     %s\n"
      "    plan of the slice: %s\n",
      backend, seed_s, Figures(before), Figures(now), first_ms, Figures(count_before), Figures(count_now),
      Figures(slice_before), Figures(slice_now), SlicePlan(s, backend == "PostgreSQL"));
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::cout << "search benchmark; load average at start: " << statusphere::bench::LoadAverage() << "\n";
  statusphere::bench::WithPostgres();
  absl::StatusOr<std::vector<int>> sizes = statusphere::bench::PageCounts(absl::GetFlag(FLAGS_sizes));
  if (!sizes.ok()) {
    std::cerr << sizes.status().message() << "\n";
    return 2;
  }
  int differing = 0;
  for (const int n : *sizes) {
    const std::vector<store::NewPage> catalog = statusphere::testing::SyntheticCatalog(n);
    const std::vector<std::string> queries =
        statusphere::testing::RealisticQueries(catalog, absl::GetFlag(FLAGS_queries));
    std::cout << absl::StrFormat("\n%d pages, %zu queries\n", n, queries.size());
    differing += CompareSearches(catalog, queries);
    if (absl::GetFlag(FLAGS_store_queries) == 0) continue;
    const int rounds = absl::GetFlag(FLAGS_store_queries);
    const absl::Status s =
        statusphere::bench::OnEachDatabase("search_bench", [&](const std::string& backend, store::Store& st) {
          return CompareThroughStore(backend, st, catalog, queries, rounds);
        });
    if (!s.ok()) {
      std::cerr << s << "\n";
      return 1;
    }
    std::cout.flush();
  }
  return differing == 0 ? 0 : 1;
}
