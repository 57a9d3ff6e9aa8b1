#include "tests/support/server_process.h"

#include <cstdio>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"

namespace statusphere::testing {

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(ServerProcessOptions options) {
  static auto* starts = new std::map<std::string, int>;  // by dir and name: one log per start
  const int start = ++(*starts)[absl::StrCat(options.dir, "/", options.name)];
  const std::string token_file = absl::StrCat(options.dir, "/admin_token");
  WriteTokenFile(token_file, kTestAdminToken);
  const std::string scraper_token_file = absl::StrCat(options.dir, "/scraper_token");
  WriteTokenFile(scraper_token_file, kTestScraperToken);
  const std::string gateway_token_file = absl::StrCat(options.dir, "/gateway_token");
  WriteTokenFile(gateway_token_file, kTestGatewayToken);
  // A new port file per start: a restart must not read the previous run's port.
  const std::string port_file = absl::StrCat(options.dir, "/", options.name, "-", start, ".port");
  std::remove(port_file.c_str());
  std::vector<std::string> argv = {BinaryPath("server/statusphere-server"),
                                   absl::StrCat("--listen=127.0.0.1:", options.port), "--port_file=" + port_file,
                                   absl::StrCat("--data_dir=", options.dir, "/data"), "--catalog=none",
                                   "--admin_token_file=" + token_file, "--scraper_token_file=" + scraper_token_file,
                                   "--gateway_token_file=" + gateway_token_file, "--schedule_jitter=0",
                                   // Tests run in parallel beside a user's own copy: no fixed metrics port
                                   // (a test that reads /metrics asks for one with its own flags).
                                   "--metrics_listen="};
  if (!options.postgres_url.empty()) argv.push_back("--postgres_url=" + options.postgres_url);
  argv.insert(argv.end(), options.flags.begin(), options.flags.end());
  auto process =
      std::make_unique<Subprocess>(std::move(argv), absl::StrCat(options.dir, "/", options.name, "-", start, ".log"));
  const int port = WaitForPortFile(port_file, options.start_timeout);
  if (port == 0) return absl::UnavailableError(absl::StrCat("the server did not start:\n", process->Log()));
  return std::unique_ptr<ServerProcess>(new ServerProcess(std::move(process), port));
}

void WriteTokenFile(const std::string& path, const std::string& token) {
  // Rewritten whole through a rename: a reader never sees it half-written.
  const std::string tmp = path + ".tmp";
  std::ofstream(tmp) << token << "\n";
  std::rename(tmp.c_str(), path.c_str());
}

std::string ServerProcess::address() const { return absl::StrCat("127.0.0.1:", port_); }

std::unique_ptr<Subprocess> StartScraper(const std::string& server_address, const std::vector<std::string>& flags,
                                         const std::string& log_path) {
  // Its own file beside its log: a server restarting meanwhile may be reading its own.
  const std::string token_file = log_path + ".token";
  WriteTokenFile(token_file, kTestScraperToken);
  std::vector<std::string> argv = {BinaryPath("scraper/statusphere-scraper"), "--server=" + server_address,
                                   "--metrics_listen=", "--scraper_token_file=" + token_file};
  argv.insert(argv.end(), flags.begin(), flags.end());
  return std::make_unique<Subprocess>(std::move(argv), log_path);
}

}  // namespace statusphere::testing
