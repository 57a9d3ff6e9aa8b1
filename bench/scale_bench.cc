// "Beyond one machine": what grows with the number of pages on PostgreSQL, and what does
// not. For each size, a fresh database is seeded, the real statusphere-server started on
// it, and timed over gRPC on 127.0.0.1:
//   - 8 concurrent scrapers (lease one page, report it, again), as tests/lease_exclusivity
//     runs them but timed: lease p50/p99, report p50/p99;
//   - ListStatusPages of every page, one page of 100 (a walk of 50 pages of 100 from the
//     middle of the list, following tokens), SearchStatusPages, CountStatusPages;
//   - the server's resident memory after them.
// Seeding goes through the store (ReconcileCatalog: batched INSERTs of 100 rows, as a
// catalog import does), then every page gets 3 components in one INSERT ... SELECT, so
// that the per-page status subqueries have rows to look at.
//
//   eval "$(scripts/pg_throwaway.sh start)"
//   bazel run -c opt //bench:scale_bench -- --sizes=1000,10000,100000
//
// Reads go through the answer cache, which every report of a scraper on this server
// empties: with scrapers reporting, the store's cost is what readers meet.
//
// --mode=steady measures ingest instead: the steady-state mix of reports (most pages
// unchanged, a few changing, some failing) for each number of scrapers and servers on the
// one database, with the CPU each report cost the servers, PostgreSQL and the bench
// (RunSteady; the README's "Beyond one machine" has the figures).
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/bench_run.h"
#include "common/proto_time.h"
#include "grpcpp/create_channel.h"
#include "pqxx/pqxx"
#include "server/store/postgres/postgres_store.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/postgres_database.h"
#include "tests/support/server_process.h"
#include "tests/support/subprocess.h"

ABSL_FLAG(std::vector<std::string>, sizes, std::vector<std::string>({"1000", "10000", "100000"}),
          "numbers of pages, one run each");
ABSL_FLAG(int, scrapers, 8, "concurrent lease + report loops");
ABSL_FLAG(absl::Duration, scrape_time, absl::Seconds(15), "how long the scrapers run at each size");
ABSL_FLAG(int, reads, 50, "calls per read kind (ListStatusPages of every page: a fifth of these)");
ABSL_FLAG(std::string, mode, "reads",
          "reads: 8 scrapers reporting a new incident each time, then the reads timed; steady: the steady-state "
          "ingest mix (most pages unchanged, a few changing, some failing) for each number of scrapers and servers");
ABSL_FLAG(std::vector<std::string>, steady_scrapers, std::vector<std::string>({"1", "2", "4"}),
          "steady mode: numbers of scrapers, one run each (with each number of servers)");
ABSL_FLAG(std::vector<std::string>, steady_servers, std::vector<std::string>({"1", "2"}),
          "steady mode: numbers of servers on the one database");
ABSL_FLAG(int, steady_workers, 16, "steady mode: lease + report loops per scraper (the scraper's --workers)");
ABSL_FLAG(int, steady_batch, 2, "steady mode: pages per lease (the scraper's --batch_size)");
ABSL_FLAG(absl::Duration, steady_time, absl::Seconds(20), "steady mode: how long each run lasts");
ABSL_FLAG(double, not_modified, 0.60, "steady mode: share of reports that are 304s");
ABSL_FLAG(double, changing, 0.03, "steady mode: share of reports with new content (a new incident)");
ABSL_FLAG(double, failing, 0.02, "steady mode: share of reports that are failures; the rest are 200s unchanged");
ABSL_FLAG(bool, steady_list, false,
          "steady mode: one reader asks the first server for every page (ListStatusPages without page_size) "
          "throughout each run, timed");

namespace {

using namespace statusphere;      // NOLINT
using namespace statusphere::v1;  // NOLINT

struct Percentiles {
  double p50 = 0, p99 = 0;
  size_t n = 0;
};

Percentiles Of(std::vector<double> ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], ms.size()};
}

double MsSince(absl::Time start) { return absl::ToDoubleMilliseconds(absl::Now() - start); }

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  return context;
}

