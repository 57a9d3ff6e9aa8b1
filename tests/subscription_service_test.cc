// SubscriptionService in-process over a real SQLite store, through real stubs:
// authentication (no token, wrong token, right token) on every RPC, validation, secrets
// shown once, target URLs never echoed.
#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "statusphere/v1/subscription_service.grpc.pb.h"
#include "tests/support/in_process_server.h"
#include "tests/support/server_process.h"

namespace statusphere {
namespace {

using grpc::StatusCode;
using namespace statusphere::v1;  // NOLINT

constexpr const char* kToken = testing::kTestAdminToken;

enum class Auth { kNone, kWrong, kRight };

class SubscriptionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // This test is about the API, not about sending.
    auto server = testing::InProcessServer::Start([](ServerOptions& options) { options.notify = false; });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = SubscriptionService::NewStub(server_->Channel());
  }

  void TearDown() override {}

  std::unique_ptr<grpc::ClientContext> Context(Auth auth = Auth::kRight) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (auth == Auth::kRight) context->AddMetadata("authorization", absl::StrCat("Bearer ", kToken));
    if (auth == Auth::kWrong) context->AddMetadata("authorization", "Bearer not-the-token-0123456789");
    return context;
  }

  static CreateSubscriptionRequest Generic() {
    CreateSubscriptionRequest r;
    r.mutable_subscription()->set_description("payments on-call");
    r.mutable_subscription()->mutable_target()->set_kind(WebhookTarget::GENERIC_JSON);
    r.mutable_subscription()->mutable_target()->set_url("https://hooks.example.com/in/secret-path");
    r.mutable_subscription()->mutable_filter()->add_status_page_urls("https://www.githubstatus.com/");
    r.mutable_subscription()->mutable_filter()->set_min_impact("major");
    return r;
  }

  grpc::Status Create(const CreateSubscriptionRequest& r, CreateSubscriptionResponse* out, Auth auth = Auth::kRight) {
    return stub_->CreateSubscription(Context(auth).get(), r, out);
  }

  std::unique_ptr<testing::InProcessServer> server_;
  std::unique_ptr<SubscriptionService::Stub> stub_;
};

TEST_F(SubscriptionServiceTest, EveryRpcNeedsTheAdminToken) {
  CreateSubscriptionResponse created;
  ASSERT_TRUE(Create(Generic(), &created).ok());
  const std::string id = created.subscription().id();
  for (Auth auth : {Auth::kNone, Auth::kWrong}) {
    CreateSubscriptionResponse c;
    EXPECT_EQ(Create(Generic(), &c, auth).error_code(), StatusCode::UNAUTHENTICATED);
    ListSubscriptionsResponse l;
    EXPECT_EQ(stub_->ListSubscriptions(Context(auth).get(), {}, &l).error_code(), StatusCode::UNAUTHENTICATED);
    GetSubscriptionRequest get;
    get.set_id(id);
    GetSubscriptionResponse g;
    EXPECT_EQ(stub_->GetSubscription(Context(auth).get(), get, &g).error_code(), StatusCode::UNAUTHENTICATED);
    DeleteSubscriptionRequest del;
    del.set_id(id);
    DeleteSubscriptionResponse d;
    EXPECT_EQ(stub_->DeleteSubscription(Context(auth).get(), del, &d).error_code(), StatusCode::UNAUTHENTICATED);
  }
  // Nothing was created or deleted by the refused calls.
  ListSubscriptionsResponse list;
  ASSERT_TRUE(stub_->ListSubscriptions(Context().get(), {}, &list).ok());
  ASSERT_EQ(list.subscriptions_size(), 1);
  EXPECT_EQ(list.subscriptions(0).id(), id);
}

