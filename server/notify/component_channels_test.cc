// component.changed as the chat and mail kinds word it (Google Chat, Telegram, ntfy,
// Mattermost, email): every changed component with its old and new status, the page's
// status before and after, vendor names that cannot mention anyone or break out of the
// markup, and messages that fit each platform's limits however many components changed.
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/address_policy.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/component_text.h"
#include "server/notify/email_message.h"
#include "server/notify/incident_text.h"
#include "server/notify/mail_sender.h"
#include "server/notify/mattermost.h"
#include "server/notify/payload.h"
#include "server/notify/sample_notification.h"
#include "server/notify/validation.h"
#include "tests/support/smtp_sink.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

const std::string kJoiner = "\xE2\x81\xA0";  // U+2060
const std::string kHostileName = "API @all <!channel> <b>bold</b> *x* _y_ [z](https://evil.example) # h";

// notification_samples.h's Asana event with hostile names: markup of every platform,
// mentions, and a name that is not ASCII.
Notification Sample() {
  Notification n = ComponentNotification();
  v1::ComponentStatusChange* api = n.components->mutable_changes(0);
  api->set_name(kHostileName);
  api->set_group("Core & <i>Edge</i>");
  n.components->mutable_changes(1)->set_name("Zahlungsdienst Störung @here");
  return n;
}

// `n` with `count` changed components named at length (every one hostile).
Notification Many(int count) {
  Notification n = Sample();
  n.components->clear_changes();
  for (int k = 0; k < count; ++k) {
    v1::ComponentStatusChange* c = n.components->add_changes();
    c->set_name(absl::StrCat(k, " ", std::string(300, '<'), " @all ", std::string(300, '*')));
    c->set_old_status("operational");
    c->set_new_status("major_outage");
  }
  return n;
}

TEST(ComponentText, WordsTheEventOnceForEveryKind) {
  const Notification n = Sample();
  const v1::ComponentChangeEvent& e = *n.components;
  EXPECT_EQ(ComponentLine(e.changes(0)),
            absl::StrCat("Core & <i>Edge</i> / ", kHostileName, ": operational → major_outage"));
  EXPECT_EQ(ComponentLine(e.changes(1)), "Zahlungsdienst Störung @here: partial_outage → operational");
  EXPECT_EQ(ComponentHeadline(n),
            absl::StrCat("Components changed on Asana: ", kHostileName, ", Zahlungsdienst Störung @here"));
  EXPECT_EQ(PageStatusLine(e), "Page status: UP → DEGRADED");
  EXPECT_EQ(ComponentSummary(n), "Asana: 2 components changed");
  EXPECT_EQ(WorstNewStatus(e), "major_outage");

  // The worst new status, whatever the order; "operational" only when all recovered.
  Notification m = ComponentNotification();
  m.components->mutable_changes(0)->set_new_status("under_maintenance");
  m.components->mutable_changes(1)->set_new_status("degraded_performance");
  EXPECT_EQ(WorstNewStatus(*m.components), "degraded_performance");
  m.components->mutable_changes(1)->set_new_status("operational");
  EXPECT_EQ(WorstNewStatus(*m.components), "under_maintenance");
  m.components->mutable_changes(0)->set_new_status("operational");
  EXPECT_EQ(WorstNewStatus(*m.components), "operational");
  m.components->mutable_changes(0)->set_new_status("unknown");
  EXPECT_EQ(WorstNewStatus(*m.components), "unknown");
  m.components->mutable_changes()->RemoveLast();
  EXPECT_EQ(ComponentSummary(m), "Asana: 1 component changed");

  // The list: escaped per line, cut past max_lines with a count of the rest.
  const auto upper = [](absl::string_view line) { return absl::AsciiStrToUpper(line); };
  EXPECT_EQ(ComponentList(*ComponentNotification().components, {upper, "- ", "\n"}),
            "- CORE / API: OPERATIONAL → MAJOR_OUTAGE\n- WEB: PARTIAL_OUTAGE → OPERATIONAL\n");
  EXPECT_EQ(ComponentList(*Many(5).components, {nullptr, "", "|", 3, 10}),
            "0 <<<<<...|1 <<<<<...|2 <<<<<...|and 2 more components|");

  // One thread per (subscription, page): another set of components keeps it, another page
  // or subscription does not, and it is never an incident's.
  const std::string key = ComponentThreadKey(n);
  EXPECT_EQ(ComponentThreadKey(Many(3)), key);
  Notification other = Sample();
  other.components->set_status_page_url("https://status.other.test");
  EXPECT_NE(ComponentThreadKey(other), key);
  other = Sample();
  other.subscription_id = "sub_fedcba9876543210";
  EXPECT_NE(ComponentThreadKey(other), key);
  Notification incident = IncidentNotification(v1::IncidentChange::CREATED);
  incident.incident.set_status_page_url("https://status.asana.com");
  incident.incident.set_id("");
  EXPECT_NE(IncidentThreadKey(incident), key);
  EXPECT_LE(key.size(), 60u);
  for (char c : key) EXPECT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') << key;
}

