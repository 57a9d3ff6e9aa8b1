// statusphere-server: the gRPC server that owns storage. Every flag also reads from
// STATUSPHERE_<FLAG> (e.g. STATUSPHERE_DATA_DIR); the command line wins.
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/bearer_token.h"
#include "common/env_flags.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "common/metrics/process.h"
#include "common/tls_credentials.h"
#include "providers/registry.h"
#include "server/catalog.h"
#include "server/metrics/store_metrics.h"
#include "server/notify/mail_relay.h"
#include "server/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "host:port to serve gRPC on (port 0 picks a free one)");
ABSL_FLAG(std::string, data_dir, "data", "directory for the embedded database and the generated admin token");
ABSL_FLAG(std::string, sqlite_path, "", "SQLite database file (default: <data_dir>/statusphere.sqlite)");
ABSL_FLAG(std::string, postgres_url, "",
          "PostgreSQL connection string (e.g. postgresql://user@host:5432/statusphere); when set, "
          "PostgreSQL is the store instead of the embedded SQLite file");
ABSL_FLAG(int, postgres_pool_size, 16, "connections to PostgreSQL");
ABSL_FLAG(absl::Duration, answer_cache_max_age, absl::Milliseconds(500),
          "how long serialized answers of the read API (every StatusPageService call but the watch) are "
          "reused; this server's writes drop them at once, and a change stored through another server "
          "sharing PostgreSQL shows within this (0 disables)");
ABSL_FLAG(int, answer_cache_max_mb, 64, "memory the kept answers may take, in MiB");
ABSL_FLAG(std::string, catalog, "",
          "catalog file to reconcile at start (name<TAB>url<TAB>provider); empty uses the built-in "
          "catalog, 'none' skips reconciliation");
ABSL_FLAG(std::string, internal_listen, "",
          "host:port serving ScrapeService, AdminService and SubscriptionService, which are then not served on "
          "--listen (e.g. a cluster-internal address while --listen is public); empty serves them on --listen");
ABSL_FLAG(std::string, internal_port_file, "", "if set, the --internal_listen port is written here once serving");
ABSL_FLAG(std::string, admin_token_file, "",
          "file holding the AdminService bearer token (default: <data_dir>/admin_token, generated on first start); "
          "STATUSPHERE_ADMIN_TOKEN holds the token itself");
ABSL_FLAG(std::string, scraper_token_file, "",
          "file holding the ScrapeService bearer token scrapers present (default: <data_dir>/scraper_token, "
          "generated on first start); STATUSPHERE_SCRAPER_TOKEN holds the token itself");
ABSL_FLAG(
    std::string, gateway_token_file, "",
    "file holding the token the REST gateway presents, without which x-forwarded-for is not believed "
    "(default: <data_dir>/gateway_token, generated on first start); STATUSPHERE_GATEWAY_TOKEN holds the token itself");
ABSL_FLAG(absl::Duration, max_lease_duration, absl::Minutes(5),
          "longest lease one LeaseStatusPages or RenewLease call grants, whatever the scraper asks (at least 10s)");
ABSL_FLAG(absl::Duration, max_lease_lifetime, absl::Minutes(15),
          "how long renewals may keep a lease from when it was taken (at least --max_lease_duration)");
ABSL_FLAG(absl::Duration, current_interval, absl::Minutes(5), "how often each page's current state is scraped");
ABSL_FLAG(absl::Duration, stale_after, absl::ZeroDuration(),
          "a page not read successfully for this long says UNKNOWN (not UP) until a scrape succeeds; 0: 3 x "
          "--current_interval, at least 1m; inf turns it off");
ABSL_FLAG(absl::Duration, historical_interval, absl::Hours(24 * 7), "how often each page's history is backfilled");
ABSL_FLAG(absl::Duration, hot_interval, absl::Seconds(60),
          "how often a hot page (an unresolved incident, a maintenance in progress, or a change within "
          "--hot_after_change) is scraped; at least --current_interval turns hot polling off");
