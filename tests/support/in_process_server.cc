#include "tests/support/in_process_server.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "providers/registry.h"
#include "tests/support/server_process.h"

namespace statusphere::testing {

ServerOptions InProcessServer::DefaultOptions() {
  ServerOptions options;
  options.store.sqlite_path = ":memory:";
  options.listen_address = "127.0.0.1:0";
  options.admin_token = kTestAdminToken;
  options.scrape.token = kTestScraperToken;
  // As the binary: a report may name any provider the scraper has.
  for (const providers::Provider* provider : providers::AllProviders()) {
    options.scrape.providers.emplace(provider->name());
  }
  options.api.rate_limit.gateway_token = kTestGatewayToken;
  options.page_addresses = AddressPolicy::AllowAny();
  options.schedule.jitter = 0;
  return options;
}

absl::StatusOr<std::unique_ptr<InProcessServer>> InProcessServer::Start(
    absl::FunctionRef<void(ServerOptions&)> configure) {
  ServerOptions options = DefaultOptions();
  configure(options);
  absl::StatusOr<std::unique_ptr<StatusphereServer>> server = StatusphereServer::Start(std::move(options));
  if (!server.ok()) return server.status();
  return std::unique_ptr<InProcessServer>(new InProcessServer(*std::move(server)));
}

InProcessServer::~InProcessServer() { server_->Shutdown(absl::Seconds(1)); }

std::string InProcessServer::address() const { return absl::StrCat("127.0.0.1:", port()); }

std::shared_ptr<grpc::Channel> InProcessServer::Channel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

}  // namespace statusphere::testing