TEST(ComponentGoogleChat, IsACardWithADecoratedTextPerComponentThreadedPerPage) {
  const WebhookRequest r = BuildRequest(v1::WebhookTarget::GOOGLE_CHAT, Sample(), "");
  EXPECT_EQ(HeaderOf(r, "X-Statusphere-Event"), "component.changed");
  const json body = json::parse(r.body);
  EXPECT_FALSE(body.contains("text")) << "text is where Chat parses <users/all> mentions";
  EXPECT_EQ(body["fallbackText"], ComponentHeadline(Sample()));
  EXPECT_EQ(body["cardsV2"][0]["cardId"], "components");
  const json& card = body["cardsV2"][0]["card"];
  EXPECT_EQ(card["header"], (json{{"title", "Components changed"}, {"subtitle", "statusphere"}}));
  const json& widgets = card["sections"][0]["widgets"];
  ASSERT_EQ(widgets.size(), 5u) << widgets.dump();
  EXPECT_EQ(widgets[0]["textParagraph"]["text"], "<b>Asana</b>");
  EXPECT_EQ(widgets[1]["decoratedText"]["topLabel"], "Page status");
  EXPECT_EQ(widgets[1]["decoratedText"]["text"], "UP → DEGRADED");
  EXPECT_EQ(widgets[2]["decoratedText"]["text"],
            "<b>Core &amp; &lt;i&gt;Edge&lt;/i&gt; / API @all &lt;!channel&gt; &lt;b&gt;bold&lt;/b&gt; *x* _y_ "
            "[z](https://evil.example) # h</b>: operational → major_outage");
  EXPECT_EQ(widgets[3]["decoratedText"]["text"], "<b>Zahlungsdienst Störung @here</b>: partial_outage → operational");
  EXPECT_EQ(widgets[4]["buttonList"]["buttons"][0]["text"], "View status page");
  EXPECT_EQ(widgets[4]["buttonList"]["buttons"][0]["onClick"]["openLink"]["url"], "https://status.asana.com");
  EXPECT_EQ(body["thread"]["threadKey"], ComponentThreadKey(Sample()));

  // A card holds at most 100 widgets: 40 components and a line for the rest.
  const json many = json::parse(BuildRequest(v1::WebhookTarget::GOOGLE_CHAT, Many(150), "").body);
  const json& many_widgets = many["cardsV2"][0]["card"]["sections"][0]["widgets"];
  EXPECT_LE(many_widgets.size(), 100u);
  EXPECT_EQ(many_widgets[many_widgets.size() - 2]["textParagraph"]["text"], "and 110 more");
  EXPECT_EQ(many_widgets.dump().find("<<"), std::string::npos);
}

