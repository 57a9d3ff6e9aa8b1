// The webhook sender against a real HTTP receiver on 127.0.0.1: the SSRF guard refuses
// loopback unless allowed, for good (retrying cannot make an address public).
#include "server/notify/webhook_sender.h"

#include <thread>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/http_server.h"

namespace statusphere::notify {
namespace {

using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;

WebhookRequest Json(const std::string& body) { return {body, {{"Content-Type", "application/json"}}}; }

TEST(WebhookSenderTest, RefusesNonPublicAddressesUnlessAllowed) {
  HttpServer receiver;
  receiver.Set("/hook", HttpResponse{});
  WebhookSender guarded{SenderOptions{}};
  SendResult refused = guarded.Post(receiver.Url("/hook"), Json("{}"), nullptr);
  EXPECT_FALSE(refused.delivered);
  EXPECT_TRUE(refused.permanent);
  EXPECT_TRUE(absl::StrContains(refused.error, "refused to connect: address 127.0.0.1 is a loopback")) << refused.error;
  EXPECT_EQ(receiver.RequestCount("/hook"), 0);
  // The cloud metadata address is refused before any packet leaves.
  SendResult metadata = guarded.Post("http://169.254.169.254/latest/meta-data/", Json("{}"), nullptr);
  EXPECT_TRUE(metadata.permanent);
  EXPECT_TRUE(absl::StrContains(metadata.error, "link-local")) << metadata.error;

  SenderOptions allowed;
  allowed.addresses = *AddressPolicy::Parse("127.0.0.1/32");
  SendResult sent = WebhookSender(allowed).Post(receiver.Url("/hook"), Json("{\"ok\":true}"), nullptr);
  EXPECT_TRUE(sent.delivered) << sent.error;
  ASSERT_EQ(receiver.RequestCount("/hook"), 1);
  EXPECT_EQ(receiver.Requests()[0].body, "{\"ok\":true}");
}

SenderOptions Loopback() {
  SenderOptions options;
  options.addresses = *AddressPolicy::Parse("127.0.0.1/32");
  return options;
}

TEST(WebhookSenderTest, AMovedWebhookIsNotFollowed) {
  HttpServer receiver;
  HttpResponse moved;
  moved.status = 301;
  moved.headers = {{"Location", "/elsewhere"}};
  receiver.Set("/hook", moved);
  receiver.Set("/elsewhere", HttpResponse{});
  SendResult r = WebhookSender(Loopback()).Post(receiver.Url("/hook"), Json("{\"secret\":1}"), nullptr);
  EXPECT_FALSE(r.delivered);
  EXPECT_FALSE(r.permanent);
  EXPECT_EQ(r.http_status, 301);
  EXPECT_EQ(r.error, "HTTP 301");
  EXPECT_EQ(receiver.RequestCount("/elsewhere"), 0);
}

TEST(WebhookSenderTest, ErrorsSayTheStatusAndASnippetButNotTheUrl) {
  HttpServer receiver;
  HttpResponse busy;
  busy.status = 503;
  busy.headers = {{"Retry-After", "30"}};
  busy.body = "over capacity\n\x01" + std::string(5000, 'z');
  receiver.Set("/hook/token-123", busy);
  SendResult r = WebhookSender(Loopback()).Post(receiver.Url("/hook/token-123"), Json("{}"), nullptr);
  EXPECT_FALSE(r.delivered);
  EXPECT_FALSE(r.permanent);
  EXPECT_EQ(r.retry_after, absl::Seconds(30));
  EXPECT_EQ(r.error, "HTTP 503: over capacity  " + std::string(200 - 15, 'z'));
  SendResult refused = WebhookSender(Loopback()).Post("http://127.0.0.1:1/hook/token-123", Json("{}"), nullptr);
  EXPECT_FALSE(refused.permanent);
  EXPECT_TRUE(absl::StartsWith(refused.error, "transport: ")) << refused.error;
  EXPECT_FALSE(absl::StrContains(refused.error, "token-123")) << refused.error;
  SendResult bad = WebhookSender(Loopback()).Post("gopher://127.0.0.1/token-123", Json("{}"), nullptr);
  EXPECT_TRUE(bad.permanent);
  EXPECT_FALSE(absl::StrContains(bad.error, "token-123")) << bad.error;
}

TEST(WebhookSenderTest, OnlyAllowedHostsAreCalled) {
  HttpServer receiver;
  receiver.Set("/hook", HttpResponse{});
  SenderOptions options = Loopback();
  options.allowed_hosts = {"hooks.example.com"};
  SendResult r = WebhookSender(options).Post(receiver.Url("/hook"), Json("{}"), nullptr);
  EXPECT_TRUE(r.permanent);
  EXPECT_EQ(r.error, "host '127.0.0.1' is not in the notify_allowed_hosts list");
  EXPECT_EQ(receiver.RequestCount("/hook"), 0);
  options.allowed_hosts = {"127.0.0.1"};
  EXPECT_TRUE(WebhookSender(options).Post(receiver.Url("/hook"), Json("{}"), nullptr).delivered);
}

TEST(WebhookSenderTest, AStopInterruptsACallInFlight) {
  HttpServer receiver;
  HttpResponse slow;
  slow.delay = absl::Seconds(3);
  receiver.Set("/hook", slow);
  std::atomic<bool> stopping{false};
  std::thread stopper([&] {
    absl::SleepFor(absl::Milliseconds(300));
    stopping = true;
  });
  const absl::Time start = absl::Now();
  SendResult r = WebhookSender(Loopback()).Post(receiver.Url("/hook"), Json("{}"), &stopping);
  stopper.join();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1500));
  EXPECT_FALSE(r.delivered);
  EXPECT_FALSE(r.permanent);
  EXPECT_EQ(r.error, "interrupted by shutdown");
}

}  // namespace
}  // namespace statusphere::notify