ABSL_FLAG(absl::Duration, hot_after_change, absl::Hours(1), "how long a change to a page's incidents keeps it hot");
ABSL_FLAG(double, hot_growth, 0.1,
          "a hot page's interval grows by this fraction of the time since its incidents last changed (0: it stays "
          "--hot_interval)");
ABSL_FLAG(absl::Duration, hot_max_interval, absl::Seconds(120),
          "the longest a hot page's interval grows to (--hot_growth); below --hot_interval counts as --hot_interval");
ABSL_FLAG(double, schedule_jitter, 0.1, "random stretch of each interval, as a fraction (0 disables)");
ABSL_FLAG(std::string, public_site_url, "http://localhost:3000", "web frontend base URL used in sitemap.xml");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(5), "time in-flight calls get to finish on SIGTERM/SIGINT");
ABSL_FLAG(std::string, allow_addresses, "",
          "comma-separated CIDR blocks that pages added through AdminService may point at although "
          "they are not public (e.g. 10.0.0.0/8 for an intranet status page); 'any' turns the SSRF "
          "guard off; empty allows public addresses only");
ABSL_FLAG(double, rate_limit_rps, 50,
          "sustained requests per second each client may make to the public API (0 disables limiting)");
ABSL_FLAG(double, rate_limit_burst, 300, "requests a client may make at once after being idle");
ABSL_FLAG(std::string, trusted_proxies, "",
          "CIDR blocks the REST gateway calls from: x-forwarded-for is believed only on calls carrying the gateway "
          "token and, when this is set, coming from these blocks too (empty: from any address)");
ABSL_FLAG(int, max_limit, 1000, "largest limit a ListIncidents request may ask for");
ABSL_FLAG(std::string, tls_cert_file, "", "serve gRPC over TLS with this certificate chain (PEM)");
ABSL_FLAG(std::string, tls_key_file, "", "private key (PEM) of --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "require clients to present a certificate signed by this CA (PEM): mutual TLS");
ABSL_FLAG(std::string, port_file, "", "if set, the bound port is written here once serving (for scripts and tests)");
ABSL_FLAG(bool, notify, true, "deliver webhook notifications (SubscriptionService) from this server");
ABSL_FLAG(int, notify_workers, 2, "webhook sender threads");
ABSL_FLAG(int, notify_max_attempts, 12, "attempts per notification before it is marked failed");
ABSL_FLAG(absl::Duration, notify_max_age, absl::Hours(24), "a notification not delivered within this is marked failed");
ABSL_FLAG(absl::Duration, notify_retry_base, absl::Seconds(1), "first retry delay, doubled per attempt (with jitter)");
ABSL_FLAG(absl::Duration, notify_retry_cap, absl::Minutes(10),
          "longest delay between two attempts (a Retry-After may ask for more)");
ABSL_FLAG(absl::Duration, notify_timeout, absl::Seconds(10), "time limit of one webhook call");
ABSL_FLAG(absl::Duration, notify_lease, absl::Minutes(2),
          "how long a claimed notification is reserved for this server; a crashed server's claims are "
          "retried after it (kept at least twice --notify_timeout)");
ABSL_FLAG(absl::Duration, notify_retention, absl::Hours(24 * 7),
          "delivered and failed notifications are deleted after this (0 keeps them)");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9464",
          "host:port serving Prometheus metrics at /metrics (empty turns it off; 0.0.0.0:9464 for a scraper "
          "on another host)");
ABSL_FLAG(std::string, metrics_port_file, "", "if set, the metrics port is written here once serving");
ABSL_FLAG(int, metrics_components_per_page, 100,
          "component series per status page in /metrics (statusphere_component_status); 0 leaves components out");
ABSL_FLAG(int, metrics_page_reads, 200,
          "pages whose components and open incidents one /metrics request may read again (changed pages only)");