TEST(ComponentTelegram, IsHtmlWithEntitiesAndNoMentions) {
  const json body = json::parse(BuildRequest(v1::WebhookTarget::TELEGRAM, Sample(), "@acme_status").body);
  EXPECT_EQ(body["chat_id"], "@acme_status");
  EXPECT_EQ(body["parse_mode"], "HTML");
  EXPECT_EQ(body["disable_web_page_preview"], true);
  const std::string at_all = "@" + kJoiner + "all";
  const std::string escaped_name =
      absl::StrCat("API ", at_all, " &lt;!channel&gt; &lt;b&gt;bold&lt;/b&gt; *x* _y_ [z](https://evil.example) # h");
  EXPECT_EQ(body["text"],
            absl::StrCat("<b>Components changed on Asana: ", escaped_name, ", Zahlungsdienst Störung @", kJoiner,
                         "here</b>\n<b>Page status: UP → DEGRADED</b>\n"
                         "• Core &amp; &lt;i&gt;Edge&lt;/i&gt; / ",
                         escaped_name, ": operational → major_outage\n", "• Zahlungsdienst Störung @", kJoiner,
                         "here: partial_outage → operational\n\n",
                         "<a href=\"https://status.asana.com\">View status page</a>"));
  EXPECT_TRUE(MentionsDefused(body["text"]));

  // A hundred long hostile names still fit sendMessage's 4096 characters (an entity counts
  // as one), and no entity is cut in half.
  std::string text = json::parse(BuildRequest(v1::WebhookTarget::TELEGRAM, Many(100), "1").body)["text"];
  EXPECT_NE(text.find("• and 80 more components\n"), std::string::npos);
  EXPECT_EQ(text.find("&l."), std::string::npos);
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{{"&lt;", "<"}, {"&amp;", "&"}}) {
    for (size_t p = text.find(entity); p != std::string::npos; p = text.find(entity, p + 1))
      text.replace(p, entity.size(), c);
  }
  EXPECT_LT(text.size(), 4096u);
}

TEST(ComponentNtfy, PriorityFollowsTheWorstNewStatusAndTheTitleIsEncoded) {
  const WebhookRequest r = BuildRequest(v1::WebhookTarget::NTFY, Sample(), "tk_abcdef");
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Priority"), "5");
  EXPECT_EQ(HeaderOf(r, "Tags"), "rotating_light,major_outage");
  EXPECT_EQ(HeaderOf(r, "Click"), "https://status.asana.com");
  EXPECT_EQ(HeaderOf(r, "Authorization"), "Bearer tk_abcdef");
  EXPECT_EQ(HeaderOf(r, "X-Statusphere-Event"), "component.changed");
  // Not ASCII ("Störung"): RFC 2047 encoded words that decode to the headline as written.
  EXPECT_EQ(DecodeEncodedWords(HeaderOf(r, "Title")), ComponentHeadline(Sample()));
  // Plain text: shown as written, nothing to escape.
  EXPECT_EQ(r.body,
            absl::StrCat("Page status: UP → DEGRADED\nCore & <i>Edge</i> / ", kHostileName,
                         ": operational → major_outage\nZahlungsdienst Störung @here: partial_outage → operational\n"));

  const auto headers_for = [](const std::string& api, const std::string& web) {
    Notification n = ComponentNotification();
    n.components->mutable_changes(0)->set_new_status(api);
    n.components->mutable_changes(1)->set_new_status(web);
    const WebhookRequest request = BuildRequest(v1::WebhookTarget::NTFY, n, "");
    EXPECT_TRUE(HeaderOf(request, "Authorization").empty());
    EXPECT_EQ(HeaderOf(request, "Title"), "Components changed on Asana: API, Web");  // ASCII: as is
    return HeaderOf(request, "Priority") + " " + HeaderOf(request, "Tags");
  };
  EXPECT_EQ(headers_for("partial_outage", "operational"), "4 warning,partial_outage");
  EXPECT_EQ(headers_for("degraded_performance", "operational"), "3 warning,degraded_performance");
  EXPECT_EQ(headers_for("operational", "operational"), "3 white_check_mark,operational");
  EXPECT_EQ(headers_for("under_maintenance", "operational"), "2 wrench,under_maintenance");
  EXPECT_EQ(headers_for("under_maintenance", "major_outage"), "5 rotating_light,major_outage");
}

