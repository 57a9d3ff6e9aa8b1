// The chat kinds added after Slack, Discord and Teams: the request each platform documents
// (Google Chat's cardsV2 message with a thread key, Telegram's sendMessage, ntfy's headers,
// Mattermost's Slack-compatible text), vendor text that cannot mention anyone or break out of
// the markup, and the checks of their targets.
#include <set>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/channel_targets.h"
#include "server/notify/google_chat.h"
#include "server/notify/incident_text.h"
#include "server/notify/mattermost.h"
#include "server/notify/ntfy.h"
#include "server/notify/payload.h"
#include "server/notify/sample_notification.h"
#include "server/notify/telegram.h"
#include "server/notify/validation.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

const std::string kJoiner = "\xE2\x81\xA0";  // U+2060

// The shared sample with a title and an update full of every platform's markup and mentions.
Notification Sample(v1::IncidentChange::Kind kind = v1::IncidentChange::CREATED) {
  Notification n = SampleNotification(kind);
  n.incident.set_title("<b>Disruption</b> @all <!channel> & <users/all> *Actions* [x](https://evil.example)");
  n.incident.mutable_events(0)->set_description("We are investigating. @here @channel\n# not a heading");
  return n;
}

std::string Header(const WebhookRequest& r, const std::string& name) { return HeaderOf(r, name); }

TEST(GoogleChat, IsACardThreadedPerIncidentWithVendorTextEscaped) {
  const WebhookRequest r = BuildRequest(v1::WebhookTarget::GOOGLE_CHAT, Sample(), "");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  const json body = json::parse(r.body);
  EXPECT_FALSE(body.contains("text")) << "text is where Chat parses <users/all> mentions";
  EXPECT_NE(body["fallbackText"].get<std::string>().find("New incident on GitHub"), std::string::npos);
  const json& card = body["cardsV2"][0]["card"];
  EXPECT_EQ(body["cardsV2"][0]["cardId"], "incident");
  EXPECT_EQ(card["header"]["title"], "New incident");
  const json& widgets = card["sections"][0]["widgets"];
  const std::string title = widgets[0]["textParagraph"]["text"];
  EXPECT_EQ(title,
            "<b>GitHub: &lt;b&gt;Disruption&lt;/b&gt; @all &lt;!channel&gt; &amp; &lt;users/all&gt; *Actions* "
            "[x](https://evil.example)</b>");
  EXPECT_EQ(widgets[1]["decoratedText"]["topLabel"], "Impact");
  EXPECT_EQ(widgets[1]["decoratedText"]["text"], "major");
  EXPECT_EQ(widgets[3]["decoratedText"]["text"], "Actions, Pages");
  EXPECT_EQ(widgets[4]["textParagraph"]["text"],
            "Investigating - We are investigating. @here @channel<br># not a heading");
  EXPECT_EQ(widgets[5]["buttonList"]["buttons"][0]["onClick"]["openLink"]["url"],
            "https://www.githubstatus.com/incidents/abc");

  // One thread per (subscription, page, incident): the resolution lands in the same thread,
  // another incident or another subscription in another.
  const std::string key = body["thread"]["threadKey"];
  EXPECT_EQ(json::parse(BuildRequest(v1::WebhookTarget::GOOGLE_CHAT, Sample(v1::IncidentChange::RESOLVED), "")
                            .body)["thread"]["threadKey"],
            key);
  Notification other = Sample();
  other.incident.set_id("abd");
  EXPECT_NE(IncidentThreadKey(other), key);
  other = Sample();
  other.subscription_id = "sub_fedcba9876543210";
  EXPECT_NE(IncidentThreadKey(other), key);
  other = Sample();
  other.incident.set_status_page_url("https://status.other.test");
  EXPECT_NE(IncidentThreadKey(other), key);
  for (char c : key) EXPECT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') << key;
}