// ScrapeService's calls carry the scraper token (ServerProcess gives the server the test one).
std::unique_ptr<grpc::ClientContext> ScraperContext() {
  auto context = Context();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", statusphere::testing::kTestScraperToken));
  return context;
}

// VmRSS and VmHWM of a process, in MiB.
std::pair<double, double> Memory(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  double rss = 0, hwm = 0;
  while (std::getline(in, line)) {
    double kb = 0;
    if (line.rfind("VmRSS:", 0) == 0 && absl::SimpleAtod(line.substr(6, line.size() - 9), &kb)) rss = kb / 1024;
    if (line.rfind("VmHWM:", 0) == 0 && absl::SimpleAtod(line.substr(6, line.size() - 9), &kb)) hwm = kb / 1024;
  }
  return {rss, hwm};
}

absl::Status Seed(const std::string& url, int pages, double* seconds) {
  const absl::Time start = absl::Now();
  auto store = store::PostgresStore::Open(url, 2);
  if (!store.ok()) return store.status();
  std::vector<store::NewPage> entries;
  entries.reserve(pages);
  for (int i = 0; i < pages; ++i) {
    entries.push_back({absl::StrCat("Vendor ", i, " Cloud"), absl::StrFormat("https://status.vendor%06d.example", i),
                       "atlassian-statuspage", store::PageOrigin::kCatalog});
  }
  absl::StatusOr<store::CatalogReconciliation> added = (*store)->ReconcileCatalog(entries, absl::Now());
  if (!added.ok()) return added.status();
  try {
    pqxx::connection c(url);
    pqxx::work tx(c);
    // One in 50 pages has a degraded component: their status is DEGRADED in every list.
    tx.exec(
        "INSERT INTO components (page_url, position, id, name, status, group_name) "
        "SELECT p.url, g, 'c' || g, 'Component ' || g, "
        "CASE WHEN g = 1 AND hashtext(p.url) % 50 = 0 THEN 'degraded_performance' ELSE 'operational' END, '' "
        "FROM pages p, generate_series(1, 3) g");
    tx.exec("ANALYZE");
    tx.commit();
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
  *seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return absl::OkStatus();
}

struct ScrapeFigures {
  Percentiles lease, report;
  int reports = 0, failed = 0;
};

// `scrapers` loops, each leasing one page and reporting it (one open incident, 3
// components) until `run` has passed.
// A new incident `id`, open for ten minutes, with its first update: what a changed page
// reports, in both modes.
void AddOpenIncident(ScrapeSuccess* success, const std::string& id) {
  Incident* incident = success->add_incidents();
  incident->set_id(id);
  incident->set_title("Elevated error rates");
  incident->set_impact("minor");
  *incident->mutable_start_time() = ToProto(absl::Now() - absl::Minutes(10));
  auto* update = incident->add_events();
  update->set_id(incident->id() + "-1");
  update->set_title("Investigating");
  update->set_description("We are looking into elevated error rates.");
  *update->mutable_time() = incident->start_time();
}

// The page's three components, the first `first_status`, the others operational.
void AddComponents(ScrapeSuccess* success, const std::string& first_status) {
  for (int c = 1; c <= 3; ++c) {
    Component* component = success->add_components();
    component->set_id(absl::StrCat("c", c));
    component->set_name(absl::StrCat("Component ", c));
    component->set_status(c == 1 ? first_status : "operational");
  }
}

// Scraper `s`'s lease of up to `max_pages` pages for a minute, as both modes ask.
LeaseStatusPagesRequest LeaseRequest(int s, int max_pages) {
  LeaseStatusPagesRequest lease;
  lease.set_scraper_id(absl::StrCat("bench-", s));
  lease.set_max_pages(max_pages);
  lease.mutable_lease_duration()->set_seconds(60);
  return lease;
}

// A fresh database with `pages` pages (and the seconds the seeding took), for one run.
absl::StatusOr<std::string> SeededDatabase(int pages, double* seed_seconds) {
  absl::StatusOr<std::string> database = testing::FreshPostgresDatabase("scale_bench");
  if (!database.ok()) return database.status();
  if (absl::Status s = Seed(*database, pages, seed_seconds); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("seeding: ", s.message()));
  }
  return database;
}