TEST(ComponentNtfy, ANameCannotAddHeadersAndTheBodyStaysAMessage) {
  Notification n = Sample();
  n.components->mutable_changes(0)->set_name("API\r\nAuthorization: Bearer stolen\nX-Evil: 1");
  const WebhookRequest r = BuildRequest(v1::WebhookTarget::NTFY, n, "");
  for (const auto& [name, value] : r.headers) EXPECT_EQ(value.find_first_of("\r\n"), std::string::npos) << name;
  EXPECT_TRUE(HeaderOf(r, "Authorization").empty());
  // Over 4096 bytes ntfy would turn the message into an attachment.
  EXPECT_LT(BuildRequest(v1::WebhookTarget::NTFY, Many(100), "").body.size(), 4096u);
}

TEST(ComponentMattermost, IsEscapedMarkdownThatMentionsNobody) {
  const std::string text = MattermostMessage(Sample())["text"];
  const std::string escaped_name =
      absl::StrCat("API @", kJoiner,
                   "all \\<\\!channel\\> \\<b\\>bold\\</b\\> \\*x\\* \\_y\\_ \\[z\\]\\(https://evil.example\\) \\# h");
  EXPECT_EQ(text, absl::StrCat("#### Components changed on Asana: ", escaped_name, ", Zahlungsdienst Störung @",
                               kJoiner, "here\n**Page status: UP → DEGRADED**\n- Core & \\<i\\>Edge\\</i\\> / ",
                               escaped_name, ": operational → major\\_outage\n- Zahlungsdienst Störung @", kJoiner,
                               "here: partial\\_outage → operational\n\n[View status page](https://status.asana.com)"));
  EXPECT_TRUE(MentionsDefused(text));

  // Under Mattermost's 16383 characters a post, however many components changed.
  const std::string many = MattermostMessage(Many(100))["text"];
  EXPECT_LT(many.size(), 16383u);
  EXPECT_NE(many.find("- and 60 more components\n"), std::string::npos);
}

TEST(ComponentChannels, EveryKindTakesComponentEvents) {
  const std::vector<std::pair<v1::WebhookTarget::Kind, std::pair<std::string, std::string>>> targets = {
      {v1::WebhookTarget::GOOGLE_CHAT, {"https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t", ""}},
      {v1::WebhookTarget::TELEGRAM, {"https://api.telegram.org/bot123456:ABC-def/sendMessage", "-1001234567890"}},
      {v1::WebhookTarget::NTFY, {"https://ntfy.sh/acme-status", ""}},
      {v1::WebhookTarget::MATTERMOST, {"https://chat.acme.test/hooks/xyz", ""}},
      {v1::WebhookTarget::EMAIL, {"smtp://mail.acme.example:587?from=a@acme.example&to=b@acme.example", ""}},
  };
  for (const auto& [kind, target] : targets) {
    v1::CreateSubscriptionRequest request;
    request.mutable_subscription()->mutable_target()->set_kind(kind);
    request.mutable_subscription()->mutable_target()->set_url(target.first);
    request.mutable_subscription()->mutable_filter()->add_events("component");
    request.mutable_subscription()->mutable_filter()->add_events("incident");
    request.set_secret(target.second);
    const absl::StatusOr<store::SubscriptionRecord> r = ValidateNewSubscription(request);
    ASSERT_TRUE(r.ok()) << v1::WebhookTarget::Kind_Name(kind) << ": " << r.status();
    EXPECT_EQ(r->subscription.filter().events_size(), 2) << v1::WebhookTarget::Kind_Name(kind);
  }
}

// --- email ---------------------------------------------------------------------------------

EmailTarget Target(int port) {
  EmailTarget t;
  t.server = absl::StrCat("smtp://127.0.0.1:", port);
  t.starttls = false;
  t.from = "statusphere@acme.example";
  t.to = {"oncall@acme.example"};
  return t;
}

