// A gtest fixture for end-to-end tests that run the real statusphere-server on 127.0.0.1
// (a ServerProcess: the embedded store or PostgreSQL, no catalog, a 1 s current cadence, no
// rate limit: tests poll the API every 50 ms) and talk to it over gRPC, with real scrapers
// started as needed.
#ifndef STATUSPHERE_TESTS_SUPPORT_SERVER_FIXTURE_H_
#define STATUSPHERE_TESTS_SUPPORT_SERVER_FIXTURE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/subprocess.h"

namespace statusphere::testing {

class ServerFixture : public ::testing::Test {
 protected:
  static constexpr const char* kAdminToken = kTestAdminToken;

  // Starts the server in a fresh directory named after `name`, letting it reach pages on
  // `allow_addresses` (the test's farm on loopback), with `flags` after the fixture's own
  // and its store on `postgres_url` when one is given. Its admin token is kAdminToken.
  void StartServer(const std::string& name, const std::string& allow_addresses,
                   const std::vector<std::string>& flags = {}, const std::string& postgres_url = "");
  // Starts a scraper working for the server (same address allowance, log in the test's
  // directory); `flags` come after the common ones.
  Subprocess& StartScraper(const std::string& id, const std::vector<std::string>& flags);
  // Starts a REST gateway (as `name`: its log and port file in the test's directory) in
  // front of the server, with the server's gateway token and `flags` after
  // --listen=127.0.0.1:0 and --backend; returns its base URL, http://127.0.0.1:<port>, or
  // "" (and a failure) when it did not start.
  std::string StartGateway(const std::string& name, const std::vector<std::string>& flags = {});

  std::unique_ptr<grpc::ClientContext> Context();
  void AddPage(const std::string& name, const std::string& url, const std::string& provider);
  std::vector<statusphere::v1::Incident> Incidents(const std::string& url);
  // The page's incidents by id (none for an id the page does not have).
  std::map<std::string, statusphere::v1::Incident> IncidentsById(const std::string& url);
  statusphere::v1::StatusPage Page(const std::string& url);
  std::string CurrentStatus(const std::string& url);

  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ServerProcess> server_;
  std::vector<std::unique_ptr<Subprocess>> scrapers_;
  std::vector<std::unique_ptr<Subprocess>> gateways_;
  std::unique_ptr<statusphere::v1::StatusPageService::Stub> pages_;
  std::unique_ptr<statusphere::v1::AdminService::Stub> admin_;

 private:
  std::string allow_addresses_;
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_SERVER_FIXTURE_H_
