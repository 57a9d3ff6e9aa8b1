// The real statusphere-server binary as a child process on 127.0.0.1 for end-to-end tests:
// the one way every test starts a server. It serves from a directory of the test's own
// (SQLite there, or a PostgreSQL database), without the built-in catalog, with admin,
// scraper and gateway tokens the test knows; a test adds the flags its scenario needs.
#ifndef STATUSPHERE_TESTS_SUPPORT_SERVER_PROCESS_H_
#define STATUSPHERE_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {

inline constexpr char kTestAdminToken[] = "test-admin-token-0123456789abcdef";
// What scrapers present to ScrapeService, and the REST gateway with its x-forwarded-for.
inline constexpr char kTestScraperToken[] = "test-scraper-token-0123456789abcdef";
inline constexpr char kTestGatewayToken[] = "test-gateway-token-0123456789abcdef";

struct ServerProcessOptions {
  // Data directory, admin token file and logs; FreshTempDir() of the test's choosing.
  std::string dir;
  // Flags after the defaults (a later flag wins, so these may override them).
  std::vector<std::string> flags;
  // Empty: the embedded SQLite store under `dir`; else the store on this database.
  std::string postgres_url;
  // 0: an ephemeral port. A restart passes the previous port to come back on it.
  int port = 0;
  // Names the log file (<dir>/<name>-<n>.log, n counting starts of the same name).
  std::string name = "server";
  absl::Duration start_timeout = absl::Seconds(20);
};

class ServerProcess {
 public:
  // Starts the server and waits until it listens; UNAVAILABLE with its log when it does
  // not. Its tokens are kTestAdminToken, kTestScraperToken and kTestGatewayToken, in
  // <dir>/admin_token, <dir>/scraper_token and <dir>/gateway_token.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(ServerProcessOptions options);

  int port() const { return port_; }
  std::string address() const;  // 127.0.0.1:<port>
  pid_t pid() const { return process_->pid(); }
  bool Running() { return process_->Running(); }
  int Stop(absl::Duration grace = absl::Seconds(5)) { return process_->Stop(grace); }
  void Kill() { process_->Kill(); }  // SIGKILL, like a crash
  std::string Log() const { return process_->Log(); }

 private:
  ServerProcess(std::unique_ptr<Subprocess> process, int port) : process_(std::move(process)), port_(port) {}
  std::unique_ptr<Subprocess> process_;
  int port_;
};

// A scraper process working for the server at `server_address` with kTestScraperToken,
// logging to `log_path`; `flags` come after the server address (a --scraper_token_file
// among them wins).
std::unique_ptr<Subprocess> StartScraper(const std::string& server_address, const std::vector<std::string>& flags,
                                         const std::string& log_path);

// Writes `token` to `path` (a token file for a server, scraper or gateway).
void WriteTokenFile(const std::string& path, const std::string& token);

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_SERVER_PROCESS_H_
