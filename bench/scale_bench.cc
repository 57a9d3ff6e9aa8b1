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
#include <sys/types.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
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

namespace {

using namespace statusphere;     // NOLINT
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
        LeaseStatusPagesRequest lease;
        lease.set_scraper_id(absl::StrCat("bench-", s));
        lease.set_max_pages(1);
        lease.mutable_lease_duration()->set_seconds(60);
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
          Incident* incident = success->add_incidents();
          incident->set_id(absl::StrCat("bench-", s, "-", n++));
          incident->set_title("Elevated error rates");
          incident->set_impact("minor");
          *incident->mutable_start_time() = ToProto(absl::Now() - absl::Minutes(10));
          auto* update = incident->add_events();
          update->set_id(incident->id() + "-1");
          update->set_title("Investigating");
          update->set_description("We are looking into elevated error rates.");
          *update->mutable_time() = incident->start_time();
          for (int c = 1; c <= 3; ++c) {
            Component* component = success->add_components();
            component->set_id(absl::StrCat("c", c));
            component->set_name(absl::StrCat("Component ", c));
            component->set_status(c == 1 ? "partial_outage" : "operational");
          }
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
  absl::StatusOr<std::string> database = testing::FreshPostgresDatabase("scale_bench");
  if (!database.ok()) {
    std::cerr << database.status() << "\n";
    return 1;
  }
  double seed_seconds = 0;
  if (absl::Status s = Seed(*database, pages, &seed_seconds); !s.ok()) {
    std::cerr << "seeding: " << s << "\n";
    return 1;
  }
  testing::ServerProcessOptions options;
  options.dir = testing::FreshTempDir("scale_bench");
  options.postgres_url = *database;
  options.flags = {"--rate_limit_rps=0", "--notify=false"};
  options.start_timeout = absl::Minutes(2);
  auto server = testing::ServerProcess::Start(std::move(options));
  if (!server.ok()) {
    std::cerr << server.status() << "\n";
    return 1;
  }
  const auto [rss_start, hwm_start] = Memory((*server)->pid());
  const ScrapeFigures scrape = Scrape((*server)->address(), absl::GetFlag(FLAGS_scrapers), absl::GetFlag(FLAGS_scrape_time));

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

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  if (!testing::PostgresServerUrl().ok()) {
    std::cerr << "STATUSPHERE_PG_URL is not set: eval \"$(scripts/pg_throwaway.sh start)\" first\n";
    return 2;
  }
  std::ifstream loadavg("/proc/loadavg");
  std::string load;
  std::getline(loadavg, load);
  std::cout << "scale benchmark on PostgreSQL; load average at start: " << load << "\n";
  for (const std::string& size : absl::GetFlag(FLAGS_sizes)) {
    int pages = 0;
    if (!absl::SimpleAtoi(size, &pages) || pages < 200) {
      std::cerr << "--sizes: '" << size << "' is not a number of pages (200 or more)\n";
      return 2;
    }
    if (int rc = RunSize(pages); rc != 0) return rc;
  }
  return 0;
}
