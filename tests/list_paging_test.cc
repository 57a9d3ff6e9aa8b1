// ListStatusPages' paging through real stubs: the gRPC server in-process on 127.0.0.1 over
// a real SQLite store, built as statusphere-server builds it (tests/support/in_process_server.h).
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/in_process_server.h"
#include "tests/support/server_process.h"

namespace statusphere {
namespace {

using grpc::StatusCode;
using namespace statusphere::v1;  // NOLINT: the test reads as the API does

constexpr const char* kToken = testing::kTestAdminToken;

class ListPagingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::InProcessServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto channel = server_->Channel();
    pages_ = StatusPageService::NewStub(channel);
    admin_ = AdminService::NewStub(channel);
  }

  std::unique_ptr<grpc::ClientContext> Context(bool admin = false) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (admin) context->AddMetadata("authorization", absl::StrCat("Bearer ", kToken));
    return context;
  }
  void Add(const std::string& name, const std::string& url) {
    AddStatusPageRequest request;
    request.set_name(name);
    request.set_url(url);
    AddStatusPageResponse response;
    grpc::Status s = admin_->AddStatusPage(Context(true).get(), request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  void Remove(const std::string& url) {
    RemoveStatusPageRequest request;
    request.set_status_page_url(url);
    RemoveStatusPageResponse response;
    grpc::Status s = admin_->RemoveStatusPage(Context(true).get(), request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  grpc::Status List(int page_size, const std::string& token, ListStatusPagesResponse* response) {
    ListStatusPagesRequest request;
    request.set_page_size(page_size);
    request.set_page_token(token);
    return pages_->ListStatusPages(Context().get(), request, response);
  }
  static std::vector<std::string> Names(const ListStatusPagesResponse& response) {
    std::vector<std::string> names;
    for (const auto& page : response.status_pages()) names.push_back(page.name());
    return names;
  }

  std::unique_ptr<testing::InProcessServer> server_;
  std::unique_ptr<StatusPageService::Stub> pages_;
  std::unique_ptr<AdminService::Stub> admin_;
};

TEST_F(ListPagingTest, PagesOfTwoFollowTheTokensToTheEnd) {
  for (const auto& [name, url] :
       std::vector<std::pair<std::string, std::string>>{{"Zoom", "https://status.zoom.us"},
                                                        {"atlassian", "https://status.atlassian.com"},
                                                        {"GitHub", "https://www.githubstatus.com"},
                                                        {"Bitbucket", "https://bitbucket.status.atlassian.com"},
                                                        {"github actions", "https://actions.example"}}) {
    ASSERT_NO_FATAL_FAILURE(Add(name, url));
  }
  ListStatusPagesResponse whole;
  ASSERT_TRUE(pages_->ListStatusPages(Context().get(), {}, &whole).ok());
  // Unpaged: every page, no token, no total (the answer before paging existed).
  EXPECT_EQ(Names(whole), (std::vector<std::string>{"atlassian", "Bitbucket", "GitHub", "github actions", "Zoom"}));
  EXPECT_EQ(whole.next_page_token(), "");
  EXPECT_EQ(whole.total_size(), 0);

  std::vector<std::vector<std::string>> walk;
  std::string token;
  do {
    ListStatusPagesResponse page;
    grpc::Status s = List(2, token, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(page.total_size(), 5);
    walk.push_back(Names(page));
    token = page.next_page_token();
    ASSERT_LE(walk.size(), 3u) << "the walk does not end";
  } while (!token.empty());
  EXPECT_EQ(walk, (std::vector<std::vector<std::string>>{
                      {"atlassian", "Bitbucket"}, {"GitHub", "github actions"}, {"Zoom"}}));
}

TEST_F(ListPagingTest, AWalkSkipsAndRepeatsNoPageThatStaysWhilePagesComeAndGo) {
  for (const char* name : {"alpha", "bravo", "charlie", "delta", "echo"}) {
    ASSERT_NO_FATAL_FAILURE(Add(name, absl::StrCat("https://", name, ".example")));
  }
  ListStatusPagesResponse first;
  ASSERT_TRUE(List(2, "", &first).ok());
  ASSERT_EQ(Names(first), (std::vector<std::string>{"alpha", "bravo"}));
  // Writes between the calls (the read cache is invalidated by them).
  ASSERT_NO_FATAL_FAILURE(Remove("https://bravo.example"));
  ASSERT_NO_FATAL_FAILURE(Remove("https://charlie.example"));
  ASSERT_NO_FATAL_FAILURE(Add("Able", "https://able.example"));
  ASSERT_NO_FATAL_FAILURE(Add("Delta Two", "https://delta2.example"));
  ListStatusPagesResponse second;
  ASSERT_TRUE(List(2, first.next_page_token(), &second).ok());
  EXPECT_EQ(Names(second), (std::vector<std::string>{"delta", "Delta Two"}));
  EXPECT_EQ(second.total_size(), 5);
  ListStatusPagesResponse third;
  ASSERT_TRUE(List(2, second.next_page_token(), &third).ok());
  EXPECT_EQ(Names(third), (std::vector<std::string>{"echo"}));
  EXPECT_EQ(third.next_page_token(), "");
}

TEST_F(ListPagingTest, BadSizesAndTokensAreInvalidArguments) {
  ASSERT_NO_FATAL_FAILURE(Add("GitHub", "https://www.githubstatus.com"));
  ASSERT_NO_FATAL_FAILURE(Add("Zoom", "https://status.zoom.us"));
  ListStatusPagesResponse response;
  grpc::Status negative = List(-1, "", &response);
  EXPECT_EQ(negative.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(negative.error_message(), "page_size: -1 is negative")) << negative.error_message();

  ListStatusPagesResponse first;
  ASSERT_TRUE(List(1, "", &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  std::string garbled = first.next_page_token();
  garbled[garbled.size() / 2] = garbled[garbled.size() / 2] == 'x' ? 'y' : 'x';
  for (const std::string& token : {std::string("not a token"), garbled, first.next_page_token().substr(0, 6)}) {
    grpc::Status bad = List(1, token, &response);
    EXPECT_EQ(bad.error_code(), StatusCode::INVALID_ARGUMENT) << token;
    EXPECT_TRUE(absl::StartsWith(bad.error_message(), "page_token: ")) << bad.error_message();
  }
  // A token without a size continues in pages of the default size.
  ListStatusPagesResponse rest;
  ASSERT_TRUE(List(0, first.next_page_token(), &rest).ok());
  EXPECT_EQ(Names(rest), (std::vector<std::string>{"Zoom"}));
  EXPECT_EQ(rest.total_size(), 2);
  EXPECT_EQ(rest.next_page_token(), "");
}

TEST_F(ListPagingTest, APageSizeOverAThousandIsReadAsAThousand) {
  std::vector<store::NewPage> catalog;
  for (int i = 0; i < 1001; ++i) {
    catalog.push_back({absl::StrFormat("Vendor %04d", i), absl::StrFormat("https://status.vendor%04d.example", i), "",
                       store::PageOrigin::kCatalog});
  }
  ASSERT_TRUE(server_->store().ReconcileCatalog(catalog, absl::Now()).ok());
  ListStatusPagesResponse first;
  ASSERT_TRUE(List(5000, "", &first).ok());
  EXPECT_EQ(first.status_pages_size(), 1000);
  EXPECT_EQ(first.total_size(), 1001);
  EXPECT_EQ(first.status_pages(999).name(), "Vendor 0999");
  ListStatusPagesResponse last;
  ASSERT_TRUE(List(5000, first.next_page_token(), &last).ok());
  EXPECT_EQ(Names(last), (std::vector<std::string>{"Vendor 1000"}));
  EXPECT_EQ(last.next_page_token(), "");
}

}  // namespace
}  // namespace statusphere
