// What each target kind is sent: the shape its webhook documentation asks for, vendor text
// that cannot break out of it, and the generic JSON signature.
#include "server/notify/payload.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/sample_notification.h"
#include "server/notify/signature.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

Notification Sample(v1::IncidentChange::Kind kind = v1::IncidentChange::CREATED) { return SampleNotification(kind); }

std::string Header(const WebhookRequest& r, const std::string& name) { return HeaderOf(r, name); }

TEST(Payload, EveryKindSendsJsonWithTheIdempotencyKeyAndEvent) {
  for (auto kind : {v1::WebhookTarget::SLACK, v1::WebhookTarget::DISCORD, v1::WebhookTarget::TEAMS,
                    v1::WebhookTarget::GENERIC_JSON}) {
    WebhookRequest r = BuildRequest(kind, Sample(), "secret");
    EXPECT_EQ(Header(r, "Content-Type"), "application/json");
    EXPECT_EQ(Header(r, "Idempotency-Key"), "sub_0123456789abcdef-42");
    EXPECT_EQ(Header(r, "X-Statusphere-Event"), "incident.new");
    EXPECT_NO_THROW(json::parse(r.body)) << kind;
  }
  EXPECT_EQ(EventName(v1::IncidentChange::UPDATED), "incident.updated");
  EXPECT_EQ(EventName(v1::IncidentChange::RESOLVED), "incident.resolved");
}

TEST(Payload, SlackHasTextAndBlocksWithMarkupEscaped) {
  json body = json::parse(BuildRequest(v1::WebhookTarget::SLACK, Sample(), "").body);
  ASSERT_TRUE(body["text"].is_string());
  EXPECT_NE(body["text"].get<std::string>().find("New incident on GitHub"), std::string::npos);
  // A vendor title must not become a Slack mention.
  EXPECT_EQ(body["text"].get<std::string>().find("<!channel>"), std::string::npos);
  ASSERT_TRUE(body["blocks"].is_array());
  EXPECT_EQ(body["blocks"][0]["type"], "header");
  EXPECT_EQ(body["blocks"][0]["text"]["type"], "plain_text");
  EXPECT_LE(body["blocks"][0]["text"]["text"].get<std::string>().size(), 150u);
  EXPECT_EQ(body["blocks"][1]["type"], "section");
  EXPECT_EQ(body["blocks"][1]["text"]["type"], "mrkdwn");
  const std::string details = body["blocks"][1]["text"]["text"];
  EXPECT_NE(details.find("*Impact:* major"), std::string::npos);
  EXPECT_NE(details.find("Actions, Pages"), std::string::npos);
  EXPECT_EQ(body["blocks"][2]["type"], "context");
  EXPECT_NE(body["blocks"][2]["elements"][0]["text"].get<std::string>().find(
                "<https://www.githubstatus.com/incidents/abc|View incident>"),
            std::string::npos);
}

