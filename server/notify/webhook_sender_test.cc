// The webhook sender against a real HTTP receiver on 127.0.0.1: the SSRF guard refuses
// loopback unless allowed, for good (retrying cannot make an address public).
#include "server/notify/webhook_sender.h"

#include "absl/strings/match.h"
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

}  // namespace
}  // namespace statusphere::notify
