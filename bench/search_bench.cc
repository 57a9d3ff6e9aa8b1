// Search latency over the whole shipped catalog: the current search (server/page_search.cc)
// next to the one before issue 13 (bench/previous_page_search.cc) and a plain substring scan
// (the floor: no ranking, and it stops at the tenth match), in the same run, plus what the RPC adds before it searches
// (the store's ListPages on SQLite). Prints CPU microseconds per search and the top results.
//
//   bazel run -c opt //bench:search_bench [-- ROUNDS=200]
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bench/previous_page_search.h"
#include "server/catalog.h"
#include "server/page_search.h"
#include "server/store/sqlite/sqlite_store.h"

namespace {

using statusphere::v1::StatusPage;
using SearchFn = std::vector<StatusPage> (*)(absl::string_view, const std::vector<StatusPage>&, size_t);

std::vector<StatusPage> SubstringScan(absl::string_view query, const std::vector<StatusPage>& pages, size_t max) {
  const std::string q = absl::AsciiStrToLower(query);
  std::vector<StatusPage> out;
  for (const auto& page : pages) {
    if (out.size() < max && absl::StrContains(absl::AsciiStrToLower(page.name()), q)) out.push_back(page);
  }
  return out;
}

// Mean CPU microseconds per search of `query` over `pages` (CPU time: the machine may be
// shared, and a search never waits).
double Time(SearchFn search, absl::string_view query, const std::vector<StatusPage>& pages, int rounds) {
  size_t sink = 0;
  const std::clock_t start = std::clock();
  for (int i = 0; i < rounds; ++i) sink += search(query, pages, 10).size();
  const double us = 1e6 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC / rounds;
  if (sink == static_cast<size_t>(-1)) std::cout << "";
  return us;
}

std::string Top(SearchFn search, absl::string_view query, const std::vector<StatusPage>& pages) {
  std::vector<std::string> names;
  for (const auto& page : search(query, pages, 3)) names.push_back(page.name());
  return names.empty() ? "-" : absl::StrJoin(names, ", ");
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 200;
  auto entries = statusphere::LoadCatalog("");
  if (!entries.ok()) {
    std::cerr << entries.status() << "\n";
    return 1;
  }
  auto store = statusphere::store::SqliteStore::Open(":memory:");
  if (!store.ok() || !(*store)->ReconcileCatalog(*entries, absl::Now()).ok()) {
    std::cerr << "cannot seed an in-memory store\n";
    return 1;
  }
  const std::clock_t list_start = std::clock();
  std::vector<StatusPage> pages;
  for (int i = 0; i < 20; ++i) pages = *(*store)->ListPages();
  const double list_us = 1e6 * static_cast<double>(std::clock() - list_start) / CLOCKS_PER_SEC / 20;
  std::cout << absl::StrFormat("%d pages; the store's ListPages (SQLite, in memory): %.0f us\n\n", pages.size(),
                               list_us);

  const std::vector<std::string> queries = {"git",    "slack",      "aws",      "stripe",
                                            "githbu", "cloudflair", "google cloud", "https://status.stripe.com",
                                            "o",      "zzzzqqqq"};
  std::cout << absl::StrFormat("%-28s %10s %10s %10s\n", "query", "current", "previous", "substring");
  double total_current = 0, total_previous = 0;
  for (const std::string& query : queries) {
    const double current = Time(&statusphere::SearchPages, query, pages, rounds);
    const double previous = Time(&statusphere::previous::SearchPages, query, pages, rounds);
    const double floor = Time(&SubstringScan, query, pages, rounds);
    total_current += current;
    total_previous += previous;
    std::cout << absl::StrFormat("%-28s %8.0fus %8.0fus %8.0fus\n", query, current, previous, floor);
    std::cout << absl::StrFormat("    current:  %s\n    previous: %s\n", Top(&statusphere::SearchPages, query, pages),
                                 Top(&statusphere::previous::SearchPages, query, pages));
  }
  std::cout << absl::StrFormat("\nmean per search: current %.0f us, previous %.0f us\n", total_current / queries.size(),
                               total_previous / queries.size());
  return 0;
}
