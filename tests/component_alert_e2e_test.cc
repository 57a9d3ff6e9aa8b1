// End to end, the Asana case: a vendor page turns a component red without posting an
// incident. The real statusphere-server and a real statusphere-scraper read a Statuspage-
// shaped page on 127.0.0.1; subscribers to component events get one component.changed per
// scrape that changed something (generic JSON, signed), a PagerDuty-shaped receiver gets an
// alert of the component's own that is resolved on recovery, and a subscriber to incidents
// alone hears nothing. The chat and mail kinds (Google Chat, Telegram, ntfy, Mattermost
// receivers and a real SMTP server) each word the same change, parsed back here.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/alert_request_shapes.h"
#include "server/notify/signature.h"
#include "statusphere/v1/subscription_service.grpc.pb.h"
#include "tests/support/fake_statuspage.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/http_server.h"
#include "tests/support/server_fixture.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using nlohmann::json;
using statusphere::testing::AdminCallContext;
using statusphere::testing::Eventually;
using statusphere::testing::FakeStatuspage;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::JsonResponse;
using statusphere::testing::kTestAdminToken;
using statusphere::testing::RecordedRequest;
using namespace statusphere::v1;  // NOLINT

constexpr char kRoutingKey[] = "R0UTINGKEY0123456789abcdefABCDEF";

// Keeps the JSON bodies a path received, and what was wrong with any of them.
class Hook {
 public:
  using Check = std::function<std::vector<std::string>(const RecordedRequest&, const json&)>;
  Hook(HttpServer& hooks, const std::string& path, Check check) : url_(hooks.Url(path)), check_(std::move(check)) {
    hooks.SetHandler(path, [this](const RecordedRequest& r) {
      absl::MutexLock lock(&mu_);
      try {
        const json body = json::parse(r.body);
        for (std::string& p : check_(r, body)) problems_.push_back(std::move(p));
        bodies_.push_back(body);
      } catch (const std::exception& e) {
        problems_.push_back(std::string("not JSON: ") + e.what());
      }
      HttpResponse ok;
      ok.status = 202;
      ok.body = "{}";
      return ok;
    });
  }
  const std::string& url() const { return url_; }
  std::vector<json> bodies() {
    absl::MutexLock lock(&mu_);
    return bodies_;
  }
  std::vector<std::string> problems() {
    absl::MutexLock lock(&mu_);
    return problems_;
  }

 private:
  const std::string url_;
  const Check check_;
  absl::Mutex mu_;
  std::vector<json> bodies_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> problems_ ABSL_GUARDED_BY(mu_);
};

