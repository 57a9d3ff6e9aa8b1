#include "tests/support/server_fixture.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "tests/support/grpc_calls.h"

namespace statusphere::testing {

using namespace statusphere::v1;  // NOLINT

void ServerFixture::StartServer(const std::string& name, const std::string& allow_addresses,
                                const std::vector<std::string>& flags, const std::string& postgres_url) {
  allow_addresses_ = allow_addresses;
  dir_ = FreshTempDir(name);
  std::vector<std::string> all_flags = {"--current_interval=1s", "--historical_interval=1h",
                                        "--allow_addresses=" + allow_addresses,
                                        "--rate_limit_rps=0"};  // tests poll the API every 50 ms
  all_flags.insert(all_flags.end(), flags.begin(), flags.end());
  ServerProcessOptions options;
  options.dir = dir_;
  options.flags = std::move(all_flags);
  options.postgres_url = postgres_url;
  absl::StatusOr<std::unique_ptr<ServerProcess>> started = ServerProcess::Start(std::move(options));
  ASSERT_TRUE(started.ok()) << started.status();
  server_ = *std::move(started);
  port_ = server_->port();
  auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  pages_ = StatusPageService::NewStub(channel);
  admin_ = AdminService::NewStub(channel);
}

Subprocess& ServerFixture::StartScraper(const std::string& id, const std::vector<std::string>& flags) {
  std::vector<std::string> all_flags = {"--allow_addresses=" + allow_addresses_, "--scraper_id=" + id};
  all_flags.insert(all_flags.end(), flags.begin(), flags.end());
  scrapers_.push_back(
      testing::StartScraper(server_->address(), all_flags, absl::StrCat(dir_, "/scraper-", id, ".log")));
  return *scrapers_.back();
}

std::string ServerFixture::StartGateway(const std::string& name, const std::vector<std::string>& flags) {
  const std::string port_file = absl::StrCat(dir_, "/", name, "_port"), token_file = dir_ + "/gateway_token";
  WriteTokenFile(token_file, kTestGatewayToken);  // what the server has: it believes the forwarded addresses
  std::vector<std::string> argv = {BinaryPath("gateway/statusphere-gateway"), "--listen=127.0.0.1:0",
                                   "--backend=" + server_->address(), "--port_file=" + port_file,
                                   "--token_file=" + token_file};
  argv.insert(argv.end(), flags.begin(), flags.end());
  gateways_.push_back(std::make_unique<Subprocess>(std::move(argv), absl::StrCat(dir_, "/", name, ".log")));
  const int port = WaitForPortFile(port_file, absl::Seconds(20));
  EXPECT_NE(port, 0) << "gateway " << name << " did not start:\n" << gateways_.back()->Log();
  return port == 0 ? "" : absl::StrCat("http://127.0.0.1:", port);
}

std::unique_ptr<grpc::ClientContext> ServerFixture::Context() { return CallContext(); }

void ServerFixture::AddPage(const std::string& name, const std::string& url, const std::string& provider) {
  grpc::Status s = testing::AddPage(*admin_, kAdminToken, url, provider, name);
  ASSERT_TRUE(s.ok()) << name << ": " << s.error_message();
}

std::vector<Incident> ServerFixture::Incidents(const std::string& url) {
  ListIncidentsRequest request;
  request.set_status_page_url(url);
  ListIncidentsResponse response;
  if (!pages_->ListIncidents(Context().get(), request, &response).ok()) return {};
  return {response.incidents().begin(), response.incidents().end()};
}

std::map<std::string, Incident> ServerFixture::IncidentsById(const std::string& url) {
  std::map<std::string, Incident> out;
  for (Incident& i : Incidents(url)) out[i.id()] = std::move(i);
  return out;
}

StatusPage ServerFixture::Page(const std::string& url) {
  GetStatusPageRequest request;
  request.set_status_page_url(url);
  GetStatusPageResponse response;
  pages_->GetStatusPage(Context().get(), request, &response);
  return response.status_page();
}

std::string ServerFixture::CurrentStatus(const std::string& url) {
  GetCurrentStatusRequest request;
  request.set_status_page_url(url);
  GetCurrentStatusResponse response;
  pages_->GetCurrentStatus(Context().get(), request, &response);
  return response.status();
}

}  // namespace statusphere::testing
