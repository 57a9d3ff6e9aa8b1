// The real statusphere-server and statusphere-gateway binaries as child processes on
// 127.0.0.1, ephemeral ports, a fresh data directory: what a deployment runs, minus the
// scraper (tests report scrape results themselves through ScrapeService).
#ifndef STATUSPHERE_TESTS_GATEWAY_STACK_H_
#define STATUSPHERE_TESTS_GATEWAY_STACK_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tests/support/server_process.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {

inline constexpr const char* kAdminToken = kTestAdminToken;

class GatewayStack {
 public:
  // `name` names the private directory under TEST_TMPDIR (data, logs, port files).
  explicit GatewayStack(const std::string& name);
  ~GatewayStack();  // kills whatever still runs

  // Starts the server on `port` (0: an ephemeral one) over the stack's data directory,
  // with `extra_flags` after the stack's own.
  absl::Status StartServer(int port = 0, std::vector<std::string> extra_flags = {});
  void KillServer();  // SIGKILL, like a crash
  // Starts (or restarts) the gateway with `flags`; by default --listen=127.0.0.1:0 and
  // --backend=<the server>. --port_file and --token_file (kTestGatewayToken) are always added.
  absl::Status StartGateway(std::vector<std::string> flags = {});

  // Adds a page through AdminService with the admin token, as an operator would.
  absl::Status AddPage(const std::string& url, const std::string& provider, const std::string& name);
  // Starts a scraper (as `id`) for the server that reads the test's page farm on loopback:
  // two workers, one page per lease, 100 ms idle wait, 2 s fetch timeout, 127.0.0.0/8
  // allowed; `extra_flags` come after those (a later flag wins). It runs until the stack ends.
  Subprocess& StartScraper(const std::string& id, const std::vector<std::string>& extra_flags = {});
  // When the test has failed by the time the stack ends, its logs (the first 20,000
  // characters) are printed.
  void PrintLogsOnFailure() { print_logs_on_failure_ = true; }

  int server_port() const { return server_ ? server_->port() : 0; }
  pid_t server_pid() const { return server_ ? server_->pid() : -1; }
  std::string server_address() const;
  // http://127.0.0.1:<gateway port><path_and_query>
  std::string Url(const std::string& path_and_query) const;
  // Both processes' logs, for failure messages.
  std::string Logs() const;

 private:
  std::string dir_;
  int gateway_port_ = 0;
  int gateway_starts_ = 0;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<Subprocess> gateway_;
  std::vector<std::unique_ptr<Subprocess>> scrapers_;
  bool print_logs_on_failure_ = false;
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_GATEWAY_STACK_H_