TEST(Telegram, IsSendMessageInHtmlWithEntitiesAndNoMentions) {
  const WebhookRequest r = BuildRequest(v1::WebhookTarget::TELEGRAM, Sample(), "-1001234567890");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  const json body = json::parse(r.body);
  EXPECT_EQ(body["chat_id"], "-1001234567890");
  EXPECT_EQ(body["parse_mode"], "HTML");
  EXPECT_EQ(body["disable_web_page_preview"], true);
  const std::string text = body["text"];
  // Only our own tags: b and a. The vendor's "<b>" is an entity.
  EXPECT_TRUE(absl::StartsWith(text, "<b>New incident on GitHub: &lt;b&gt;Disruption&lt;/b&gt; @")) << text;
  EXPECT_NE(text.find("&lt;!channel&gt; &amp; &lt;users/all&gt;"), std::string::npos) << text;
  EXPECT_NE(text.find("<b>Impact:</b> major"), std::string::npos);
  EXPECT_NE(text.find("<a href=\"https://www.githubstatus.com/incidents/abc\">View incident</a>"), std::string::npos);
  EXPECT_TRUE(MentionsDefused(text)) << text;
  EXPECT_EQ(TelegramEscape("a\"b@c"), absl::StrCat("a&quot;b@", kJoiner, "c"));

  // However long the vendor's text, the message fits sendMessage's 4096 characters and no
  // entity is cut in half.
  Notification huge = Sample();
  huge.incident.set_title(std::string(5000, '&'));
  huge.incident.mutable_events(0)->set_description(std::string(9000, '<'));
  const std::string long_text =
      json::parse(BuildRequest(v1::WebhookTarget::TELEGRAM, huge, "@acme_status").body)["text"];
  // Each "&amp;" / "&lt;" counts as one character for Telegram.
  std::string decoded = long_text;
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{{"&amp;", "&"}, {"&lt;", "<"}}) {
    for (size_t p = decoded.find(entity); p != std::string::npos; p = decoded.find(entity, p + 1))
      decoded.replace(p, entity.size(), c);
  }
  EXPECT_LT(decoded.size(), 4096u);
  EXPECT_EQ(long_text.find("&am<"), std::string::npos);
  EXPECT_EQ(long_text.find("&l."), std::string::npos);
}