TEST(Payload, DiscordHasContentAnEmbedAndNoMentions) {
  json body = json::parse(BuildRequest(v1::WebhookTarget::DISCORD, Sample(v1::IncidentChange::RESOLVED), "").body);
  EXPECT_NE(body["content"].get<std::string>().find("Resolved on GitHub"), std::string::npos);
  ASSERT_EQ(body["embeds"].size(), 1u);
  const json& embed = body["embeds"][0];
  EXPECT_EQ(embed["title"], "Disruption with \\<!channel\\> Actions & Pages");
  EXPECT_EQ(embed["url"], "https://www.githubstatus.com/incidents/abc");
  EXPECT_EQ(embed["color"], 0x2EB67D);
  EXPECT_EQ(embed["timestamp"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(embed["fields"][0]["name"], "Impact");
  EXPECT_EQ(embed["fields"][0]["value"], "major");
  EXPECT_TRUE(body["allowed_mentions"]["parse"].is_array());
  EXPECT_TRUE(body["allowed_mentions"]["parse"].empty());
}

TEST(Payload, TeamsIsAnAdaptiveCardInAMessage) {
  json body = json::parse(BuildRequest(v1::WebhookTarget::TEAMS, Sample(v1::IncidentChange::UPDATED), "").body);
  EXPECT_EQ(body["type"], "message");
  ASSERT_EQ(body["attachments"].size(), 1u);
  EXPECT_EQ(body["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
  const json& card = body["attachments"][0]["content"];
  EXPECT_EQ(card["type"], "AdaptiveCard");
  EXPECT_EQ(card["version"], "1.4");
  EXPECT_EQ(card["body"][0]["type"], "TextBlock");
  EXPECT_NE(card["body"][0]["text"].get<std::string>().find("Update on GitHub"), std::string::npos);
  EXPECT_EQ(card["body"][0]["color"], "Attention");
  EXPECT_EQ(card["body"][1]["type"], "FactSet");
  EXPECT_EQ(card["body"][1]["facts"][1]["title"], "Impact");
  EXPECT_EQ(card["body"][1]["facts"][1]["value"], "major");
  EXPECT_EQ(card["actions"][0]["type"], "Action.OpenUrl");
  EXPECT_EQ(card["actions"][0]["url"], "https://www.githubstatus.com/incidents/abc");
}

TEST(Payload, GenericJsonCarriesTheWholeIncidentAndIsSigned) {
  WebhookRequest r = BuildRequest(v1::WebhookTarget::GENERIC_JSON, Sample(), "s3cret");
  json body = json::parse(r.body);
  EXPECT_EQ(body["event"], "incident.new");
  EXPECT_EQ(body["idempotencyKey"], "sub_0123456789abcdef-42");
  EXPECT_EQ(body["subscriptionId"], "sub_0123456789abcdef");
  EXPECT_EQ(body["sentAt"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(body["statusPage"]["url"], "https://www.githubstatus.com");
  EXPECT_EQ(body["statusPage"]["name"], "GitHub");
  EXPECT_EQ(body["incident"]["id"], "abc");
  EXPECT_EQ(body["incident"]["deepLink"], "https://www.githubstatus.com/incidents/abc");
  EXPECT_EQ(body["incident"]["components"].size(), 2u);
  EXPECT_EQ(body["incident"]["events"][0]["title"], "Investigating");
  EXPECT_EQ(Header(r, "X-Statusphere-Timestamp"), "1700000000");
  EXPECT_EQ(Header(r, "X-Statusphere-Signature"), "sha256=" + HmacSha256Hex("s3cret", r.body));
}

// Every link a payload carries, wherever its kind puts it.
std::vector<std::string> LinksIn(v1::WebhookTarget::Kind kind, const json& body) {
  switch (kind) {
    case v1::WebhookTarget::SLACK:
      return {body["blocks"][2]["elements"][0]["text"].get<std::string>()};
    case v1::WebhookTarget::DISCORD:
      return {body["embeds"][0].value("url", "")};
    case v1::WebhookTarget::TEAMS: {
      const json& card = body["attachments"][0]["content"];
      if (!card.contains("actions")) return {""};
      return {card["actions"][0]["url"].get<std::string>()};
    }
    default:
      return {body["incident"]["deepLink"].get<std::string>()};
  }
}

TEST(Payload, AScriptOrDataDeepLinkBecomesThePageLinkInEveryKind) {
  for (const char* hostile :
       {"javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "//evil.example/x", "/incidents/abc"}) {
    Notification n = Sample();
    n.incident.set_deep_link(hostile);
    for (auto kind : {v1::WebhookTarget::SLACK, v1::WebhookTarget::DISCORD, v1::WebhookTarget::TEAMS,
                      v1::WebhookTarget::GENERIC_JSON}) {
      const std::string body = BuildRequest(kind, n, "k").body;
      EXPECT_EQ(body.find("script:"), std::string::npos) << kind << " " << hostile << ": " << body;
      EXPECT_EQ(body.find("data:"), std::string::npos) << kind << " " << hostile;
      EXPECT_EQ(body.find("evil.example"), std::string::npos) << kind << " " << hostile;
      for (const std::string& link : LinksIn(kind, json::parse(body))) {
        if (kind == v1::WebhookTarget::SLACK) {
          EXPECT_NE(link.find("<https://www.githubstatus.com|View incident>"), std::string::npos) << link;
        } else {
          EXPECT_EQ(link, "https://www.githubstatus.com") << kind << " " << hostile;
        }
      }
    }
  }
}

TEST(Payload, SlackLinkAddressCannotCarryItsOwnText) {
  Notification n = Sample();
  n.incident.set_deep_link("https://status.example.com/x|Reset-your-password");
  json body = json::parse(BuildRequest(v1::WebhookTarget::SLACK, n, "").body);
  const std::string context = body["blocks"][2]["elements"][0]["text"];
  EXPECT_EQ(context.find("https://status.example.com/x%7CReset"), 1u) << context;
  EXPECT_EQ(context.find("|Reset"), std::string::npos) << context;
}

TEST(Payload, DiscordEscapesVendorMarkdown) {
  Notification n = Sample();
  n.incident.set_title("[Reset your password](https://evil.example) ||spoiler|| **bold**");
  n.incident.mutable_events(0)->set_title("# Heading");
  n.incident.mutable_events(0)->set_description("> quote `code` ~~gone~~ [click](https://evil.example/x) <t:0>");
  n.incident.set_components(0, "__API__");
  json body = json::parse(BuildRequest(v1::WebhookTarget::DISCORD, n, "").body);
  const json& embed = body["embeds"][0];
  for (const std::string& text : {embed["title"].get<std::string>(), embed["description"].get<std::string>(),
                                  body["content"].get<std::string>(), embed["fields"][2]["value"].get<std::string>()}) {
    // No unescaped markdown character is left: each one has its backslash.
    for (size_t i = 0; i < text.size(); ++i) {
      if (std::string("*_~`|<>#[]()-").find(text[i]) == std::string::npos) continue;
      ASSERT_GT(i, 0u) << text;
      EXPECT_EQ(text[i - 1], '\\') << "unescaped '" << text[i] << "' at " << i << " in: " << text;
    }
    EXPECT_EQ(text.find("](https"), std::string::npos) << text;
  }
  EXPECT_NE(embed["title"].get<std::string>().find("\\[Reset your password\\]\\(https://evil.example\\)"),
            std::string::npos);
  EXPECT_NE(embed["description"].get<std::string>().find("\\# Heading"), std::string::npos);
  // The author's name is plain text on Discord: shown as it is.
  EXPECT_EQ(embed["author"]["name"], "GitHub");
}

TEST(Payload, TeamsEscapesVendorMarkdown) {
  Notification n = Sample();
  n.incident.set_title("[Reset your password](https://evil.example) **now**");
  n.incident.mutable_events(0)->set_title("_Update_");
  n.incident.mutable_events(0)->set_description("Steps:\n- first\n1. second\nversion 1.2 [x](https://evil.example/y)");
  json body = json::parse(BuildRequest(v1::WebhookTarget::TEAMS, n, "").body);
  const json& card = body["attachments"][0]["content"];
  const std::string headline = card["body"][0]["text"];
  const std::string update = card["body"][2]["text"];
  EXPECT_NE(headline.find("\\[Reset your password\\]\\(https://evil.example\\) \\*\\*now\\*\\*"), std::string::npos)
      << headline;
  EXPECT_EQ(headline.find("]("), std::string::npos) << headline;
  EXPECT_EQ(update.find("]("), std::string::npos) << update;
  EXPECT_NE(update.find("\\_Update\\_"), std::string::npos) << update;
  EXPECT_NE(update.find("\n\\- first"), std::string::npos) << update;
  EXPECT_NE(update.find("\n1\\. second"), std::string::npos) << update;
  // A dot inside a line is no list: left as written.
  EXPECT_NE(update.find("version 1.2 "), std::string::npos) << update;
}

TEST(Payload, InvalidUtf8FromAVendorStillMakesValidJson) {
  Notification n = Sample();
  n.incident.set_title("bad \xff\xfe bytes");
  for (auto kind : {v1::WebhookTarget::SLACK, v1::WebhookTarget::DISCORD, v1::WebhookTarget::TEAMS,
                    v1::WebhookTarget::GENERIC_JSON}) {
    EXPECT_NO_THROW(json::parse(BuildRequest(kind, n, "k").body)) << kind;
  }
}

TEST(Signature, MatchesTheRfc4231TestVector) {
  // RFC 4231, test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(RandomHex(32).size(), 64u);
  EXPECT_NE(RandomHex(32), RandomHex(32));
}

}  // namespace
}  // namespace statusphere::notify