ABSL_FLAG(std::string, smtp_relay, "",
          "the operator's SMTP relay for EMAIL subscriptions whose url is mailto:<recipients>: "
          "smtps://[user@]host[:465], or smtp://[user@]host[:587] (STARTTLS required; ?tls=none for a relay on "
          "the same host); empty: mailto: targets are refused");
ABSL_FLAG(std::string, smtp_from, "", "the sender address of mail through --smtp_relay (required with it)");
ABSL_FLAG(
    std::string, smtp_password_file, "",
    "file holding the password of --smtp_relay's user (surrounding whitespace removed; never logged or returned)");
ABSL_FLAG(absl::Duration, notify_digest_minute, absl::Minutes(1),
          "the length of one minute of an EMAIL subscription's digest_minutes (for tests; keep 1m)");
ABSL_FLAG(std::vector<std::string>, notify_allowed_hosts, {},
          "comma-separated hosts notifications may be sent to, each matched exactly (no wildcards); empty allows "
          "any host. When set, list the hosts of every kind in use: hooks.slack.com, discord.com, "
          "events.pagerduty.com, events.eu.pagerduty.com, api.opsgenie.com, api.eu.opsgenie.com, api.telegram.org, "
          "chat.googleapis.com, ntfy.sh (or your ntfy server), and your Teams, Mattermost, webhook and SMTP hosts");
// What a page, and a watching client, may make the server keep (README, Security).
ABSL_FLAG(int, max_updates_per_incident, 500, "updates an incident keeps, the newest; older ones are dropped (logged)");
ABSL_FLAG(int, page_storage_budget_mb, 64,
          "MiB of incidents and change log one page may hold; a report past it is stored as the page's failure");
ABSL_FLAG(absl::Duration, change_retention, absl::Hours(24),
          "how long incident changes are kept for watch streams to resume from (once notifications are fanned out); "
          "0 keeps them all");
ABSL_FLAG(int, watch_max_streams_per_client, 100, "WatchIncidents streams one client may hold open (0: no bound)");
ABSL_FLAG(int, watch_max_streams, 20000, "WatchIncidents streams the server holds open in all (0: no bound)");
ABSL_FLAG(int64_t, watch_max_replay, 10000,
          "changes a resuming watch stream may be behind; further behind, it gets a RESET and goes on from now");

namespace statusphere {
namespace {

int Fail(absl::string_view event, const absl::Status& status) {
  log::Error(event, {{"error", status.ToString()}});
  return 1;
}

absl::Status MakeDirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) == 0 || errno == EEXIST) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat("cannot create data directory '", path, "'"));
}

absl::Status WriteFile(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (f == nullptr) return absl::UnavailableError(absl::StrCat("cannot write '", path, "'"));
  std::fputs(text.c_str(), f);
  std::fclose(f);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return absl::UnavailableError(absl::StrCat("cannot write '", path, "'"));
  return absl::OkStatus();
}

