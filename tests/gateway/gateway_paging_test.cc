// /api/v1/statusPages paged through the real gateway and server (AIP-158 over REST):
// ?pageSize=&pageToken=, camelCase nextPageToken and totalSize, clear 400s.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/gateway/http_client.h"
#include "tests/gateway/rest_assertions.h"
#include "tests/gateway/seed.h"
#include "tests/gateway/stack.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;

class GatewayPagingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = std::make_unique<GatewayStack>(::testing::UnitTest::GetInstance()->current_test_info()->name());
    absl::Status started = stack_->StartServer();
    ASSERT_TRUE(started.ok()) << started;
    started = stack_->StartGateway();
    ASSERT_TRUE(started.ok()) << started;
    Seeder seeder(stack_->server_address(), kAdminToken);
    for (const auto& [name, url] :
         std::vector<std::pair<std::string, std::string>>{{"Zoom", "https://status.zoom.us"},
                                                          {"GitHub", "https://www.githubstatus.com"},
                                                          {"atlassian", "https://status.atlassian.com"},
                                                          {"Bitbucket", "https://bitbucket.status.atlassian.com"},
                                                          {"github actions", "https://actions.example"}}) {
      absl::Status added = seeder.AddPage(name, url);
      ASSERT_TRUE(added.ok()) << added;
    }
  }
  void TearDown() override {
    if (HasFailure() && stack_) std::cerr << stack_->Logs();
    stack_.reset();
  }

  json GetJson(const std::string& path_and_query) { return JsonOk(Get(stack_->Url(path_and_query)), path_and_query); }
  std::string GetError(const std::string& path_and_query) {
    return ErrorMessage(Get(stack_->Url(path_and_query)), 400, path_and_query);
  }
  static std::vector<std::string> Names(const json& body) {
    std::vector<std::string> names;
    for (const json& page : body["statusPages"]) names.push_back(page.value("name", "?"));
    return names;
  }

  std::unique_ptr<GatewayStack> stack_;
};

TEST_F(GatewayPagingTest, PagesOfTwoFollowNextPageTokenToTheEnd) {
  std::vector<std::vector<std::string>> walk;
  std::string query = "/api/v1/statusPages?pageSize=2";
  while (true) {
    json body = GetJson(query);
    ASSERT_TRUE(body["totalSize"].is_number_integer()) << body;  // int32: a number, not a string
    EXPECT_EQ(body["totalSize"], 5) << body;
    ASSERT_TRUE(body["nextPageToken"].is_string()) << body;
    walk.push_back(Names(body));
    const std::string token = body["nextPageToken"];
    if (token.empty()) break;
    // The token is URL-safe as it is: no escaping needed in a query string.
    query = "/api/v1/statusPages?pageSize=2&pageToken=" + token;
    ASSERT_LE(walk.size(), 3u) << "the walk does not end";
  }
  EXPECT_EQ(walk, (std::vector<std::vector<std::string>>{
                      {"atlassian", "Bitbucket"}, {"GitHub", "github actions"}, {"Zoom"}}));

  // Without pageSize: every page in one answer, as before paging.
  json whole = GetJson("/api/v1/statusPages");
  EXPECT_EQ(Names(whole), (std::vector<std::string>{"atlassian", "Bitbucket", "GitHub", "github actions", "Zoom"}));
  EXPECT_FALSE(whole.contains("status_pages")) << whole;
}

TEST_F(GatewayPagingTest, BadPageSizesAndTokensAreClear400s) {
  EXPECT_EQ(GetError("/api/v1/statusPages?pageSize=abc"), "pageSize: \"abc\" is not an integer");
  EXPECT_EQ(GetError("/api/v1/statusPages?pageSize=99999999999"), "pageSize: \"99999999999\" is out of range");
  EXPECT_TRUE(absl::StartsWith(GetError("/api/v1/statusPages?pageSize=-2"), "page_size: -2 is negative"));
  EXPECT_TRUE(absl::StartsWith(GetError("/api/v1/statusPages?pageSize=2&pageToken=garbled"), "page_token: "));
}

}  // namespace
}  // namespace statusphere::testing
