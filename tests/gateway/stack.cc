#include "tests/gateway/stack.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_calls.h"

namespace statusphere::testing {

GatewayStack::GatewayStack(const std::string& name) : dir_(FreshTempDir(name)) {}

GatewayStack::~GatewayStack() {
  if (print_logs_on_failure_ && ::testing::Test::HasFailure()) std::cerr << Logs().substr(0, 20000);
  scrapers_.clear();
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

absl::Status GatewayStack::AddPage(const std::string& url, const std::string& provider, const std::string& name) {
  auto admin = v1::AdminService::NewStub(grpc::CreateChannel(server_address(), grpc::InsecureChannelCredentials()));
  const grpc::Status added = statusphere::testing::AddPage(*admin, kAdminToken, url, provider, name);
  if (!added.ok()) return absl::UnknownError(absl::StrCat("AddStatusPage ", url, ": ", added.error_message()));
  return absl::OkStatus();
}

Subprocess& GatewayStack::StartScraper(const std::string& id, const std::vector<std::string>& extra_flags) {
  std::vector<std::string> flags = {
      "--workers=2",       "--batch_size=1", "--idle_wait=100ms", "--fetch_timeout=2s", "--allow_addresses=127.0.0.0/8",
      "--scraper_id=" + id};
  flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
  scrapers_.push_back(
      statusphere::testing::StartScraper(server_address(), flags, absl::StrCat(dir_, "/scraper_", id, ".log")));
  return *scrapers_.back();
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