TEST(ComponentMail, IsThreadedPerPageAndARetryIsTheSameMail) {
  const std::string mail = BuildMail(Sample(), Target(25));
  const std::string root = ComponentMessageId(Sample(), Target(25));
  EXPECT_EQ(root, absl::StrCat("<components.", ComponentThreadKey(Sample()), "@acme.example>"));
  const std::string headers = mail.substr(0, mail.find("\r\n\r\n"));
  EXPECT_NE(headers.find("\r\nIn-Reply-To: " + root + "\r\nReferences: " + root + "\r\n"), std::string::npos)
      << headers;
  EXPECT_NE(headers.find("\r\nMessage-ID: <sub_0123456789abcdef-77."), std::string::npos) << headers;
  EXPECT_NE(headers.find("\r\nX-Statusphere-Event: component.changed\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nIdempotency-Key: sub_0123456789abcdef-77\r\n"), std::string::npos);
  EXPECT_NE(headers.find("\r\nAuto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_EQ(BuildMail(Sample(), Target(25)), mail);
  // The page's next change: the same thread, its own id.
  Notification next = Sample();
  next.idempotency_key = "sub_0123456789abcdef-78";
  const std::string next_mail = BuildMail(next, Target(25));
  EXPECT_NE(next_mail.find("\r\nIn-Reply-To: " + root + "\r\n"), std::string::npos);
  EXPECT_NE(next_mail.find("\r\nMessage-ID: <sub_0123456789abcdef-78."), std::string::npos);
  for (size_t i = 0; i < mail.size(); ++i) {
    ASSERT_LT(static_cast<unsigned char>(mail[i]), 0x80) << i;  // 7-bit
    if (mail[i] == '\n') ASSERT_EQ(mail[i - 1], '\r') << i;
  }
}

// Sent through a real SMTP server (python3-aiosmtpd) and read back by Python's email package.
TEST(ComponentMail, ArrivesAsTextAndHtmlWithTheWorstStatusInItsSubject) {
  statusphere::testing::SmtpSink sink("smtp_components");
  ASSERT_GT(sink.port(), 0) << sink.Log();
  const EmailTarget target = Target(sink.port());
  SenderOptions options;
  options.addresses = *AddressPolicy::Parse("127.0.0.1/32");
  options.timeout = absl::Seconds(10);
  MailSender sender(options);
  Notification n = Sample();
  n.page_name = "Asana <Störung>\r\nBcc: victim@evil.example";
  const SendResult sent = sender.Send(target, "", BuildMail(n, target), nullptr);
  ASSERT_TRUE(sent.delivered) << sent.error << "\n" << sink.Log();

  const std::vector<json> mails = sink.Mails();
  ASSERT_EQ(mails.size(), 1u);
  const json& m = mails[0];
  EXPECT_EQ(m["parts"], (json{"text/plain", "text/html"}));
  EXPECT_EQ(m["headers"]["subject"], "[major_outage] Asana <Störung>  Bcc: victim@evil.example: 2 components changed");
  EXPECT_FALSE(m["headers"].contains("bcc"));
  EXPECT_EQ(m["headers"]["x-statusphere-event"], "component.changed");
  EXPECT_EQ(m["headers"]["in-reply-to"], ComponentMessageId(n, target));
  const std::string text = m["text"];
  EXPECT_NE(text.find("Page status: UP → DEGRADED\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find(absl::StrCat("  Core & <i>Edge</i> / ", kHostileName, ": operational → major_outage\r\n")),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  Zahlungsdienst Störung @here: partial_outage → operational\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("View status page: https://status.asana.com"), std::string::npos) << text;
  const std::string html = m["html"];
  EXPECT_NE(html.find("<li>Core &amp; &lt;i&gt;Edge&lt;/i&gt; / API @all &lt;!channel&gt; &lt;b&gt;bold&lt;/b&gt;"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_EQ(html.find("<i>Edge"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"https://status.asana.com\">View status page</a>"), std::string::npos) << html;
}

}  // namespace
}  // namespace statusphere::notify
