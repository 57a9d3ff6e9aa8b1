// statusphere-scraper: leases due pages from statusphere-server, fetches and parses them,
// and reports the results. Stateless: run as many as you like against one server.
// Every flag also reads from STATUSPHERE_<FLAG>; the command line wins.
//
//   statusphere-scraper --server=127.0.0.1:50051           # the daemon
//   statusphere-scraper --once https://www.githubstatus.com  # scrape one page now, print it
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/bearer_token.h"
#include "common/env_flags.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "common/metrics/process.h"
#include "common/tls_credentials.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "scraper/page_scrape.h"
#include "scraper/worker.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "statusphere-server address (host:port)");
ABSL_FLAG(int, workers, 16, "pages scraped at once (one worker thread each)");
ABSL_FLAG(int, batch_size, 2, "pages each worker leases per request");
ABSL_FLAG(absl::Duration, lease_duration, absl::Minutes(2), "lease asked for each page");
ABSL_FLAG(absl::Duration, idle_wait, absl::Seconds(2), "wait when no page is due");
ABSL_FLAG(absl::Duration, fetch_timeout, absl::Seconds(30), "total time limit of one HTTP fetch");
ABSL_FLAG(absl::Duration, connect_timeout, absl::Seconds(10), "connect time limit of one HTTP fetch");
ABSL_FLAG(int64_t, max_body_bytes, 16 << 20, "largest response accepted (decompressed)");
ABSL_FLAG(int, max_redirects, 5, "redirects followed per fetch");
ABSL_FLAG(int, max_per_host, 6, "connections per host per worker");
ABSL_FLAG(int, max_workers_per_host, 4,
          "workers that may fetch from one host at once (politeness towards shared APIs such as api.status.io)");
ABSL_FLAG(std::string, allow_addresses, "",
          "comma-separated CIDR blocks the scraper may connect to although they are not public "
          "(e.g. 10.0.0.0/8 for intranet status pages); 'any' turns the SSRF guard off; empty "
          "allows public addresses only");
ABSL_FLAG(std::string, tls_ca_file, "", "talk to the server over TLS, trusting this CA (PEM)");
ABSL_FLAG(std::string, tls_client_cert_file, "", "client certificate (PEM) for a server that requires mutual TLS");
ABSL_FLAG(std::string, tls_client_key_file, "", "private key (PEM) of --tls_client_cert_file");
ABSL_FLAG(std::string, scraper_id, "", "name in the server's logs (default: hostname/pid)");
ABSL_FLAG(std::string, scraper_token_file, "",
          "file holding the scraper token the server checks (the server's <data_dir>/scraper_token); "
          "STATUSPHERE_SCRAPER_TOKEN holds the token itself");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9465",
          "host:port serving Prometheus metrics at /metrics (empty turns it off; each scraper on one host needs "
          "its own port)");
ABSL_FLAG(std::string, metrics_port_file, "", "if set, the metrics port is written here once serving");
ABSL_FLAG(absl::Duration, summary_interval, absl::Minutes(1),
          "how often an info line sums up the pages scraped since the last one (per-page lines are debug)");
ABSL_FLAG(bool, once, false, "scrape the page URLs given as arguments now, print the result as JSON, and exit");

namespace statusphere::scraper {
namespace {

FetcherOptions FetcherFromFlags() {
  FetcherOptions options;
  options.total_timeout = absl::GetFlag(FLAGS_fetch_timeout);
  options.connect_timeout = absl::GetFlag(FLAGS_connect_timeout);
  options.max_body_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_max_body_bytes));
  options.max_redirects = absl::GetFlag(FLAGS_max_redirects);
  options.max_per_host = absl::GetFlag(FLAGS_max_per_host);
  absl::StatusOr<AddressPolicy> addresses = AddressPolicy::Parse(absl::GetFlag(FLAGS_allow_addresses));
  if (!addresses.ok()) {
    // A typo here must not silently open (or close) the guard: refuse to start.
    std::cerr << "--allow_addresses: " << addresses.status().message() << "\n";
    std::exit(2);
  }
  options.addresses = *addresses;
  options.host_limiter = std::make_shared<HostLimiter>(absl::GetFlag(FLAGS_max_workers_per_host));
  return options;
}