int Run() {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (absl::Status s = MakeDirectory(data_dir); !s.ok()) return Fail("server.data_dir_failed", s);
  std::string sqlite_path = absl::GetFlag(FLAGS_sqlite_path);
  if (sqlite_path.empty()) sqlite_path = absl::StrCat(data_dir, "/statusphere.sqlite");

  absl::StatusOr<std::string> token = LoadOrCreateToken(kAdminRole, absl::GetFlag(FLAGS_admin_token_file), data_dir);
  if (!token.ok()) return Fail("server.admin_token_failed", token.status());
  absl::StatusOr<std::string> scraper_token =
      LoadOrCreateToken(kScraperRole, absl::GetFlag(FLAGS_scraper_token_file), data_dir);
  if (!scraper_token.ok()) return Fail("server.scraper_token_failed", scraper_token.status());
  absl::StatusOr<std::string> gateway_token =
      LoadOrCreateToken(kGatewayRole, absl::GetFlag(FLAGS_gateway_token_file), data_dir);
  if (!gateway_token.ok()) return Fail("server.gateway_token_failed", gateway_token.status());
  if (*scraper_token == *token || *gateway_token == *token || *gateway_token == *scraper_token) {
    // One role's token would then open another's services.
    return Fail("server.flag_invalid", absl::InvalidArgumentError("the admin, scraper and gateway tokens must differ"));
  }
  const absl::Duration max_lease = absl::GetFlag(FLAGS_max_lease_duration);
  const absl::Duration max_lease_lifetime = absl::GetFlag(FLAGS_max_lease_lifetime);
  if (max_lease < ScrapeServiceImpl::kMinLease || max_lease_lifetime < max_lease) {
    return Fail("server.flag_invalid",
                absl::InvalidArgumentError("--max_lease_duration must be at least 10s and --max_lease_lifetime at "
                                           "least --max_lease_duration"));
  }
  if (absl::GetFlag(FLAGS_hot_interval) < absl::Seconds(1)) {
    // A page with an open incident would otherwise be fetched without pause.
    return Fail("server.flag_invalid", absl::InvalidArgumentError("--hot_interval must be at least 1s"));
  }

  absl::StatusOr<AddressPolicy> page_addresses = AddressPolicy::Parse(absl::GetFlag(FLAGS_allow_addresses));
  if (!page_addresses.ok()) return Fail("server.flag_invalid", page_addresses.status());

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = MakeServerCredentials(
      {absl::GetFlag(FLAGS_tls_cert_file), absl::GetFlag(FLAGS_tls_key_file), absl::GetFlag(FLAGS_tls_client_ca_file)});
  if (!credentials.ok()) return Fail("server.flag_invalid", credentials.status());

  ServerOptions options;
  options.store.postgres_url = absl::GetFlag(FLAGS_postgres_url);
  options.store.postgres_pool_size = absl::GetFlag(FLAGS_postgres_pool_size);
  options.store.sqlite_path = sqlite_path;
  options.store.limits = {.max_updates_per_incident = std::max(1, absl::GetFlag(FLAGS_max_updates_per_incident)),
                          .page_budget_bytes = int64_t{std::max(1, absl::GetFlag(FLAGS_page_storage_budget_mb))} << 20};
  if (const std::string catalog = absl::GetFlag(FLAGS_catalog); catalog != "none") {
    absl::StatusOr<std::vector<store::NewPage>> entries = LoadCatalog(catalog);
    if (!entries.ok()) return Fail("catalog.invalid", entries.status());
    options.catalog = *std::move(entries);
    options.catalog_source = catalog.empty() ? "built-in" : catalog;
  }
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.internal_listen_address = absl::GetFlag(FLAGS_internal_listen);
  options.credentials = *credentials;
  options.admin_token = *token;
  options.scrape.token = *scraper_token;
  for (const providers::Provider* provider : providers::AllProviders()) {
    options.scrape.providers.emplace(provider->name());
  }
  options.scrape.max_lease_duration = max_lease;
  options.scrape.max_lease_lifetime = max_lease_lifetime;
  options.api.rate_limit.gateway_token = *gateway_token;
  options.page_addresses = *page_addresses;
  options.schedule.current_interval = absl::GetFlag(FLAGS_current_interval);
  options.schedule.historical_interval = absl::GetFlag(FLAGS_historical_interval);
  options.schedule.jitter = absl::GetFlag(FLAGS_schedule_jitter);
  options.schedule.hot_interval = absl::GetFlag(FLAGS_hot_interval);
  options.schedule.hot_after_change = absl::GetFlag(FLAGS_hot_after_change);
  options.schedule.hot_growth = absl::GetFlag(FLAGS_hot_growth);
  options.schedule.hot_max_interval = absl::GetFlag(FLAGS_hot_max_interval);
  options.api.public_site_url = absl::GetFlag(FLAGS_public_site_url);
  options.api.max_limit = absl::GetFlag(FLAGS_max_limit);
  options.api.change_retention = absl::GetFlag(FLAGS_change_retention);
  options.api.watch_max_streams_per_client = std::max(0, absl::GetFlag(FLAGS_watch_max_streams_per_client));
  options.api.watch_max_streams = std::max(0, absl::GetFlag(FLAGS_watch_max_streams));
  options.api.watch_max_replay = std::max<int64_t>(0, absl::GetFlag(FLAGS_watch_max_replay));
  options.answer_cache.max_age = absl::GetFlag(FLAGS_answer_cache_max_age);
  options.answer_cache.max_bytes = static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_answer_cache_max_mb))) << 20;
  options.api.rate_limit.requests_per_second = absl::GetFlag(FLAGS_rate_limit_rps);
  options.api.rate_limit.burst = absl::GetFlag(FLAGS_rate_limit_burst);
  absl::StatusOr<AddressPolicy> proxies = AddressPolicy::Parse(absl::GetFlag(FLAGS_trusted_proxies));
  if (!proxies.ok()) return Fail("server.flag_invalid", proxies.status());
  options.api.rate_limit.trusted_proxies = proxies->allowed_ranges();
  options.notify = absl::GetFlag(FLAGS_notify);
  options.delivery.workers = std::max(1, absl::GetFlag(FLAGS_notify_workers));
  options.delivery.retry.max_attempts = std::max(1, absl::GetFlag(FLAGS_notify_max_attempts));
  options.delivery.retry.max_age = absl::GetFlag(FLAGS_notify_max_age);
  options.delivery.retry.base = absl::GetFlag(FLAGS_notify_retry_base);
  options.delivery.retry.cap = absl::GetFlag(FLAGS_notify_retry_cap);
  options.delivery.sender.timeout = absl::GetFlag(FLAGS_notify_timeout);
  options.delivery.sender.addresses = *page_addresses;
  options.delivery.retention = absl::GetFlag(FLAGS_notify_retention);
  options.delivery.lease = std::max(absl::GetFlag(FLAGS_notify_lease), 2 * options.delivery.sender.timeout);
  for (const std::string& host : absl::GetFlag(FLAGS_notify_allowed_hosts)) {
    if (!host.empty()) options.delivery.sender.allowed_hosts.insert(absl::AsciiStrToLower(host));
  }
  absl::StatusOr<std::optional<notify::MailRelay>> relay = notify::LoadMailRelay(
      absl::GetFlag(FLAGS_smtp_relay), absl::GetFlag(FLAGS_smtp_from), absl::GetFlag(FLAGS_smtp_password_file));
  if (!relay.ok()) return Fail("server.flag_invalid", relay.status());
  options.delivery.relay = *std::move(relay);
  if (absl::GetFlag(FLAGS_notify_digest_minute) < absl::Seconds(1)) {
    return Fail("server.flag_invalid", absl::InvalidArgumentError("--notify_digest_minute must be at least 1s"));
  }
  options.delivery.digest_minute = absl::GetFlag(FLAGS_notify_digest_minute);

  // Signals are taken synchronously by this thread; gRPC's threads never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  metrics::RegisterProcessMetrics("statusphere-server", options.store.postgres_url.empty() ? "sqlite" : "postgres");
  // The store's series are read from the server's store once it is started; the endpoint
  // answers meanwhile (a first start reconciles the catalog). Declared before the endpoint:
  // destroyed after it, never read by it once gone.
  std::unique_ptr<metrics::StoreMetrics> store_metrics;
  absl::Mutex store_metrics_mu;
  metrics::DefaultRegistry().AddCollector([&]() -> std::vector<metrics::CollectedFamily> {
    absl::MutexLock lock(&store_metrics_mu);
    if (store_metrics == nullptr) return {};
    return store_metrics->Collect(absl::Now());
  });
  std::unique_ptr<metrics::HttpEndpoint> metrics_endpoint =
      metrics::StartEndpoint(absl::GetFlag(FLAGS_metrics_listen), absl::GetFlag(FLAGS_metrics_port_file));

  // A page whose scrapes fail says UNKNOWN once its last success is this old. The floor keeps
  // test cadences of a second from calling a page stale while one slow fetch is under way.
  options.api.stale_after = absl::GetFlag(FLAGS_stale_after) > absl::ZeroDuration()
                                ? absl::GetFlag(FLAGS_stale_after)
                                : std::max(3 * options.schedule.current_interval, absl::Minutes(1));
  absl::StatusOr<std::unique_ptr<StatusphereServer>> server = StatusphereServer::Start(options);
  if (!server.ok()) return Fail("server.start_failed", server.status());
  {
    metrics::StoreMetricsOptions store_metrics_options;
    store_metrics_options.max_components_per_page = std::max(0, absl::GetFlag(FLAGS_metrics_components_per_page));
    store_metrics_options.max_page_reads = std::max(0, absl::GetFlag(FLAGS_metrics_page_reads));
    store_metrics_options.current_interval = options.schedule.current_interval;
    store_metrics_options.jitter = options.schedule.jitter;
    store_metrics_options.stale_after = options.api.stale_after;
    absl::MutexLock lock(&store_metrics_mu);
    store_metrics = std::make_unique<metrics::StoreMetrics>(&(*server)->store(), store_metrics_options);
  }
  auto token_path = [&](const std::string& flag, const TokenRole& role) {
    return flag.empty() ? absl::StrCat(data_dir, "/", role.file_name) : flag;
  };
  log::Info(
      "server.started",
      {{"listen", options.listen_address},
       {"internal_listen", options.internal_listen_address.empty() ? "(--listen)" : options.internal_listen_address},
       {"tls", absl::GetFlag(FLAGS_tls_cert_file).empty()        ? "off"
               : absl::GetFlag(FLAGS_tls_client_ca_file).empty() ? "on"
                                                                 : "mutual"},
       {"port", (*server)->port()},
       {"internal_port", (*server)->internal_port()},
       {"admin_token_file", token_path(absl::GetFlag(FLAGS_admin_token_file), kAdminRole)},
       {"scraper_token_file", token_path(absl::GetFlag(FLAGS_scraper_token_file), kScraperRole)},
       {"gateway_token_file", token_path(absl::GetFlag(FLAGS_gateway_token_file), kGatewayRole)}});
  // The internal port first: a script that sees --port_file may read both.
  for (const auto& [port_file, port] : {std::pair{absl::GetFlag(FLAGS_internal_port_file), (*server)->internal_port()},
                                        std::pair{absl::GetFlag(FLAGS_port_file), (*server)->port()}}) {
    if (port_file.empty()) continue;
    if (absl::Status s = WriteFile(port_file, absl::StrCat(port, "\n")); !s.ok())
      return Fail("server.port_file_failed", s);
  }

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  log::Info("server.stopping", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  // Calls get the grace period; a handler stuck past it (e.g. in a database call that does
  // not return) must not keep the process alive: a watchdog ends it a little later.
  const absl::Duration grace = absl::GetFlag(FLAGS_shutdown_grace);
  std::thread([grace] {
    absl::SleepFor(grace + absl::Seconds(2));
    log::Warn("server.shutdown_forced", {{"reason", "calls still running after the shutdown grace"}});
    std::_Exit(0);
  }).detach();
  (*server)->Shutdown(grace);
  log::Info("server.stopped");
  return 0;
}

}  // namespace
}  // namespace statusphere

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "statusphere-server: serves the statusphere gRPC API (StatusPageService, ScrapeService, "
      "AdminService, SubscriptionService, grpc.health.v1, reflection) on the embedded SQLite store, or on "
      "PostgreSQL with --postgres_url.\n"
      "Every flag can also be set as STATUSPHERE_<FLAG_IN_CAPITALS>.");
  // Debian's Abseil is built with Mutex deadlock detection on: every lock and unlock then
  // updates a global lock graph behind one global lock (2-3% of CPU under the scrape
  // benchmark, and contention between threads). The tests keep it, to catch lock cycles.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  statusphere::ParseFlagsWithEnvironment(argc, argv);
  if (absl::Status s = statusphere::log::ConfigureFromFlags(); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    return 2;
  }
  return statusphere::Run();
}
