#include "tests/support/server_fixture.h"

#include <chrono>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"

namespace statusphere::testing {

using namespace statusphere::v1;  // NOLINT

void ServerFixture::StartServer(const std::string& name, const std::string& allow_addresses) {
  allow_addresses_ = allow_addresses;
  dir_ = FreshTempDir(name);
  std::ofstream(dir_ + "/token") << kAdminToken << "\n";
  server_ = std::make_unique<Subprocess>(
      std::vector<std::string>{BinaryPath("server/statusphere-server"), "--listen=127.0.0.1:0",
                               "--port_file=" + dir_ + "/port", "--data_dir=" + dir_, "--catalog=none",
                               "--admin_token_file=" + dir_ + "/token", "--current_interval=1s",
                               "--historical_interval=1h", "--schedule_jitter=0",
                               "--allow_addresses=" + allow_addresses,
                               "--rate_limit_rps=0"},  // tests poll the API every 50 ms
      dir_ + "/server.log");
  port_ = WaitForPortFile(dir_ + "/port", absl::Seconds(10));
  ASSERT_GT(port_, 0) << server_->Log();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials());
  pages_ = StatusPageService::NewStub(channel);
  admin_ = AdminService::NewStub(channel);
}

Subprocess& ServerFixture::StartScraper(const std::string& id, const std::vector<std::string>& flags) {
  std::vector<std::string> argv = {BinaryPath("scraper/statusphere-scraper"), absl::StrCat("--server=127.0.0.1:", port_),
                                   "--allow_addresses=" + allow_addresses_, "--scraper_id=" + id};
  argv.insert(argv.end(), flags.begin(), flags.end());
  scrapers_.push_back(std::make_unique<Subprocess>(argv, absl::StrCat(dir_, "/scraper-", id, ".log")));
  return *scrapers_.back();
}

std::unique_ptr<grpc::ClientContext> ServerFixture::Context() {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return c;
}

void ServerFixture::AddPage(const std::string& name, const std::string& url, const std::string& provider) {
  auto c = Context();
  c->AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
  AddStatusPageRequest request;
  request.set_name(name);
  request.set_url(url);
  request.set_provider(provider);
  AddStatusPageResponse response;
  grpc::Status s = admin_->AddStatusPage(c.get(), request, &response);
  ASSERT_TRUE(s.ok()) << name << ": " << s.error_message();
}

std::vector<Incident> ServerFixture::Incidents(const std::string& url) {
  ListIncidentsRequest request;
  request.set_status_page_url(url);
  ListIncidentsResponse response;
  if (!pages_->ListIncidents(Context().get(), request, &response).ok()) return {};
  return {response.incidents().begin(), response.incidents().end()};
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
