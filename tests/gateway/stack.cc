#include "tests/gateway/stack.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace statusphere::testing {

GatewayStack::GatewayStack(const std::string& name) : dir_(FreshTempDir(name)) {}

GatewayStack::~GatewayStack() {
  gateway_.reset();
  server_.reset();
}

absl::Status GatewayStack::StartServer(int port, std::vector<std::string> extra_flags) {
  ServerProcessOptions options;
  options.dir = dir_;
  options.port = port;
  // Seeded pages carry real vendors' names: no DNS lookups offline.
  options.flags = {"--allow_addresses=any"};
  options.flags.insert(options.flags.end(), extra_flags.begin(), extra_flags.end());
  server_.reset();  // a restart replaces the previous process
  absl::StatusOr<std::unique_ptr<ServerProcess>> started = ServerProcess::Start(std::move(options));
  if (!started.ok()) return started.status();
  server_ = *std::move(started);
  return absl::OkStatus();
}

void GatewayStack::KillServer() {
  if (server_) server_->Kill();
}

absl::Status GatewayStack::StartGateway(std::vector<std::string> flags) {
  if (flags.empty()) flags = {"--listen=127.0.0.1:0", absl::StrCat("--backend=", server_address())};
  const std::string port_file = absl::StrCat(dir_, "/gateway_port_", ++gateway_starts_);
  // The token the stack's server has (ServerProcess writes the same), so that the server
  // believes the client addresses the gateway forwards; a test's own --token_file wins.
  const std::string token_file = absl::StrCat(dir_, "/gateway_token");
  WriteTokenFile(token_file, kTestGatewayToken);
  std::vector<std::string> argv = {BinaryPath("gateway/statusphere-gateway"), absl::StrCat("--port_file=", port_file),
                                   "--token_file=" + token_file};
  argv.insert(argv.end(), flags.begin(), flags.end());
  gateway_.reset();  // a restart replaces the previous process
  gateway_ = std::make_unique<Subprocess>(std::move(argv), absl::StrCat(dir_, "/gateway.log"));
  gateway_port_ = WaitForPortFile(port_file, absl::Seconds(20));
  if (gateway_port_ == 0) return absl::UnavailableError(absl::StrCat("gateway did not start:\n", Logs()));
  return absl::OkStatus();
}

std::string GatewayStack::server_address() const { return absl::StrCat("127.0.0.1:", server_port()); }

std::string GatewayStack::Url(const std::string& path_and_query) const {
  return absl::StrCat("http://127.0.0.1:", gateway_port_, path_and_query);
}

std::string GatewayStack::Logs() const {
  return absl::StrCat("--- server log ---\n", server_ ? server_->Log() : "", "--- gateway log ---\n",
                      gateway_ ? gateway_->Log() : "");
}

}  // namespace statusphere::testing