TEST(Ntfy, PostsPlainTextWithItsHeaders) {
  const WebhookRequest r = BuildRequest(v1::WebhookTarget::NTFY, Sample(), "tk_abcdef");
  EXPECT_EQ(Header(r, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(Header(r, "Priority"), "4");
  EXPECT_EQ(Header(r, "Tags"), "warning,major");
  EXPECT_EQ(Header(r, "Click"), "https://www.githubstatus.com/incidents/abc");
  EXPECT_EQ(Header(r, "Authorization"), "Bearer tk_abcdef");
  EXPECT_EQ(Header(r, "Idempotency-Key"), "sub_0123456789abcdef-42");
  EXPECT_TRUE(absl::StartsWith(Header(r, "Title"), "New incident on GitHub: <b>Disruption</b>"));
  EXPECT_TRUE(absl::StartsWith(
      r.body, "Investigating - We are investigating. @here @channel\n# not a heading\n\nImpact: major"))
      << r.body;
  EXPECT_TRUE(Header(BuildRequest(v1::WebhookTarget::NTFY, Sample(), ""), "Authorization").empty());

  // Priority follows impact; a resolution is never urgent.
  Notification n = Sample();
  n.incident.set_impact("critical");
  EXPECT_EQ(Header(BuildRequest(v1::WebhookTarget::NTFY, n, ""), "Priority"), "5");
  EXPECT_EQ(Header(BuildRequest(v1::WebhookTarget::NTFY, n, ""), "Tags"), "rotating_light,critical");
  n.kind = v1::IncidentChange::RESOLVED;
  EXPECT_EQ(Header(BuildRequest(v1::WebhookTarget::NTFY, n, ""), "Priority"), "3");
  EXPECT_EQ(Header(BuildRequest(v1::WebhookTarget::NTFY, n, ""), "Tags"), "white_check_mark,critical");
  n = Sample();
  n.incident.set_impact("maintenance");
  EXPECT_EQ(Header(BuildRequest(v1::WebhookTarget::NTFY, n, ""), "Priority"), "2");
}

TEST(Ntfy, VendorTextCannotAddHeadersAndNonAsciiIsEncoded) {
  Notification n = Sample();
  n.incident.set_title("Outage\r\nAuthorization: Bearer stolen\nX-Evil: 1");
  const WebhookRequest r = BuildRequest(v1::WebhookTarget::NTFY, n, "");
  for (const auto& [name, value] : r.headers) {
    EXPECT_EQ(value.find_first_of("\r\n"), std::string::npos) << name;
  }
  EXPECT_TRUE(Header(r, "Authorization").empty());

  n.incident.set_title("Störung \xFF bei Zahlungen");  // with an invalid byte
  const std::string title = Header(BuildRequest(v1::WebhookTarget::NTFY, n, ""), "Title");
  // Encoded words of at most 75 characters, separated by spaces (ntfy joins them).
  EXPECT_EQ(DecodeEncodedWords(title), "New incident on GitHub: Störung \xEF\xBF\xBD bei Zahlungen") << title;
  EXPECT_EQ(HeaderText(std::string(300, 'x'), 250, " ").size(), 250u);
}

TEST(Mattermost, TextIsEscapedMarkdownThatMentionsNobody) {
  const WebhookRequest r = BuildRequest(v1::WebhookTarget::MATTERMOST, Sample(), "");
  const json body = json::parse(r.body);
  const std::string text = body["text"];
  EXPECT_TRUE(absl::StartsWith(text, "#### New incident on GitHub: \\<b\\>Disruption\\</b\\> @")) << text;
  EXPECT_NE(text.find("\\*Actions\\* \\[x\\]\\(https:"), std::string::npos) << text;
  EXPECT_NE(text.find("\n\\# not a heading"), std::string::npos) << text;
  EXPECT_NE(text.find("**Impact:** major"), std::string::npos);
  EXPECT_TRUE(absl::EndsWith(text, "[View incident](https://www.githubstatus.com/incidents/abc)")) << text;
  // The only unescaped '@'s would be ours, and we write none.
  EXPECT_TRUE(MentionsDefused(text)) << text;
  EXPECT_EQ(text.find("@all"), std::string::npos);
  EXPECT_EQ(text.find("@here"), std::string::npos);
  EXPECT_EQ(text.find("@channel"), std::string::npos);

  // A parenthesis in the vendor's link cannot end the link and append words.
  Notification n = Sample();
  n.incident.set_deep_link("https://status.acme.test/incidents/(x)evil");
  EXPECT_TRUE(absl::EndsWith(MattermostMessage(n)["text"].get<std::string>(),
                             "(https://status.acme.test/incidents/%28x%29evil)"));
}

TEST(Channels, EveryKindFallsBackToThePageForAScriptLink) {
  Notification n = Sample();
  n.incident.set_deep_link("javascript:alert(1)");
  for (auto kind : {v1::WebhookTarget::GOOGLE_CHAT, v1::WebhookTarget::TELEGRAM, v1::WebhookTarget::NTFY,
                    v1::WebhookTarget::MATTERMOST}) {
    const WebhookRequest r = BuildRequest(kind, n, "@acme_status");
    EXPECT_EQ(r.body.find("javascript"), std::string::npos) << kind;
    if (kind == v1::WebhookTarget::NTFY) {
      EXPECT_EQ(Header(r, "Click"), "https://www.githubstatus.com");
    }
  }
}

// --- targets -------------------------------------------------------------------------------

absl::StatusOr<store::SubscriptionRecord> Create(v1::WebhookTarget::Kind kind, const std::string& url,
                                                 const std::string& secret = "") {
  v1::CreateSubscriptionRequest request;
  request.mutable_subscription()->mutable_target()->set_kind(kind);
  request.mutable_subscription()->mutable_target()->set_url(url);
  request.set_secret(secret);
  return ValidateNewSubscription(request);
}

void ExpectInvalid(const absl::StatusOr<store::SubscriptionRecord>& r, const std::string& field) {
  ASSERT_FALSE(r.ok()) << "accepted " << r->subscription.target().url() << " with secret '" << r->secret << "'";
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(r.status().message(), field + ": ")) << r.status().message();
}

TEST(ChannelTargets, GoogleChatGetsItsReplyOptionAndAChatPath) {
  auto r = Create(v1::WebhookTarget::GOOGLE_CHAT, "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->subscription.target().url(),
            "https://chat.googleapis.com/v1/spaces/AAAA/"
            "messages?key=k&token=t&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
  r = Create(v1::WebhookTarget::GOOGLE_CHAT, "https://chat.googleapis.com/v1/spaces/AAAA/messages");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(
      r->subscription.target().url(),
      "https://chat.googleapis.com/v1/spaces/AAAA/messages?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
  // The caller's own choice stays.
  r = Create(v1::WebhookTarget::GOOGLE_CHAT,
             "https://chat.googleapis.com/v1/spaces/A/messages?messageReplyOption=REPLY_MESSAGE_OR_FAIL");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->subscription.target().url(),
            "https://chat.googleapis.com/v1/spaces/A/messages?messageReplyOption=REPLY_MESSAGE_OR_FAIL");
  ExpectInvalid(Create(v1::WebhookTarget::GOOGLE_CHAT, "https://hooks.slack.com/services/T/B/X"),
                "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::GOOGLE_CHAT, "https://chat.googleapis.com/v1/spaces//messages"),
                "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::GOOGLE_CHAT, "https://chat.googleapis.com/v1/spaces/A/messages", "x"),
                "secret");
}

TEST(ChannelTargets, TelegramNeedsABotUrlAndAChatIdSecret) {
  const std::string url = "https://api.telegram.org/bot123456:ABC-def/sendMessage";
  for (const std::string chat : {"-1001234567890", "123456789", "@acme_status"}) {
    auto r = Create(v1::WebhookTarget::TELEGRAM, url, chat);
    ASSERT_TRUE(r.ok()) << chat << ": " << r.status();
    EXPECT_EQ(r->secret, chat);
    EXPECT_EQ(r->subscription.target().url(), url);
  }
  ExpectInvalid(Create(v1::WebhookTarget::TELEGRAM, url), "secret");
  for (const std::string chat : {"-", "12a", "@ab", "@with space", "@bad-dash", "<b>"}) {
    ExpectInvalid(Create(v1::WebhookTarget::TELEGRAM, url, chat), "secret");
  }
  ExpectInvalid(Create(v1::WebhookTarget::TELEGRAM, "https://api.telegram.org/bot123:ABC/getUpdates", "1"),
                "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::TELEGRAM, "https://api.telegram.org/sendMessage", "1"),
                "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::TELEGRAM, url + "?chat_id=1", "1"), "subscription.target.url");
}

TEST(ChannelTargets, NtfyNeedsATopicAndTakesAnOptionalToken) {
  auto r = Create(v1::WebhookTarget::NTFY, "https://ntfy.sh/acme-status_1");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->secret.empty());
  r = Create(v1::WebhookTarget::NTFY, "https://ntfy.example.com/alerts", "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->secret, "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2");
  ExpectInvalid(Create(v1::WebhookTarget::NTFY, "https://ntfy.sh/"), "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::NTFY, "https://ntfy.sh"), "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::NTFY, "https://ntfy.sh/a.b"), "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::NTFY, "https://ntfy.sh/" + std::string(65, 'a')), "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::NTFY, "https://ntfy.sh/topic?x=1"), "subscription.target.url");
  ExpectInvalid(Create(v1::WebhookTarget::NTFY, "https://ntfy.sh/topic", "tk with space"), "secret");
}

TEST(ChannelTargets, MattermostNeedsAHooksPath) {
  EXPECT_TRUE(Create(v1::WebhookTarget::MATTERMOST, "https://chat.acme.test/hooks/xxxgeneratedkeyxxx").ok());
  EXPECT_TRUE(Create(v1::WebhookTarget::MATTERMOST, "https://rocket.acme.test/hooks/abc/def").ok());
  ExpectInvalid(Create(v1::WebhookTarget::MATTERMOST, "https://chat.acme.test/api/v4/posts"),
                "subscription.target.url");
  ExpectInvalid(
      Create(v1::WebhookTarget::MATTERMOST, "https://chat.acme.test/hooks/x", "secret-secret-secret-secret-secret"),
      "secret");
}

}  // namespace
}  // namespace statusphere::notify
