// A hostile page's links, end to end: an RSS feed on 127.0.0.1 whose items link to
// "javascript:", "data:" and spellings of them, read by the real scraper and stored by the
// real server. No such link is stored, none reaches the Atom feed or a webhook (Slack,
// Discord, Teams, generic JSON), each of which links to the page itself instead, and a
// vendor title written as markdown arrives escaped where chat would render it.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "statusphere/v1/subscription_service.grpc.pb.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using nlohmann::json;
using statusphere::testing::Eventually;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::RecordedRequest;
using statusphere::testing::Subprocess;
using namespace statusphere::v1;  // NOLINT

// Item links as a hostile feed writes them; XML character references are decoded by the
// parser, so "&#x9;" is a tab inside the scheme and "&#106;" a 'j'.
const std::vector<std::string> kHostileLinks = {
    "javascript:alert(document.cookie)",
    "  JaVaScRiPt:alert(document.cookie)",
    "java&#x9;script:alert(1)",
    "&#x1;javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/steal",
};

std::string HostileFeed() {
  std::string xml = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Hostile</title>";
  for (size_t i = 0; i < kHostileLinks.size(); ++i) {
    absl::StrAppend(&xml, "<item><title>", i == 0 ? "[Reset your password](https://evil.example/reset)" : "API outage",
                    " ", i, "</title><link>", kHostileLinks[i], "</link><guid isPermaLink=\"false\">hostile-", i,
                    "</guid><pubDate>Mon, 0", 1 + i % 9,
                    " Jan 2024 10:00:00 GMT</pubDate>"
                    "<description>Investigating - we are looking into it</description></item>");
  }
  xml += "</channel></rss>";
  return xml;
}

class SafeLinksE2eTest : public testing::ServerFixture {
 protected:
  void SetUp() override {
    StartServer("safe_links_e2e", "127.0.0.1/32",
                {"--notify_allowed_hosts=127.0.0.1", "--notify_retry_base=200ms", "--notify_retry_cap=1s"});
    subscriptions_ =
        SubscriptionService::NewStub(grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  void Subscribe(WebhookTarget::Kind kind, const std::string& url, const std::string& page) {
    CreateSubscriptionRequest request;
    request.mutable_subscription()->mutable_target()->set_kind(kind);
    request.mutable_subscription()->mutable_target()->set_url(url);
    request.mutable_subscription()->mutable_filter()->add_status_page_urls(page);
    CreateSubscriptionResponse response;
    grpc::Status s =
        subscriptions_->CreateSubscription(testing::AdminCallContext(kAdminToken).get(), request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  std::unique_ptr<SubscriptionService::Stub> subscriptions_;
};

TEST_F(SafeLinksE2eTest, ScriptAndDataLinksReachNoFeedAndNoWebhook) {
  HttpServer site;
  HttpResponse feed;
  feed.headers = {{"Content-Type", "application/rss+xml"}};
  feed.body = HostileFeed();
  site.Set("/hostile/history.rss", feed);
  const std::string page = site.Url("/hostile");

  HttpServer hooks;
  const std::map<WebhookTarget::Kind, std::string> paths = {{WebhookTarget::SLACK, "/slack"},
                                                            {WebhookTarget::DISCORD, "/discord"},
                                                            {WebhookTarget::TEAMS, "/teams"},
                                                            {WebhookTarget::GENERIC_JSON, "/generic"}};
  for (const auto& [kind, path] : paths) {
    hooks.Set(path, HttpResponse{});
  }
  AddPage("Hostile", page, "rss");
  for (const auto& [kind, path] : paths) Subscribe(kind, hooks.Url(path), page);
  Subprocess& scraper = StartScraper("links", {"--workers=1", "--idle_wait=100ms"});

  ASSERT_TRUE(Eventually([&] { return Incidents(page).size() == kHostileLinks.size(); }, absl::Seconds(20)))
      << Page(page).last_error() << "\n"
      << scraper.Log().substr(0, 4000);
  // Stored: no deep link but an http(s) one (here none: each was refused at ingest).
  for (const Incident& incident : Incidents(page)) {
    EXPECT_TRUE(incident.deep_link().empty() || absl::StartsWith(incident.deep_link(), "http://127.0.0.1:"))
        << incident.id() << ": '" << incident.deep_link() << "'";
  }

  // The Atom feed links every entry to the page.
  GetAtomFeedRequest feed_request;
  feed_request.set_status_page_url(page);
  GetAtomFeedResponse atom;
  ASSERT_TRUE(pages_->GetAtomFeed(Context().get(), feed_request, &atom).ok());
  EXPECT_FALSE(absl::StrContains(absl::AsciiStrToLower(atom.body()), "script:")) << atom.body();
  EXPECT_FALSE(absl::StrContains(atom.body(), "data:")) << atom.body();
  EXPECT_FALSE(absl::StrContains(atom.body(), "evil.example/steal")) << atom.body();
  size_t entry_links = 0;
  for (size_t at = atom.body().find("<link rel=\"alternate\" href=\"" + page + "\"/>"); at != std::string::npos;
       at = atom.body().find("<link rel=\"alternate\" href=\"" + page + "\"/>", at + 1)) {
    ++entry_links;
  }
  EXPECT_EQ(entry_links, kHostileLinks.size() + 1) << atom.body();  // the feed's own link and one per entry

  // Every webhook: one delivery per incident, each linking to the page, none to a script.
  ASSERT_TRUE(Eventually(
      [&] {
        for (const auto& [kind, path] : paths) {
          if (hooks.RequestCount(path) < static_cast<int>(kHostileLinks.size())) return false;
        }
        return true;
      },
      absl::Seconds(20)))
      << "deliveries: slack " << hooks.RequestCount("/slack") << ", discord " << hooks.RequestCount("/discord")
      << ", teams " << hooks.RequestCount("/teams") << ", generic " << hooks.RequestCount("/generic");
  bool saw_markdown_title = false;
  for (const RecordedRequest& r : hooks.Requests()) {
    SCOPED_TRACE(r.path + ": " + r.body);
    EXPECT_FALSE(absl::StrContains(absl::AsciiStrToLower(r.body), "script:"));
    EXPECT_FALSE(absl::StrContains(r.body, "data:"));
    EXPECT_FALSE(absl::StrContains(r.body, "evil.example/steal"));
    const json body = json::parse(r.body);
    if (r.path == "/slack") {
      EXPECT_TRUE(absl::StrContains(body["blocks"][2]["elements"][0]["text"].get<std::string>(),
                                    "<" + page + "|View incident>"));
    } else if (r.path == "/discord") {
      EXPECT_EQ(body["embeds"][0]["url"], page);
      const std::string title = body["embeds"][0]["title"];
      if (absl::StrContains(title, "Reset your password")) {
        saw_markdown_title = true;
        EXPECT_TRUE(absl::StartsWith(title, "\\[Reset your password\\]\\(https://evil.example/reset\\)")) << title;
      }
    } else if (r.path == "/teams") {
      EXPECT_EQ(body["attachments"][0]["content"]["actions"][0]["url"], page);
      EXPECT_FALSE(absl::StrContains(body["attachments"][0]["content"]["body"][0]["text"].get<std::string>(), "]("));
    } else {
      EXPECT_EQ(body["incident"]["deepLink"], page);
    }
  }
  EXPECT_TRUE(saw_markdown_title);
  scraper.Stop();
}

}  // namespace
}  // namespace statusphere