// The real server on that database, unthrottled and without notifications.
absl::StatusOr<std::unique_ptr<testing::ServerProcess>> StartServer(const std::string& database,
                                                                    const std::string& dir_name) {
  testing::ServerProcessOptions options;
  options.dir = testing::FreshTempDir(dir_name);
  options.postgres_url = database;
  options.flags = {"--rate_limit_rps=0", "--notify=false"};
  options.start_timeout = absl::Minutes(2);
  return testing::ServerProcess::Start(std::move(options));
}

ScrapeFigures Scrape(const std::string& address, int scrapers, absl::Duration run) {
  std::vector<std::vector<double>> lease_ms(scrapers), report_ms(scrapers);
  std::atomic<int> failed{0};
  const absl::Time end = absl::Now() + run;
  std::vector<std::thread> threads;
  for (int s = 0; s < scrapers; ++s) {
    threads.emplace_back([&, s] {
      // A channel each, as separate scraper processes would have.
      auto stub = ScrapeService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
      int n = 0;
      while (absl::Now() < end) {
        const LeaseStatusPagesRequest lease = LeaseRequest(s, 1);
        LeaseStatusPagesResponse leased;
        absl::Time t = absl::Now();
        if (!stub->LeaseStatusPages(ScraperContext().get(), lease, &leased).ok()) {
          ++failed;
          continue;
        }
        lease_ms[s].push_back(MsSince(t));
        for (const Lease& l : leased.leases()) {
          ReportScrapeResultRequest report;
          report.set_lease_id(l.lease_id());
          ScrapeSuccess* success = report.mutable_success();
          AddOpenIncident(success, absl::StrCat("bench-", s, "-", n++));
          AddComponents(success, "partial_outage");
          ReportScrapeResultResponse reported;
          t = absl::Now();
          if (stub->ReportScrapeResult(ScraperContext().get(), report, &reported).ok()) {
            report_ms[s].push_back(MsSince(t));
          } else {
            ++failed;
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<double> leases, reports;
  for (int s = 0; s < scrapers; ++s) {
    leases.insert(leases.end(), lease_ms[s].begin(), lease_ms[s].end());
    reports.insert(reports.end(), report_ms[s].begin(), report_ms[s].end());
  }
  ScrapeFigures figures{Of(leases), Of(reports)};
  figures.reports = static_cast<int>(reports.size());
  figures.failed = failed;
  return figures;
}

template <typename Call>
Percentiles Time(int times, Call call) {
  std::vector<double> ms;
  for (int i = 0; i < times; ++i) {
    const absl::Time t = absl::Now();
    if (!call(i)) {
      std::cerr << "a read failed\n";
      continue;
    }
    ms.push_back(MsSince(t));
  }
  return Of(ms);
}

int RunSize(int pages) {
  double seed_seconds = 0;
  absl::StatusOr<std::string> database = SeededDatabase(pages, &seed_seconds);
  if (!database.ok()) {
    std::cerr << database.status() << "\n";
    return 1;
  }
  auto server = StartServer(*database, "scale_bench");
  if (!server.ok()) {
    std::cerr << server.status() << "\n";
    return 1;
  }
  const auto [rss_start, hwm_start] = Memory((*server)->pid());
  const ScrapeFigures scrape =
      Scrape((*server)->address(), absl::GetFlag(FLAGS_scrapers), absl::GetFlag(FLAGS_scrape_time));

  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);  // every page of 100,000 is tens of megabytes
  auto stub = StatusPageService::NewStub(
      grpc::CreateCustomChannel((*server)->address(), grpc::InsecureChannelCredentials(), args));
  const int reads = absl::GetFlag(FLAGS_reads);
  size_t all_bytes = 0;
  const Percentiles list_all = Time(std::max(3, reads / 5), [&](int) {
    ListStatusPagesResponse response;
    if (!stub->ListStatusPages(Context().get(), {}, &response).ok()) return false;
    all_bytes = response.ByteSizeLong();
    return response.status_pages_size() == pages;
  });
  // The middle of the list: the page a walk reaches after half the pages.
  ListStatusPagesRequest slice;
  slice.set_page_size(100);
  {
    ListStatusPagesRequest to_middle;
    to_middle.set_page_size(std::max(1, pages / 2));
    ListStatusPagesResponse response;
    if (!stub->ListStatusPages(Context().get(), to_middle, &response).ok()) return 1;
    slice.set_page_token(response.next_page_token());
  }
  const Percentiles list_first = Time(reads, [&](int) {
    ListStatusPagesRequest first;
    first.set_page_size(100);
    ListStatusPagesResponse response;
    return stub->ListStatusPages(Context().get(), first, &response).ok() && response.status_pages_size() == 100;
  });
  const Percentiles list_walk = Time(std::min(reads, pages / 200), [&](int) {
    ListStatusPagesResponse response;
    if (!stub->ListStatusPages(Context().get(), slice, &response).ok() || response.status_pages_size() != 100) {
      return false;
    }
    slice.set_page_token(response.next_page_token());
    return true;
  });
  const Percentiles search = Time(reads, [&](int i) {
    SearchStatusPagesRequest request;
    request.set_query(absl::StrCat("vendor ", (i * 7919) % pages));
    SearchStatusPagesResponse response;
    return stub->SearchStatusPages(Context().get(), request, &response).ok() && response.status_pages_size() > 0;
  });
  const Percentiles count = Time(reads, [&](int) {
    CountStatusPagesResponse response;
    return stub->CountStatusPages(Context().get(), {}, &response).ok() && response.status_page_count() == pages;
  });
  const auto [rss, hwm] = Memory((*server)->pid());
  (*server)->Stop(absl::Seconds(10));

  std::cout << absl::StrFormat(
      "%7d pages (seeded in %.1f s): %d scrapers, %d reports in %s (%d failed calls)\n"
      "        lease   p50 %7.2f ms  p99 %7.2f ms (%zu)\n"
      "        report  p50 %7.2f ms  p99 %7.2f ms\n"
      "        ListStatusPages, every page (%.1f MB)  p50 %8.2f ms  p99 %8.2f ms (%zu)\n"
      "        ListStatusPages, first 100             p50 %8.2f ms  p99 %8.2f ms\n"
      "        ListStatusPages, 100 from the middle   p50 %8.2f ms  p99 %8.2f ms (%zu, following tokens)\n"
      "        SearchStatusPages                      p50 %8.2f ms  p99 %8.2f ms\n"
      "        CountStatusPages                       p50 %8.2f ms  p99 %8.2f ms\n"
      "        server RSS %.0f MiB at start, %.0f MiB after (peak %.0f MiB)\n",
      pages, seed_seconds, absl::GetFlag(FLAGS_scrapers), scrape.reports,
      absl::FormatDuration(absl::GetFlag(FLAGS_scrape_time)), scrape.failed, scrape.lease.p50, scrape.lease.p99,
      scrape.lease.n, scrape.report.p50, scrape.report.p99, all_bytes / 1e6, list_all.p50, list_all.p99, list_all.n,
      list_first.p50, list_first.p99, list_walk.p50, list_walk.p99, list_walk.n, search.p50, search.p99, count.p50,
      count.p99, rss_start, rss, hwm);
  std::cout.flush();
  return 0;
}

// ---- Steady state: the ingest of a fleet whose pages mostly say what they said before.

// The fields of /proc/<pid>/stat after the command (proc(5)'s third field, the state, on).
std::vector<std::string> StatFields(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 2 > stat.size()) return {};
  return absl::StrSplit(stat.substr(close + 2), ' ');
}

// User and system CPU of a process so far, in ms (0 once it is gone).
double CpuMs(pid_t pid) {
  const std::vector<std::string> fields = StatFields(pid);
  double utime = 0, stime = 0;  // fields 14 and 15 of proc(5)
  if (fields.size() < 13 || !absl::SimpleAtod(fields[11], &utime) || !absl::SimpleAtod(fields[12], &stime)) return 0;
  return (utime + stime) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

pid_t ParentOf(pid_t pid) {
  const std::vector<std::string> fields = StatFields(pid);
  int parent = 0;
  return fields.size() > 1 && absl::SimpleAtoi(fields[1], &parent) ? parent : 0;
}

// The CPU of the throwaway PostgreSQL cluster's processes (the postmaster and its children,
// backends and background workers), by pid: its first line of postmaster.pid names it.
std::map<pid_t, double> PostgresCpu() {
  std::map<pid_t, double> cpu;
  const char* dir = std::getenv("STATUSPHERE_PG_DIR");
  if (dir == nullptr) return cpu;
  std::ifstream pid_file(absl::StrCat(dir, "/data/postmaster.pid"));
  int postmaster = 0;
  if (!(pid_file >> postmaster) || postmaster <= 0) return cpu;
  cpu[postmaster] = CpuMs(postmaster);
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    int pid = 0;
    if (!absl::SimpleAtoi(entry.path().filename().string(), &pid)) continue;
    if (ParentOf(pid) == postmaster) cpu[pid] = CpuMs(pid);
  }
  return cpu;
}

// CPU spent between two readings: processes started meanwhile count whole; those that
// ended meanwhile are missed (the servers' pooled connections live through a run).
double CpuBetween(const std::map<pid_t, double>& before, const std::map<pid_t, double>& after) {
  double ms = 0;
  for (const auto& [pid, now] : after) {
    auto it = before.find(pid);
    ms += now - (it == before.end() ? 0 : it->second);
  }
  return ms;
}

double OwnCpuMs() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return absl::StrCat(one, " ", five);
}

// What an unchanged page says on every scrape: one resolved incident and three components.
// Fixed times: its digest is the same on every report of every page.
void UnchangedContent(ScrapeSuccess* success) {
  Incident* incident = success->add_incidents();
  incident->set_id("resolved-1");
  incident->set_title("Delayed notifications");
  incident->set_impact("minor");
  *incident->mutable_start_time() = ToProto(absl::FromUnixSeconds(1767225600));
  *incident->mutable_end_time() = ToProto(absl::FromUnixSeconds(1767229200));
  auto* update = incident->add_events();
  update->set_id("resolved-1-1");
  update->set_title("Resolved");
  update->set_description("Notifications are delivered on time again.");
  *update->mutable_time() = incident->end_time();
  AddComponents(success, "operational");
}

enum class Outcome { kNotModified, kUnchanged, kChanged, kFailed };

// A report of `lease_id` with `outcome`; `n` makes a change new.
ReportScrapeResultRequest SteadyReport(const std::string& lease_id, Outcome outcome, const std::string& n) {
  ReportScrapeResultRequest report;
  report.set_lease_id(lease_id);
  switch (outcome) {
    case Outcome::kNotModified:
      report.mutable_not_modified();
      break;
    case Outcome::kFailed:
      report.mutable_failure()->set_message("HTTP 503 from the status page");
      report.mutable_failure()->set_reason(ScrapeFailure::HTTP_ERROR);
      break;
    case Outcome::kUnchanged:
    case Outcome::kChanged: {
      ScrapeSuccess* success = report.mutable_success();
      UnchangedContent(success);
      if (outcome == Outcome::kUnchanged) break;
      AddOpenIncident(success, absl::StrCat("open-", n));
      break;
    }
  }
  return report;
}

// Micros far ahead: every page's backfill done, as in a fleet that has run for a while.
constexpr int64_t kBackfillDone = int64_t{4102444800} * 1000000;  // 2100-01-01

// Every page due, none leased, each with the digest of UnchangedContent as the last
// merged report's: the state before each run.
absl::Status ResetPages(const std::string& url, const std::string& digest) {
  try {
    pqxx::connection c(url);
    {
      pqxx::work tx(c);
      tx.exec("DELETE FROM leases");
      // Due at times spread over the 5 minutes before now, as a fleet scraped every 5 minutes
      // comes due: the whole fleet is a backlog, so a run measures what the servers and the
      // database can take, not the schedule's pace.
      tx.exec_params(
          "UPDATE pages SET next_current_at = $3 - (hashtext(url)::bigint & 2147483647) % 300000000, "
          "next_historical_at = $2, report_digest = $1, consecutive_failures = 0",
          digest, kBackfillDone, absl::ToUnixMicros(absl::Now()));
      tx.commit();
    }
    pqxx::nontransaction vacuum(c);
    vacuum.exec("VACUUM ANALYZE pages");
    vacuum.exec("VACUUM ANALYZE leases");
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
  return absl::OkStatus();
}

// The digest the server keeps for UnchangedContent: one page leased and reported through it.
absl::StatusOr<std::string> UnchangedDigest(const std::string& address, const std::string& url) {
  auto stub = ScrapeService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  LeaseStatusPagesRequest lease;
  lease.set_scraper_id("bench-digest");
  lease.set_max_pages(1);
  LeaseStatusPagesResponse leased;
  if (grpc::Status s = stub->LeaseStatusPages(ScraperContext().get(), lease, &leased);
      !s.ok() || leased.leases().empty()) {
    return absl::InternalError(absl::StrCat("no page to lease for the digest: ", s.error_message()));
  }
  ReportScrapeResultResponse reported;
  if (grpc::Status s = stub->ReportScrapeResult(
          ScraperContext().get(), SteadyReport(leased.leases(0).lease_id(), Outcome::kUnchanged, ""), &reported);
      !s.ok()) {
    return absl::InternalError(s.error_message());
  }
  try {
    pqxx::connection c(url);
    pqxx::work tx(c);
    pqxx::result r =
        tx.exec_params("SELECT report_digest FROM pages WHERE url = $1", leased.leases(0).status_page().url());
    if (r.empty() || r[0][0].as<std::string>().empty()) return absl::InternalError("the report left no digest");
    return r[0][0].as<std::string>();
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
}

struct SteadyFigures {
  Percentiles lease, report, list;
  int reports = 0, failed = 0, empty_leases = 0;
  int by_outcome[4] = {0, 0, 0, 0};
};

// `scrapers` scrapers, each a channel of its own to one of the servers (in turn) with
// `workers` loops leasing `batch` pages and reporting each, as statusphere-scraper's
// workers do, without the fetch: what is measured is the server and the database.
SteadyFigures SteadyIngest(const std::vector<std::string>& addresses, int scrapers, int workers, int batch,
                           absl::Duration run, bool list) {
  const int loops = scrapers * workers;
  std::vector<std::vector<double>> lease_ms(loops), report_ms(loops);
  std::vector<std::array<int, 4>> outcomes(loops, std::array<int, 4>{});
  std::atomic<int> failed{0}, empty{0};
  const double not_modified = absl::GetFlag(FLAGS_not_modified), changing = absl::GetFlag(FLAGS_changing),
               failing = absl::GetFlag(FLAGS_failing);
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int s = 0; s < scrapers; ++s) {
    channels.push_back(grpc::CreateChannel(addresses[s % addresses.size()], grpc::InsecureChannelCredentials()));
  }
  const absl::Time end = absl::Now() + run;
  std::vector<std::thread> threads;
  for (int loop = 0; loop < loops; ++loop) {
    threads.emplace_back([&, loop] {
      const int s = loop / workers;
      auto stub = ScrapeService::NewStub(channels[s]);
      std::mt19937_64 random(loop + 1);
      std::uniform_real_distribution<double> share(0, 1);
      int n = 0;
      while (absl::Now() < end) {
        const LeaseStatusPagesRequest lease = LeaseRequest(s, batch);
        LeaseStatusPagesResponse leased;
        absl::Time t = absl::Now();
        if (!stub->LeaseStatusPages(ScraperContext().get(), lease, &leased).ok()) {
          ++failed;
          continue;
        }
        lease_ms[loop].push_back(MsSince(t));
        if (leased.leases().empty()) {
          ++empty;
          absl::SleepFor(absl::Milliseconds(100));
          continue;
        }
        for (const Lease& l : leased.leases()) {
          const double r = share(random);
          const Outcome outcome = r < failing                             ? Outcome::kFailed
                                  : r < failing + changing                ? Outcome::kChanged
                                  : r < failing + changing + not_modified ? Outcome::kNotModified
                                                                          : Outcome::kUnchanged;
          ReportScrapeResultRequest report = SteadyReport(l.lease_id(), outcome, absl::StrCat(loop, "-", n++));
          ReportScrapeResultResponse reported;
          t = absl::Now();
          if (stub->ReportScrapeResult(ScraperContext().get(), report, &reported).ok()) {
            report_ms[loop].push_back(MsSince(t));
            ++outcomes[loop][static_cast<int>(outcome)];
          } else {
            ++failed;
          }
        }
      }
    });
  }
  std::vector<double> list_ms;
  if (list) {
    threads.emplace_back([&] {
      grpc::ChannelArguments args;
      args.SetMaxReceiveMessageSize(-1);
      auto stub =
          StatusPageService::NewStub(grpc::CreateCustomChannel(addresses[0], grpc::InsecureChannelCredentials(), args));
      while (absl::Now() < end) {
        ListStatusPagesResponse response;
        const absl::Time t = absl::Now();
        if (!stub->ListStatusPages(Context().get(), {}, &response).ok()) {
          ++failed;
          continue;
        }
        list_ms.push_back(MsSince(t));
        absl::SleepFor(absl::Milliseconds(100));  // a client polling the list, not a flood
      }
    });
  }
  for (auto& t : threads) t.join();
  SteadyFigures figures;
  std::vector<double> leases, reports;
  for (int loop = 0; loop < loops; ++loop) {
    leases.insert(leases.end(), lease_ms[loop].begin(), lease_ms[loop].end());
    reports.insert(reports.end(), report_ms[loop].begin(), report_ms[loop].end());
    for (int o = 0; o < 4; ++o) figures.by_outcome[o] += outcomes[loop][o];
  }
  figures.lease = Of(leases);
  figures.report = Of(reports);
  figures.list = Of(list_ms);
  figures.reports = static_cast<int>(reports.size());
  figures.failed = failed;
  figures.empty_leases = empty;
  return figures;
}

int RunSteady(int pages) {
  double seed_seconds = 0;
  absl::StatusOr<std::string> database = SeededDatabase(pages, &seed_seconds);
  if (!database.ok()) {
    std::cerr << database.status() << "\n";
    return 1;
  }
  std::vector<int> server_counts, scraper_counts;
  for (const auto& [names, counts] : {std::pair{absl::GetFlag(FLAGS_steady_servers), &server_counts},
                                      std::pair{absl::GetFlag(FLAGS_steady_scrapers), &scraper_counts}}) {
    for (const std::string& name : names) {
      int count = 0;
      if (!absl::SimpleAtoi(name, &count) || count < 1) {
        std::cerr << "--steady_servers / --steady_scrapers: '" << name << "' is not a positive number\n";
        return 2;
      }
      counts->push_back(count);
    }
  }
  std::vector<std::unique_ptr<testing::ServerProcess>> servers;
  for (int i = 0; i < *std::max_element(server_counts.begin(), server_counts.end()); ++i) {
    auto server = StartServer(*database, absl::StrCat("scale_bench_steady_", i));
    if (!server.ok()) {
      std::cerr << server.status() << "\n";
      return 1;
    }
    servers.push_back(std::move(*server));
  }
  absl::StatusOr<std::string> digest = UnchangedDigest(servers[0]->address(), *database);
  if (!digest.ok()) {
    std::cerr << "the unchanged content's digest: " << digest.status() << "\n";
    return 1;
  }
  std::cout << absl::StrFormat(
      "%d pages (seeded in %.1f s); mix: %.0f %% 304, %.0f %% unchanged 200, %.0f %% changed, "
      "%.0f %% failed; %d workers per scraper leasing %d pages\n",
      pages, seed_seconds, 100 * absl::GetFlag(FLAGS_not_modified),
      100 * (1 - absl::GetFlag(FLAGS_not_modified) - absl::GetFlag(FLAGS_changing) - absl::GetFlag(FLAGS_failing)),
      100 * absl::GetFlag(FLAGS_changing), 100 * absl::GetFlag(FLAGS_failing), absl::GetFlag(FLAGS_steady_workers),
      absl::GetFlag(FLAGS_steady_batch));
  for (int server_count : server_counts) {
    std::vector<std::string> addresses;
    for (int i = 0; i < server_count; ++i) addresses.push_back(servers[i]->address());
    for (int scrapers : scraper_counts) {
      if (absl::Status s = ResetPages(*database, *digest); !s.ok()) {
        std::cerr << "resetting the pages: " << s << "\n";
        return 1;
      }
      const std::string load_before = LoadAverage();
      std::vector<double> server_cpu;
      for (int i = 0; i < server_count; ++i) server_cpu.push_back(CpuMs(servers[i]->pid()));
      const std::map<pid_t, double> pg_before = PostgresCpu();
      const double own_before = OwnCpuMs();
      const absl::Time start = absl::Now();
      const SteadyFigures f =
          SteadyIngest(addresses, scrapers, absl::GetFlag(FLAGS_steady_workers), absl::GetFlag(FLAGS_steady_batch),
                       absl::GetFlag(FLAGS_steady_time), absl::GetFlag(FLAGS_steady_list));
      const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
      double server_ms = 0;
      std::string per_server;
      for (int i = 0; i < server_count; ++i) {
        const double ms = CpuMs(servers[i]->pid()) - server_cpu[i];
        server_ms += ms;
        absl::StrAppend(&per_server, i == 0 ? "" : " + ", absl::StrFormat("%.0f", ms / 10 / seconds), " %");
      }
      const double pg_ms = CpuBetween(pg_before, PostgresCpu());
      const double own_ms = OwnCpuMs() - own_before;
      const double reports = std::max(1, f.reports);
      std::cout << absl::StrFormat(
          "  %d server(s), %d scraper(s) x %d: %6.1f reports/s (%d in %.1f s: %d 304, %d unchanged, %d changed, "
          "%d failed; %d failed calls, %d empty leases); load %s -> %s\n"
          "        lease p50 %6.2f ms p99 %7.2f ms; report p50 %6.2f ms p99 %7.2f ms\n"
          "        CPU per report: server %.3f ms (%s of a core), PostgreSQL %.3f ms (%.0f %%), "
          "scrapers (this bench) %.3f ms (%.0f %%)\n",
          server_count, scrapers, absl::GetFlag(FLAGS_steady_workers), f.reports / seconds, f.reports, seconds,
          f.by_outcome[0], f.by_outcome[1], f.by_outcome[2], f.by_outcome[3], f.failed, f.empty_leases, load_before,
          LoadAverage(), f.lease.p50, f.lease.p99, f.report.p50, f.report.p99, server_ms / reports, per_server,
          pg_ms / reports, pg_ms / 10 / seconds, own_ms / reports, own_ms / 10 / seconds);
      if (f.list.n > 0) {
        std::cout << absl::StrFormat(
            "        ListStatusPages, every page, under this ingest: p50 %.1f ms p99 %.1f ms (%zu)\n", f.list.p50,
            f.list.p99, f.list.n);
      }
      std::cout.flush();
    }
  }
  for (auto& server : servers) server->Stop(absl::Seconds(10));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  if (!testing::PostgresServerUrl().ok()) {
    std::cerr << "STATUSPHERE_PG_URL is not set: eval \"$(scripts/pg_throwaway.sh start)\" first\n";
    return 2;
  }
  std::cout << "scale benchmark on PostgreSQL; load average at start: " << bench::LoadAverage() << "\n";
  absl::StatusOr<std::vector<int>> sizes = bench::PageCounts(absl::GetFlag(FLAGS_sizes), 200);
  if (!sizes.ok()) {
    std::cerr << sizes.status().message() << "\n";
    return 2;
  }
  for (const int pages : *sizes) {
    const int rc = absl::GetFlag(FLAGS_mode) == "steady" ? RunSteady(pages) : RunSize(pages);
    if (rc != 0) return rc;
  }
  return 0;
}