// --once: no server involved; what a user runs to see why a page does or does not parse.
int ScrapeOnce(const std::vector<std::string>& urls) {
  if (urls.empty()) {
    std::cerr << "--once needs at least one status page URL\n";
    return 2;
  }
  Fetcher fetcher(FetcherFromFlags());
  int failures = 0;
  for (const std::string& url : urls) {
    for (auto kind : {v1::SCRAPE_KIND_CURRENT, v1::SCRAPE_KIND_HISTORICAL}) {
      v1::Lease lease;
      lease.set_lease_id("once");
      lease.mutable_status_page()->set_url(url);
      lease.set_kind(kind);
      v1::ReportScrapeResultRequest report = ScrapePage(lease, fetcher);
      report.clear_lease_id();
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(report, &json, options);
      std::cout << "# " << url << (kind == v1::SCRAPE_KIND_CURRENT ? " (current)" : " (historical)") << "\n" << json;
      if (report.has_failure()) ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

// Waits for SIGINT or SIGTERM, logging what was scraped every `interval` meanwhile: a
// person at the terminal sees the scraper at work without a line per page.
int WaitAndSummarize(const sigset_t& signals, absl::Duration interval, const WorkerStats& stats) {
  struct Counts {
    long scraped, successes, not_modified, failures, rejected, server_errors;
  };
  auto read = [&stats] {
    return Counts{stats.pages_scraped.load(), stats.successes.load(),        stats.not_modified.load(),
                  stats.failures.load(),      stats.reports_rejected.load(), stats.server_errors.load()};
  };
  Counts last = read();
  interval = std::max(interval, absl::Seconds(1));
  while (true) {
    const timespec wait = absl::ToTimespec(interval);
    const int signal_number = sigtimedwait(&signals, nullptr, &wait);
    if (signal_number > 0) return signal_number;
    const Counts now = read();
    log::Info("scraper.summary", {{"interval", absl::FormatDuration(interval)},
                                  {"pages", now.scraped - last.scraped},
                                  {"success", now.successes - last.successes},
                                  {"not_modified", now.not_modified - last.not_modified},
                                  {"failure", now.failures - last.failures},
                                  {"rejected", now.rejected - last.rejected},
                                  {"server_errors", now.server_errors - last.server_errors}});
    last = now;
  }
}

int RunDaemon() {
  WorkerOptions options;
  options.scraper_id = absl::GetFlag(FLAGS_scraper_id);
  if (options.scraper_id.empty()) {
    char host[256] = "host";
    gethostname(host, sizeof(host) - 1);
    options.scraper_id = absl::StrCat(host, "/", getpid());
  }
  // Without it every call would be refused: say so once, at start.
  absl::StatusOr<std::string> token = LoadToken(kScraperRole, absl::GetFlag(FLAGS_scraper_token_file));
  if (!token.ok()) {
    log::Error("scraper.token_missing", {{"error", std::string(token.status().message())}});
    return 2;
  }
  options.token = *token;
  options.batch_size = absl::GetFlag(FLAGS_batch_size);
  options.lease_duration = absl::GetFlag(FLAGS_lease_duration);
  options.idle_wait = absl::GetFlag(FLAGS_idle_wait);
  options.fetcher = FetcherFromFlags();
  if (options.lease_duration <= options.fetcher.total_timeout * 2) {
    log::Warn("scraper.lease_too_short", {{"hint", "--lease_duration should exceed twice --fetch_timeout"}});
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeChannelCredentials({absl::GetFlag(FLAGS_tls_ca_file), absl::GetFlag(FLAGS_tls_client_cert_file),
                              absl::GetFlag(FLAGS_tls_client_key_file)});
  if (!credentials.ok()) {
    log::Error("scraper.flag_invalid", {{"error", std::string(credentials.status().message())}});
    return 2;
  }
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_server), *credentials);
  auto stub = v1::ScrapeService::NewStub(channel);
  std::atomic<bool> stop{false};
  options.fetcher.cancel = &stop;
  WorkerStats stats;
  std::vector<std::thread> threads;
  const int workers = std::max(1, absl::GetFlag(FLAGS_workers));
  metrics::RegisterProcessMetrics("statusphere-scraper");
  metrics::DefaultRegistry()
      .AddGauge("statusphere_scraper_workers", "Worker threads of this scraper (pages scraped at once).")
      .With({})
      .Set(workers);
  std::unique_ptr<metrics::HttpEndpoint> metrics_endpoint =
      metrics::StartEndpoint(absl::GetFlag(FLAGS_metrics_listen), absl::GetFlag(FLAGS_metrics_port_file));
  for (int i = 0; i < workers; ++i) {
    threads.emplace_back([&] { RunWorker(*stub, options, ScrapePage, stop, stats); });
  }
  log::Info("scraper.started",
            {{"server", absl::GetFlag(FLAGS_server)}, {"workers", workers}, {"id", options.scraper_id}});
  const int signal_number = WaitAndSummarize(signals, absl::GetFlag(FLAGS_summary_interval), stats);
  log::Info("scraper.stopping", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  stop = true;
  for (auto& t : threads) t.join();
  log::Info("scraper.stopped",
            {{"pages_scraped", stats.pages_scraped.load()}, {"reports_rejected", stats.reports_rejected.load()}});
  return 0;
}

}  // namespace
}  // namespace statusphere::scraper

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "statusphere-scraper [--server=HOST:PORT] | --once URL...: leases due status pages from the server, "
      "scrapes them and reports results. Every flag can also be set as STATUSPHERE_<FLAG_IN_CAPITALS>.");
  // Debian's Abseil is built with Mutex deadlock detection on: every lock and unlock then
  // updates a global lock graph behind one global lock (2-3% of CPU under the scrape
  // benchmark, and contention between threads). The tests keep it, to catch lock cycles.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::vector<char*> positional = statusphere::ParseFlagsWithEnvironment(argc, argv);
  if (absl::Status s = statusphere::log::ConfigureFromFlags(); !s.ok()) {
    std::cerr << s.message() << "\n";
    return 2;
  }
  if (absl::GetFlag(FLAGS_once)) {
    return statusphere::scraper::ScrapeOnce(std::vector<std::string>(positional.begin() + 1, positional.end()));
  }
  return statusphere::scraper::RunDaemon();
}