TEST_F(SubscriptionServiceTest, CreateReturnsTheSecretOnceAndNeverTheUrl) {
  CreateSubscriptionResponse created;
  ASSERT_TRUE(Create(Generic(), &created).ok());
  const Subscription& s = created.subscription();
  EXPECT_EQ(s.id().rfind("sub_", 0), 0u);
  EXPECT_EQ(s.id().size(), 20u);
  EXPECT_EQ(created.secret().size(), 64u);
  EXPECT_TRUE(s.target().url().empty());
  EXPECT_EQ(s.target().url_redacted(), "https://hooks.example.com/...");
  EXPECT_EQ(s.filter().status_page_urls(0), "https://www.githubstatus.com");
  EXPECT_EQ(s.filter().min_impact(), "major");
  EXPECT_TRUE(s.has_create_time());

  GetSubscriptionRequest get;
  get.set_id(s.id());
  GetSubscriptionResponse got;
  ASSERT_TRUE(stub_->GetSubscription(Context().get(), get, &got).ok());
  EXPECT_EQ(got.subscription().description(), "payments on-call");
  EXPECT_TRUE(got.subscription().target().url().empty());
  EXPECT_EQ(got.subscription().delivery().pending(), 0);

  // A caller's own secret is used as given; unsigned kinds get none.
  CreateSubscriptionRequest own = Generic();
  own.set_secret(std::string(40, 'k'));
  ASSERT_TRUE(Create(own, &created).ok());
  EXPECT_EQ(created.secret(), std::string(40, 'k'));
  CreateSubscriptionRequest slack = Generic();
  slack.mutable_subscription()->mutable_target()->set_kind(WebhookTarget::SLACK);
  ASSERT_TRUE(Create(slack, &created).ok());
  EXPECT_TRUE(created.secret().empty());

  // An alerting target's key is a credential: kept, never returned; its url defaults to
  // the service's US endpoint; the events chosen are kept.
  CreateSubscriptionRequest pagerduty = Generic();
  pagerduty.mutable_subscription()->mutable_target()->set_kind(WebhookTarget::PAGERDUTY);
  pagerduty.mutable_subscription()->mutable_target()->clear_url();
  pagerduty.mutable_subscription()->mutable_filter()->add_events("component");
  pagerduty.set_secret("R0UTINGKEY0123456789abcdefABCDEF");
  ASSERT_TRUE(Create(pagerduty, &created).ok());
  EXPECT_TRUE(created.secret().empty());
  EXPECT_EQ(created.subscription().target().url_redacted(), "https://events.pagerduty.com/...");
  get.set_id(created.subscription().id());
  ASSERT_TRUE(stub_->GetSubscription(Context().get(), get, &got).ok());
  EXPECT_EQ(got.subscription().filter().events_size(), 1);
  EXPECT_EQ(got.subscription().filter().events(0), "component");
  EXPECT_EQ(got.DebugString().find("R0UTINGKEY"), std::string::npos);
  pagerduty.clear_secret();
  EXPECT_EQ(Create(pagerduty, &created).error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(SubscriptionServiceTest, BadRequestsNameTheField) {
  CreateSubscriptionRequest r = Generic();
  r.mutable_subscription()->mutable_target()->set_url("ftp://hooks.example.com/x");
  CreateSubscriptionResponse out;
  grpc::Status s = Create(r, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("subscription.target.url:", 0), 0u) << s.error_message();

  r = Generic();
  r.mutable_subscription()->mutable_filter()->set_min_impact("severe");
  s = Create(r, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("subscription.filter.min_impact:", 0), 0u) << s.error_message();

  GetSubscriptionRequest get;
  GetSubscriptionResponse got;
  s = stub_->GetSubscription(Context().get(), get, &got);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "id: is required");
  get.set_id("sub_nope");
  EXPECT_EQ(stub_->GetSubscription(Context().get(), get, &got).error_code(), StatusCode::NOT_FOUND);
}

TEST_F(SubscriptionServiceTest, DeleteRemovesIt) {
  CreateSubscriptionResponse created;
  ASSERT_TRUE(Create(Generic(), &created).ok());
  DeleteSubscriptionRequest del;
  del.set_id(created.subscription().id());
  DeleteSubscriptionResponse d;
  ASSERT_TRUE(stub_->DeleteSubscription(Context().get(), del, &d).ok());
  EXPECT_EQ(stub_->DeleteSubscription(Context().get(), del, &d).error_code(), StatusCode::NOT_FOUND);
  ListSubscriptionsResponse list;
  ASSERT_TRUE(stub_->ListSubscriptions(Context().get(), {}, &list).ok());
  EXPECT_EQ(list.subscriptions_size(), 0);
}

}  // namespace
}  // namespace statusphere
