// What the store benchmarks here share: saying how loaded the machine is (figures on a
// shared 2-core machine mean little without it), reading --sizes, and running on each
// database: SQLite in memory always, PostgreSQL when STATUSPHERE_PG_URL is set.
#ifndef STATUSPHERE_BENCH_BENCH_RUN_H_
#define STATUSPHERE_BENCH_BENCH_RUN_H_

#include <fstream>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::bench {

// /proc/loadavg as it reads now.
inline std::string LoadAverage() {
  std::ifstream loadavg("/proc/loadavg");
  std::string load;
  std::getline(loadavg, load);
  return load;
}

// The numbers of pages --sizes asks for, each at least `at_least`.
inline absl::StatusOr<std::vector<int>> PageCounts(const std::vector<std::string>& sizes, int at_least = 1) {
  std::vector<int> counts;
  for (const std::string& size : sizes) {
    int pages = 0;
    if (!absl::SimpleAtoi(size, &pages) || pages < at_least) {
      return absl::InvalidArgumentError(
          absl::StrCat("--sizes: '", size, "' is not a number of pages (", at_least, " or more)"));
    }
    counts.push_back(pages);
  }
  return counts;
}

// Runs `run` on a fresh SQLite database in memory ("SQLite in memory"), then, when
// STATUSPHERE_PG_URL is set, on a fresh PostgreSQL database named after `prefix`
// ("PostgreSQL"); stops at the first error.
absl::Status OnEachDatabase(const std::string& prefix,
                            absl::FunctionRef<absl::Status(const std::string& backend, store::Store& store)> run);

// Whether OnEachDatabase runs on PostgreSQL too; says so on standard output when not.
bool WithPostgres();

}  // namespace statusphere::bench

#endif  // STATUSPHERE_BENCH_BENCH_RUN_H_
