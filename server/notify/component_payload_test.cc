// component.changed as each webhook kind receives it: one message listing every changed
// component with its old and new status, and the page's status before and after.
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/notification_samples.h"
#include "server/notify/payload.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

// The sample with a hostile component name: markup and a mention.
Notification ComponentSample() {
  Notification n = ComponentNotification();
  n.components->mutable_changes(0)->set_name("API <!channel> [x](https://evil.example)");
  return n;
}

TEST(ComponentPayload, GenericJsonListsEveryChangeAndThePageStatusBeforeAndAfter) {
  WebhookRequest r = BuildRequest(v1::WebhookTarget::GENERIC_JSON, ComponentSample(), "s3cret");
  EXPECT_EQ(HeaderOf(r, "X-Statusphere-Event"), "component.changed");
  EXPECT_EQ(HeaderOf(r, "Idempotency-Key"), "sub_0123456789abcdef-77");
  EXPECT_FALSE(HeaderOf(r, "X-Statusphere-Signature").empty());
  json body = json::parse(r.body);
  EXPECT_EQ(body["event"], "component.changed");
  EXPECT_EQ(body["idempotencyKey"], "sub_0123456789abcdef-77");
  EXPECT_EQ(body["statusPage"], (json{{"url", "https://status.asana.com"}, {"name", "Asana"}}));
  EXPECT_EQ(body["pageStatus"], (json{{"before", "UP"}, {"after", "DEGRADED"}}));
  EXPECT_EQ(body["incidentOpen"], false);
  EXPECT_FALSE(body.contains("incident"));
  ASSERT_EQ(body["componentChanges"].size(), 2u);
  EXPECT_EQ(body["componentChanges"][0], (json{{"id", "c1"},
                                               {"name", "API <!channel> [x](https://evil.example)"},
                                               {"group", "Core"},
                                               {"oldStatus", "operational"},
                                               {"newStatus", "major_outage"}}));
  EXPECT_EQ(body["componentChanges"][1]["name"], "Web");
  EXPECT_EQ(body["componentChanges"][1]["newStatus"], "operational");
}

TEST(ComponentPayload, ChatKindsShowEachComponentWithTheirMarkupEscaped) {
  json slack = json::parse(BuildRequest(v1::WebhookTarget::SLACK, ComponentSample(), "").body);
  const std::string section = slack["blocks"][1]["text"]["text"];
  EXPECT_NE(section.find("Page status: UP → DEGRADED"), std::string::npos) << section;
  EXPECT_NE(section.find("Core / API &lt;!channel&gt; [x](https://evil.example): operational → major_outage"),
            std::string::npos)
      << section;
  EXPECT_NE(section.find("Web: partial_outage → operational"), std::string::npos) << section;
  // Mrkdwn fields never carry a mention (the header block is plain_text: shown as written).
  EXPECT_EQ(slack["text"].get<std::string>().find("<!channel>"), std::string::npos);
  EXPECT_EQ(section.find("<!channel>"), std::string::npos);
  EXPECT_EQ(slack["blocks"][0]["text"]["type"], "plain_text");

  json discord = json::parse(BuildRequest(v1::WebhookTarget::DISCORD, ComponentSample(), "").body);
  const std::string lines = discord["embeds"][0]["description"];
  EXPECT_NE(lines.find("API \\<!channel\\> \\[x\\]\\(https://evil.example\\)"), std::string::npos) << lines;
  EXPECT_EQ(discord["embeds"][0]["url"], "https://status.asana.com");
  EXPECT_EQ(discord["embeds"][0]["color"], 0xD92D20);  // the worst new status: a major outage
  EXPECT_EQ(discord["allowed_mentions"]["parse"], json::array());

  json teams = json::parse(BuildRequest(v1::WebhookTarget::TEAMS, ComponentSample(), "").body);
  const json& card = teams["attachments"][0]["content"];
  EXPECT_EQ(card["type"], "AdaptiveCard");
  const json& facts = card["body"][2]["facts"];
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(facts[0]["title"], "API \\<!channel\\> \\[x\\]\\(https://evil.example\\)");
  EXPECT_EQ(facts[0]["value"], "operational → major\\_outage");
  EXPECT_EQ(card["actions"][0]["url"], "https://status.asana.com");
}

TEST(ComponentPayload, WebhookKindsAreOneRequestToTheTargetUrl) {
  v1::WebhookTarget target;
  target.set_kind(v1::WebhookTarget::SLACK);
  target.set_url("https://hooks.slack.com/services/T/B/x");
  const std::vector<WebhookRequest> requests = BuildRequests(target, ComponentSample(), "");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].url, "https://hooks.slack.com/services/T/B/x");
}

}  // namespace
}  // namespace statusphere::notify