std::string HeaderOf(const RecordedRequest& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

class ComponentAlertE2eTest : public testing::ServerFixture {
 protected:
  // Returns the new subscription's id; `secret` is the key to send, or receives the
  // generated signing secret.
  std::string Subscribe(WebhookTarget::Kind kind, const std::string& url, const std::string& page,
                        std::vector<std::string> events, std::string* secret) {
    auto stub =
        SubscriptionService::NewStub(grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
    CreateSubscriptionRequest request;
    request.mutable_subscription()->mutable_target()->set_kind(kind);
    request.mutable_subscription()->mutable_target()->set_url(url);
    request.mutable_subscription()->mutable_filter()->add_status_page_urls(page);
    for (const std::string& e : events) request.mutable_subscription()->mutable_filter()->add_events(e);
    if (kind != WebhookTarget::GENERIC_JSON) request.set_secret(*secret);
    CreateSubscriptionResponse response;
    grpc::Status s = stub->CreateSubscription(AdminCallContext(kTestAdminToken).get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (kind == WebhookTarget::GENERIC_JSON) {
      *secret = response.secret();
    } else {
      EXPECT_TRUE(response.secret().empty()) << "an alerting key was echoed back";
    }
    return response.subscription().id();
  }
};

TEST_F(ComponentAlertE2eTest, AComponentTurningRedWithoutAnIncidentNotifiesAndItsRecoveryResolves) {
  HttpServer site, hooks;
  FakeStatuspage asana(site, "asana", /*etag=*/false);
  asana.SetComponentStatus("operational");  // publishes the page: no incident, all green
  StartServer("component_alert_e2e", "127.0.0.0/8",
              {"--notify_allowed_hosts=127.0.0.1", "--notify_retry_base=200ms", "--notify_retry_cap=1s"});

  std::string signing_secret;
  absl::Mutex secret_mu;
  Hook components(hooks, "/components", [&](const RecordedRequest& r, const json& body) {
    std::vector<std::string> problems;
    absl::MutexLock lock(&secret_mu);
    if (HeaderOf(r, "x-statusphere-signature") != "sha256=" + notify::HmacSha256Hex(signing_secret, r.body)) {
      problems.push_back("bad signature");
    }
    if (HeaderOf(r, "x-statusphere-event") != "component.changed") problems.push_back("event header");
    return problems;
  });
  Hook incidents_only(hooks, "/incidents",
                      [](const RecordedRequest&, const json&) { return std::vector<std::string>{}; });
  Hook pagerduty(hooks, "/v2/enqueue",
                 [](const RecordedRequest&, const json& body) { return notify::PagerDutyEventProblems(body); });
  {
    absl::MutexLock lock(&secret_mu);
    Subscribe(WebhookTarget::GENERIC_JSON, components.url(), asana.url(), {"component"}, &signing_secret);
  }
  std::string unused;
  Subscribe(WebhookTarget::GENERIC_JSON, incidents_only.url(), asana.url(), {}, &unused);
  std::string routing_key = kRoutingKey;
  Subscribe(WebhookTarget::PAGERDUTY, pagerduty.url(), asana.url(), {"component"}, &routing_key);

  AddPage("Asana", asana.url(), "atlassian-statuspage");
  StartScraper("component_alert", {"--workers=1", "--idle_wait=100ms", "--fetch_timeout=2s"});
  ASSERT_TRUE(Eventually([&] { return Page(asana.url()).is_indexed(); }, absl::Seconds(20))) << server_->Log();
  EXPECT_EQ(Page(asana.url()).status(), "UP");

  // Red, and no incident: the case that used to notify nobody.
  asana.SetComponentStatus("major_outage");
  ASSERT_TRUE(
      Eventually([&] { return components.bodies().size() == 1 && pagerduty.bodies().size() == 1; }, absl::Seconds(20)))
      << server_->Log();
  const json red = components.bodies()[0];
  EXPECT_EQ(red["event"], "component.changed");
  EXPECT_EQ(red["statusPage"]["url"], asana.url());
  EXPECT_EQ(red["statusPage"]["name"], "Asana");
  EXPECT_EQ(red["pageStatus"], (json{{"before", "UP"}, {"after", "DEGRADED"}}));
  EXPECT_EQ(red["incidentOpen"], false);
  ASSERT_EQ(red["componentChanges"].size(), 1u);
  EXPECT_EQ(red["componentChanges"][0]["name"], "API");
  EXPECT_EQ(red["componentChanges"][0]["oldStatus"], "operational");
  EXPECT_EQ(red["componentChanges"][0]["newStatus"], "major_outage");
  const json trigger = pagerduty.bodies()[0];
  EXPECT_EQ(trigger["event_action"], "trigger");
  EXPECT_EQ(trigger["routing_key"], kRoutingKey);
  EXPECT_EQ(trigger["payload"]["summary"], "Asana: API is major_outage");
  EXPECT_EQ(trigger["payload"]["severity"], "error");

  // Scrapes that find the same red component change nothing: no second event.
  absl::SleepFor(absl::Seconds(3));
  EXPECT_EQ(components.bodies().size(), 1u);

  asana.SetComponentStatus("operational");
  ASSERT_TRUE(
      Eventually([&] { return components.bodies().size() == 2 && pagerduty.bodies().size() == 2; }, absl::Seconds(20)))
      << server_->Log();
  const json green = components.bodies()[1];
  EXPECT_EQ(green["pageStatus"], (json{{"before", "DEGRADED"}, {"after", "UP"}}));
  EXPECT_EQ(green["componentChanges"][0]["newStatus"], "operational");
  const json resolve = pagerduty.bodies()[1];
  EXPECT_EQ(resolve["event_action"], "resolve");
  EXPECT_EQ(resolve["dedup_key"], trigger["dedup_key"]);
  EXPECT_NE(green["idempotencyKey"], red["idempotencyKey"]);

  EXPECT_TRUE(incidents_only.bodies().empty());
  EXPECT_EQ(components.problems(), std::vector<std::string>{});
  EXPECT_EQ(pagerduty.problems(), std::vector<std::string>{});
}

// The requests `hooks` got for `path`, in order.
std::vector<RecordedRequest> RequestsTo(HttpServer& hooks, const std::string& path) {
  std::vector<RecordedRequest> out;
  for (RecordedRequest& r : hooks.Requests()) {
    if (r.path == path) out.push_back(std::move(r));
  }
  return out;
}

TEST_F(ComponentAlertE2eTest, ChatAndMailKindsWordAComponentTurningRedAndItsRecovery) {
  HttpServer site, hooks;
  FakeStatuspage asana(site, "asana", /*etag=*/false);
  asana.SetComponentStatus("operational");
  statusphere::testing::SmtpSink mail("component_chat_e2e_smtp");
  ASSERT_GT(mail.port(), 0) << mail.Log();
  StartServer("component_chat_e2e", "127.0.0.0/8",
              {"--notify_allowed_hosts=127.0.0.1", "--notify_retry_base=200ms", "--notify_retry_cap=1s"});

  // What each service answers; the paths as the server stores them (Google Chat's with the
  // reply option validation adds).
  const std::string chat =
      "/v1/spaces/AAAA/messages?key=k&token=t&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
  const std::string telegram = "/bot123456:ABC-def/sendMessage";
  const std::string ntfy = "/acme-asana";
  const std::string mattermost = "/hooks/e2e";
  hooks.Set(chat, JsonResponse(R"({"name": "spaces/AAAA/messages/1"})"));
  hooks.Set(telegram, JsonResponse(R"({"ok": true, "result": {"message_id": 1}})"));
  hooks.Set(ntfy, JsonResponse(R"({"id": "x"})"));
  hooks.Set(mattermost, JsonResponse("{}"));
  std::string none, chat_id = "-1001234567890";
  Subscribe(WebhookTarget::GOOGLE_CHAT, hooks.Url("/v1/spaces/AAAA/messages?key=k&token=t"), asana.url(), {"component"},
            &none);
  Subscribe(WebhookTarget::TELEGRAM, hooks.Url(telegram), asana.url(), {"component"}, &chat_id);
  Subscribe(WebhookTarget::NTFY, hooks.Url(ntfy), asana.url(), {"component"}, &none);
  Subscribe(WebhookTarget::MATTERMOST, hooks.Url(mattermost), asana.url(), {"component"}, &none);
  Subscribe(
      WebhookTarget::EMAIL,
      absl::StrCat("smtp://127.0.0.1:", mail.port(), "?from=statusphere@acme.example&to=oncall@acme.example&tls=none"),
      asana.url(), {"component"}, &none);

  AddPage("Asana", asana.url(), "atlassian-statuspage");
  StartScraper("component_chat", {"--workers=1", "--idle_wait=100ms", "--fetch_timeout=2s"});
  ASSERT_TRUE(Eventually([&] { return Page(asana.url()).is_indexed(); }, absl::Seconds(20))) << server_->Log();

  const auto all_got = [&](size_t n) {
    return Eventually(
        [&] {
          return RequestsTo(hooks, chat).size() == n && RequestsTo(hooks, telegram).size() == n &&
                 RequestsTo(hooks, ntfy).size() == n && RequestsTo(hooks, mattermost).size() == n &&
                 mail.Mails().size() == n;
        },
        absl::Seconds(20));
  };
  asana.SetComponentStatus("major_outage");  // red, no incident
  ASSERT_TRUE(all_got(1)) << server_->Log() << mail.Log();
  asana.SetComponentStatus("operational");
  ASSERT_TRUE(all_got(2)) << server_->Log() << mail.Log();
  for (const std::string& path : {chat, telegram, ntfy, mattermost}) {
    for (const RecordedRequest& r : RequestsTo(hooks, path)) {
      EXPECT_EQ(r.method, "POST");
      EXPECT_EQ(HeaderOf(r, "x-statusphere-event"), "component.changed") << path;
    }
  }

  // Google Chat: a card per change, both in the page's one thread.
  std::vector<json> cards;
  for (const RecordedRequest& r : RequestsTo(hooks, chat)) cards.push_back(json::parse(r.body));
  EXPECT_EQ(cards[0]["cardsV2"][0]["card"]["header"]["title"], "Components changed");
  const json& widgets = cards[0]["cardsV2"][0]["card"]["sections"][0]["widgets"];
  EXPECT_EQ(widgets[0]["textParagraph"]["text"], "<b>Asana</b>");
  EXPECT_EQ(widgets[1]["decoratedText"]["text"], "UP → DEGRADED");
  EXPECT_EQ(widgets[2]["decoratedText"]["text"], "<b>API</b>: operational → major_outage");
  EXPECT_EQ(widgets[3]["buttonList"]["buttons"][0]["onClick"]["openLink"]["url"], asana.url());
  EXPECT_EQ(cards[1]["cardsV2"][0]["card"]["sections"][0]["widgets"][2]["decoratedText"]["text"],
            "<b>API</b>: major_outage → operational");
  EXPECT_FALSE(cards[0]["thread"]["threadKey"].get<std::string>().empty());
  EXPECT_EQ(cards[1]["thread"]["threadKey"], cards[0]["thread"]["threadKey"]);

  // Telegram: sendMessage in HTML.
  const json message = json::parse(RequestsTo(hooks, telegram)[0].body);
  EXPECT_EQ(message["chat_id"], "-1001234567890");
  EXPECT_EQ(message["parse_mode"], "HTML");
  EXPECT_EQ(message["text"],
            "<b>Components changed on Asana: API</b>\n<b>Page status: UP → DEGRADED</b>\n"
            "• API: operational → major_outage\n\n<a href=\"" +
                asana.url() + "\">View status page</a>");

  // ntfy: urgent when red, not when it recovers.
  const std::vector<RecordedRequest> pushed = RequestsTo(hooks, ntfy);
  EXPECT_EQ(HeaderOf(pushed[0], "title"), "Components changed on Asana: API");
  EXPECT_EQ(HeaderOf(pushed[0], "priority"), "5");
  EXPECT_EQ(HeaderOf(pushed[0], "tags"), "rotating_light,major_outage");
  EXPECT_EQ(HeaderOf(pushed[0], "click"), asana.url());
  EXPECT_EQ(pushed[0].body, "Page status: UP → DEGRADED\nAPI: operational → major_outage\n");
  EXPECT_EQ(HeaderOf(pushed[1], "priority"), "3");
  EXPECT_EQ(HeaderOf(pushed[1], "tags"), "white_check_mark,operational");

  // Mattermost: escaped Markdown.
  EXPECT_EQ(json::parse(RequestsTo(hooks, mattermost)[0].body),
            (json{{"text",
                   "#### Components changed on Asana: API\n**Page status: UP → DEGRADED**\n"
                   "- API: operational → major\\_outage\n\n[View status page](" +
                       asana.url() + ")"}}));

  // Email, read back by Python: the worst status in the subject, both mails in one thread.
  const std::vector<json> mails = mail.Mails();
  EXPECT_EQ(mails[0]["rcpt_tos"], json::array({"oncall@acme.example"}));
  EXPECT_EQ(mails[0]["parts"], json::array({"text/plain", "text/html"}));
  EXPECT_EQ(mails[0]["headers"]["subject"], "[major_outage] Asana: 1 component changed");
  EXPECT_EQ(mails[0]["headers"]["x-statusphere-event"], "component.changed");
  EXPECT_NE(mails[0]["text"].get<std::string>().find("  API: operational → major_outage\r\n"), std::string::npos)
      << mails[0]["text"];
  EXPECT_NE(mails[0]["html"].get<std::string>().find("<li>API: operational → major_outage</li>"), std::string::npos)
      << mails[0]["html"];
  EXPECT_EQ(mails[1]["headers"]["subject"], "[operational] Asana: 1 component changed");
  EXPECT_EQ(mails[1]["headers"]["in-reply-to"], mails[0]["headers"]["in-reply-to"]);
  EXPECT_NE(mails[1]["headers"]["message-id"], mails[0]["headers"]["message-id"]);
}

}  // namespace
}  // namespace statusphere
