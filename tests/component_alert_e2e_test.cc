// End to end, the Asana case: a vendor page turns a component red without posting an
// incident. The real statusphere-server and a real statusphere-scraper read a Statuspage-
// shaped page on 127.0.0.1; subscribers to component events get one component.changed per
// scrape that changed something (generic JSON, signed), a PagerDuty-shaped receiver gets an
// alert of the component's own that is resolved on recovery, and a subscriber to incidents
// alone hears nothing.
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
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using nlohmann::json;
using statusphere::testing::AdminCallContext;
using statusphere::testing::Eventually;
using statusphere::testing::FakeStatuspage;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
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
    auto stub = SubscriptionService::NewStub(grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
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
  Hook incidents_only(hooks, "/incidents", [](const RecordedRequest&, const json&) { return std::vector<std::string>{}; });
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
  ASSERT_TRUE(Eventually([&] { return components.bodies().size() == 1 && pagerduty.bodies().size() == 1; },
                         absl::Seconds(20)))
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
  ASSERT_TRUE(Eventually([&] { return components.bodies().size() == 2 && pagerduty.bodies().size() == 2; },
                         absl::Seconds(20)))
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

}  // namespace
}  // namespace statusphere
