// Storage benchmark: ingest rate (incidents upserted per second, through leases and
// reports exactly as the ScrapeService applies them) and API query latency, on the
// embedded SQLite store and on PostgreSQL, with the same data in the same run.
//
//   bazel run -c opt //bench:ingest_bench -- --pages=10000 --incidents_per_page=100 \
//       --postgres_url=postgresql://postgres@127.0.0.1:5432/postgres
// (10,000 x 100 = 1 million incidents; the defaults are smaller.) Without --postgres_url
// only SQLite runs.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "pqxx/pqxx"
#include "server/store/postgres/postgres_store.h"
#include "server/store/sqlite/sqlite_store.h"

ABSL_FLAG(int, pages, 1000, "status pages");
ABSL_FLAG(int, incidents_per_page, 100, "incidents reported per page");
ABSL_FLAG(int, queries, 2000, "queries per kind for the latency figures");
ABSL_FLAG(std::string, postgres_url, "", "PostgreSQL maintenance database URL (a fresh database is created)");

namespace {

using namespace statusphere;         // NOLINT
using namespace statusphere::store;  // NOLINT

Incident MakeIncident(int page, int n, absl::Time now) {
  Incident i;
  i.set_id(absl::StrCat("p", page, "-i", n));
  i.set_title(absl::StrCat("Elevated error rates for service ", n % 13));
  i.set_impact(n % 3 == 0 ? "major" : "minor");
  const absl::Time start = now - absl::Hours(24 * (n + 1));
  *i.mutable_start_time() = ToProto(start);
  if (n > 0) *i.mutable_end_time() = ToProto(start + absl::Hours(1));
  for (int u = 0; u < 3; ++u) {
    auto* e = i.add_events();
    e->set_id(absl::StrCat(i.id(), "-u", u));
    e->set_title(u == 2 ? "Resolved" : "Update");
    e->set_description("We are looking into elevated error rates and will post more as we learn it.");
    *e->mutable_time() = ToProto(start + absl::Minutes(20 * u));
  }
  return i;
}

struct Percentiles {
  double p50, p99;
};

Percentiles Measure(std::vector<double>& ms) {
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

void Run(const std::string& name, Store& store) {
  const int pages = absl::GetFlag(FLAGS_pages), per_page = absl::GetFlag(FLAGS_incidents_per_page);
  const absl::Time now = absl::Now();
  for (int p = 0; p < pages; ++p) {
    (void)store.AddPage(
        {absl::StrCat("Page ", p), absl::StrCat("https://status", p, ".bench.example"), "", PageOrigin::kAdmin}, now);
  }
  SchedulePolicy policy = [](const ScheduleInput& in) { return in.now + absl::Hours(1); };
  long stored = 0;
  const absl::Time start = absl::Now();
  while (true) {
    auto leases = store.LeaseDuePages("bench", 100, absl::Minutes(5), now);
    if (!leases.ok() || leases->empty()) break;
    for (const auto& lease : *leases) {
      const int page = std::stoi(lease.page.url().substr(14));  // "https://status<N>.bench..."
      ScrapeReport report;
      for (int n = 0; n < per_page; ++n) report.incidents.push_back(MakeIncident(page, n, now));
      auto summary = store.ApplyReport(lease.lease_id, report, policy, now);
      if (summary.ok()) stored += summary->created;
    }
  }
  const double ingest_seconds = absl::ToDoubleSeconds(absl::Now() - start);

  absl::BitGen gen;
  std::vector<double> list_ms, status_ms;
  for (int q = 0; q < absl::GetFlag(FLAGS_queries); ++q) {
    const std::string url = absl::StrCat("https://status", absl::Uniform(gen, 0, pages), ".bench.example");
    absl::Time t0 = absl::Now();
    (void)store.ListIncidents({url, {}, 50});
    list_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
    t0 = absl::Now();
    (void)store.GetPageByUrl(url);
    (void)store.ListUnresolvedIncidents(url);
    status_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
  }
  const Percentiles list = Measure(list_ms), status = Measure(status_ms);
  std::cout << absl::StrFormat(
      "  %-10s ingest %8.0f incidents/s (%ld in %.1fs) | incidents?limit=50 p50 %.2f ms p99 %.2f ms | "
      "currentStatus p50 %.2f ms p99 %.2f ms\n",
      name, stored / ingest_seconds, stored, ingest_seconds, list.p50, list.p99, status.p50, status.p99);
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::cout << "storage benchmark: " << absl::GetFlag(FLAGS_pages) << " pages x "
            << absl::GetFlag(FLAGS_incidents_per_page) << " incidents (3 updates each), no read cache\n";
  const std::string path = absl::StrCat("/tmp/statusphere-ingest-bench-", getpid(), ".sqlite");
  {
    auto sqlite = SqliteStore::Open(path);
    if (!sqlite.ok()) {
      std::cerr << sqlite.status() << "\n";
      return 1;
    }
    Run("sqlite", **sqlite);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove(absl::StrCat(path, suffix).c_str());
  if (const std::string admin = absl::GetFlag(FLAGS_postgres_url); !admin.empty()) {
    const std::string db = absl::StrFormat("statusphere_bench_%d", getpid());
    try {
      pqxx::connection c(admin);
      pqxx::nontransaction tx(c);
      tx.exec("CREATE DATABASE " + db);
    } catch (const std::exception& e) {
      std::cerr << "cannot create the bench database: " << e.what() << "\n";
      return 1;
    }
    auto postgres = PostgresStore::Open(admin.substr(0, admin.rfind('/') + 1) + db, 4);
    if (!postgres.ok()) {
      std::cerr << postgres.status() << "\n";
      return 1;
    }
    Run("postgres", **postgres);
  }
  return 0;
}
