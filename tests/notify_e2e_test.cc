// End to end: the real statusphere-server process, webhook receivers on 127.0.0.1 that
// fail the first attempts (500, 500, 429 with Retry-After), incident changes reported
// through ScrapeService, and a kill -9 of the server in the middle. Every event must
// arrive, once per idempotency key as far as a deduplicating receiver can tell, in order
// per incident, signed, and only where the filters say; the chat kinds (Google Chat,
// Telegram, ntfy, Mattermost) each in the request shape their service documents, and
// email through a real SMTP server.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/alert_key.h"
#include "server/notify/alert_request_shapes.h"
#include "server/notify/signature.h"
#include "statusphere/v1/admin_service.grpc.pb.h"
#include "statusphere/v1/scrape_service.grpc.pb.h"
#include "statusphere/v1/subscription_service.grpc.pb.h"
#include "tests/support/grpc_calls.h"
#include "tests/support/http_server.h"
#include "tests/support/postgres_database.h"
#include "tests/support/server_process.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/subprocess.h"

namespace statusphere {
namespace {

using statusphere::testing::AdminCallContext;
using statusphere::testing::BinaryPath;
using statusphere::testing::Eventually;
using statusphere::testing::FreshPostgresDatabase;
using statusphere::testing::FreshTempDir;
using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::kTestAdminToken;
using statusphere::testing::kTestScraperToken;
using statusphere::testing::RecordedRequest;
using statusphere::testing::ScraperCallContext;
using statusphere::testing::ServerProcess;
using statusphere::testing::ServerProcessOptions;
using statusphere::testing::Subprocess;
using namespace statusphere::v1;  // NOLINT

const std::string kPage = "https://status.acme.test";

// One webhook endpoint: answers the scripted responses first (failures, or a slow 200),
// then 200. Keeps every request it saw and, like a real receiver, deduplicates accepted
// (2xx) ones by idempotency key.
class Receiver {
 public:
  struct Event {
    std::string key, event, incident;
    bool accepted;
  };

  Receiver(HttpServer& hooks, const std::string& path, std::vector<HttpResponse> scripted,
           absl::Duration delay = absl::ZeroDuration())
      : url_(hooks.Url(path)), delay_(delay), scripted_(std::move(scripted)) {
    hooks.SetHandler(path, [this](const RecordedRequest& r) { return Handle(r); });
  }

  const std::string& url() const { return url_; }
  void set_secret(const std::string& secret) {
    absl::MutexLock lock(&mu_);
    secret_ = secret;
  }
  std::vector<Event> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  // Accepted events, each idempotency key once, in the order first accepted.
  std::vector<Event> logical() {
    absl::MutexLock lock(&mu_);
    std::vector<Event> out;
    std::set<std::string> seen;
    for (const Event& e : events_) {
      if (e.accepted && seen.insert(e.key).second) out.push_back(e);
    }
    return out;
  }
  std::vector<std::string> problems() {
    absl::MutexLock lock(&mu_);
    return problems_;
  }

 private:
  HttpResponse Handle(const RecordedRequest& r) {
    absl::MutexLock lock(&mu_);
    auto header = [&](const std::string& name) {
      auto it = r.headers.find(name);
      return it == r.headers.end() ? std::string() : it->second;
    };
    Event e;
    e.key = header("idempotency-key");
    e.event = header("x-statusphere-event");
    if (r.method != "POST") problems_.push_back("method " + r.method);
    if (header("content-type") != "application/json") problems_.push_back("content-type " + header("content-type"));
    if (header("user-agent").rfind("statusphere-notifier/", 0) != 0)
      problems_.push_back("user-agent " + header("user-agent"));
    try {
      const nlohmann::json body = nlohmann::json::parse(r.body);
      if (body.contains("incident") || body.contains("componentChanges")) {  // generic JSON
        e.incident = body.contains("incident") ? body["incident"]["id"].get<std::string>() : "components";
        if (body["idempotencyKey"] != e.key) problems_.push_back("body key differs from header");
        if (body["event"] != e.event) problems_.push_back("body event differs from header");
        const std::string expected = "sha256=" + notify::HmacSha256Hex(secret_, r.body);
        if (secret_.empty() || header("x-statusphere-signature") != expected) problems_.push_back("bad signature");
        const std::string timestamp = header("x-statusphere-timestamp");
        if (timestamp.empty() || std::abs(std::stoll(timestamp) - absl::ToUnixSeconds(absl::Now())) > 60) {
          problems_.push_back("missing or stale timestamp '" + timestamp + "'");
        }
      } else if (body.contains("blocks")) {  // Slack
        e.incident = body["text"];
      }
    } catch (const std::exception& ex) {
      problems_.push_back(std::string("body is not JSON: ") + ex.what());
    }
    HttpResponse response;
    if (!scripted_.empty()) {
      response = scripted_.front();
      scripted_.erase(scripted_.begin());
    } else {
      response.body = "ok";
      response.delay = delay_;
    }
    e.accepted = response.status >= 200 && response.status < 300;
    events_.push_back(e);
    return response;
  }

  const std::string url_;
  const absl::Duration delay_;
  absl::Mutex mu_;
  std::vector<HttpResponse> scripted_ ABSL_GUARDED_BY(mu_);
  std::string secret_ ABSL_GUARDED_BY(mu_);
  std::vector<Event> events_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> problems_ ABSL_GUARDED_BY(mu_);
};

// PagerDuty's events endpoint or Opsgenie's alert paths, played on 127.0.0.1: each request
// is checked against the service's published shape; the first `failures` are answered
// 500, the rest 202 as the services do. Accepted requests are deduplicated by
// Idempotency-Key, as the services deduplicate on the alert key.
class AlertReceiver {
 public:
  struct Request {
    std::string key, alert, action;  // alert: dedup_key or alias; action: trigger/resolve, create/notes/close
    nlohmann::json body;
    bool accepted;
  };

  AlertReceiver(HttpServer& hooks, WebhookTarget::Kind kind, int failures)
      : hooks_(hooks), kind_(kind), failures_(failures) {}

  // Answers `path` (`alert`: the alias its path names, for Opsgenie's actions).
  void Listen(const std::string& path, const std::string& alert = "") {
    hooks_.SetHandler(path, [this, path, alert](const RecordedRequest& r) { return Handle(path, alert, r); });
  }
  std::vector<Request> requests() {
    absl::MutexLock lock(&mu_);
    return requests_;
  }
  std::vector<Request> logical() {
    absl::MutexLock lock(&mu_);
    std::vector<Request> out;
    std::set<std::string> seen;
    for (const Request& r : requests_) {
      if (r.accepted && seen.insert(r.key).second) out.push_back(r);
    }
    return out;
  }
  // The actions one alert got, in the order first accepted.
  std::vector<std::string> Actions(const std::string& alert) {
    std::vector<std::string> out;
    for (const Request& r : logical()) {
      if (r.alert == alert) out.push_back(r.action);
    }
    return out;
  }
  std::vector<std::string> problems() {
    absl::MutexLock lock(&mu_);
    return problems_;
  }

 private:
  HttpResponse Handle(const std::string& path, const std::string& alert, const RecordedRequest& r) {
    absl::MutexLock lock(&mu_);
    Request request;
    auto key = r.headers.find("idempotency-key");
    request.key = key == r.headers.end() ? "" : key->second;
    try {
      request.body = nlohmann::json::parse(r.body);
      std::vector<std::string> found;
      if (kind_ == WebhookTarget::PAGERDUTY) {
        found = notify::PagerDutyEventProblems(request.body);
        request.alert = request.body.value("dedup_key", "");
        request.action = request.body.value("event_action", "");
      } else {
        auto auth = r.headers.find("authorization");
        found = notify::OpsgenieRequestProblems(path.substr(path.find("/v2/")),
                                                auth == r.headers.end() ? "" : auth->second, request.body);
        request.alert = alert.empty() ? request.body.value("alias", "") : alert;
        request.action = alert.empty() ? "create" : path.find("/close?") != std::string::npos ? "close" : "notes";
      }
      problems_.insert(problems_.end(), found.begin(), found.end());
    } catch (const std::exception& e) {
      problems_.push_back(std::string("body is not JSON: ") + e.what());
    }
    HttpResponse response;
    response.status = failures_ > 0 ? 500 : 202;
    response.body = failures_ > 0 ? "busy" : R"({"status":"success","message":"Event processed"})";
    if (failures_ > 0) --failures_;
    request.accepted = response.status == 202;
    requests_.push_back(std::move(request));
    return response;
  }

  HttpServer& hooks_;
  const WebhookTarget::Kind kind_;
  absl::Mutex mu_;
  int failures_ ABSL_GUARDED_BY(mu_);
  std::vector<Request> requests_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> problems_ ABSL_GUARDED_BY(mu_);
};

HttpResponse Failure(int status, const std::string& retry_after = "") {
  HttpResponse r;
  r.status = status;
  r.body = "try again later";
  if (!retry_after.empty()) r.headers = {{"Retry-After", retry_after}};
  return r;
}

class NotifyE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir("notify_e2e");
    StartServer();
  }

  // Starts a server on dir_'s SQLite file, or on PostgreSQL when `postgres_url` is set,
  // and points the stubs at it.
  void StartServer(const std::string& postgres_url = "") {
    ServerProcessOptions options;
    options.dir = dir_;
    options.postgres_url = postgres_url;
    options.flags = {"--current_interval=1s", "--historical_interval=1h", "--notify_retry_base=200ms",
                     "--notify_retry_cap=1s", "--notify_timeout=2s", "--notify_lease=4s",
                     "--notify_allowed_hosts=127.0.0.1",
                     // receivers on loopback, a page under a name that must not hit DNS
                     "--allow_addresses=any", "--rate_limit_rps=0"};  // the test polls the API
    options.flags.insert(options.flags.end(), extra_flags_.begin(), extra_flags_.end());
    if (server_ != nullptr && server_->Running()) others_.push_back(std::move(server_));
    absl::StatusOr<std::unique_ptr<ServerProcess>> started = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = *std::move(started);
    auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    admin_ = AdminService::NewStub(channel);
    scrape_ = ScrapeService::NewStub(channel);
    subscriptions_ = SubscriptionService::NewStub(channel);
  }

  std::unique_ptr<grpc::ClientContext> Context() { return AdminCallContext(kTestAdminToken); }

  // `events`: the filter's events (empty: incidents); `key`: an alerting target's key.
  std::string Subscribe(WebhookTarget::Kind kind, const std::string& url, const std::string& min_impact,
                        const std::string& page, std::string* secret = nullptr,
                        const std::vector<std::string>& events = {}, const std::string& key = "") {
    CreateSubscriptionRequest request;
    request.mutable_subscription()->mutable_target()->set_kind(kind);
    request.mutable_subscription()->mutable_target()->set_url(url);
    request.mutable_subscription()->mutable_filter()->set_min_impact(min_impact);
    request.mutable_subscription()->mutable_filter()->add_status_page_urls(page);
    for (const std::string& e : events) request.mutable_subscription()->mutable_filter()->add_events(e);
    request.set_secret(key);
    CreateSubscriptionResponse response;
    grpc::Status s = subscriptions_->CreateSubscription(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (secret != nullptr) *secret = response.secret();
    return response.subscription().id();
  }

  void AddPage() {
    AddStatusPageRequest add;
    add.set_name("Acme");
    add.set_url(kPage);
    AddStatusPageResponse added;
    grpc::Status s = admin_->AddStatusPage(Context().get(), add, &added);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Plays a scraper: leases the page (it is due every second) and reports `incidents`
  // and, when given, the page's components as {name, status}.
  void Report(std::vector<Incident> incidents,
              const std::vector<std::pair<std::string, std::string>>& components = {}) {
    bool reported = false;
    ASSERT_TRUE(Eventually(
        [&] {
          LeaseStatusPagesRequest lease;
          lease.set_scraper_id("e2e");
          lease.set_max_pages(10);
          LeaseStatusPagesResponse leased;
          if (!scrape_->LeaseStatusPages(ScraperCallContext(kTestScraperToken).get(), lease, &leased).ok() ||
              leased.leases().empty())
            return false;
          ReportScrapeResultRequest report;
          report.set_lease_id(leased.leases(0).lease_id());
          for (const Incident& i : incidents) *report.mutable_success()->add_incidents() = i;
          for (const auto& [name, status] : components) {
            Component* c = report.mutable_success()->add_components();
            c->set_id(name);
            c->set_name(name);
            c->set_status(status);
          }
          ReportScrapeResultResponse ignored;
          reported = scrape_->ReportScrapeResult(ScraperCallContext(kTestScraperToken).get(), report, &ignored).ok();
          return reported;
        },
        absl::Seconds(10)));
  }

  static Incident MakeIncident(const std::string& id, const std::string& impact, int updates, bool resolved) {
    Incident i;
    i.set_id(id);
    i.set_title("Incident " + id);
    i.set_impact(impact);
    i.set_deep_link(kPage + "/incidents/" + id);
    const absl::Time start = absl::FromUnixSeconds(1'800'000'000);
    *i.mutable_start_time() = ToProto(start);
    for (int n = updates; n >= 1; --n) {
      IncidentEvent* e = i.add_events();
      e->set_id(absl::StrCat(id, "-", n));
      e->set_title(n == 1 ? "Investigating" : "Update");
      e->set_description(absl::StrCat("update ", n));
      *e->mutable_time() = ToProto(start + absl::Minutes(n));
    }
    if (resolved) *i.mutable_end_time() = ToProto(start + absl::Hours(1));
    return i;
  }

  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
  std::vector<std::unique_ptr<ServerProcess>> others_;  // earlier servers still running
  std::vector<std::string> extra_flags_;                // a test's own, for servers it starts
  std::unique_ptr<AdminService::Stub> admin_;
  std::unique_ptr<ScrapeService::Stub> scrape_;
  std::unique_ptr<SubscriptionService::Stub> subscriptions_;
};

TEST_F(NotifyE2eTest, EveryEventArrivesOnceInOrderAcrossRetriesAndACrash) {
  HttpServer hooks;
  Receiver generic(hooks, "/generic", {Failure(500), Failure(500), Failure(429, "1")});
  Receiver slack(hooks, "/slack", {});
  Receiver elsewhere(hooks, "/elsewhere", {});

  AddPage();
  std::string secret;
  const std::string generic_id = Subscribe(WebhookTarget::GENERIC_JSON, generic.url(), "", kPage, &secret);
  generic.set_secret(secret);
  Subscribe(WebhookTarget::SLACK, slack.url(), "major", kPage);
  Subscribe(WebhookTarget::GENERIC_JSON, elsewhere.url(), "", "https://status.other.test");

  // Two new incidents: a minor one (generic only) and a major one (generic and Slack).
  const absl::Time reported = absl::Now();
  Report({MakeIncident("a", "minor", 1, false), MakeIncident("b", "major", 1, false)});
  ASSERT_TRUE(Eventually([&] { return slack.logical().size() == 1; }, absl::Seconds(5))) << server_->Log();
  // Woken by the report, not by a poll: well within a couple of seconds even on a busy machine.
  EXPECT_LT(absl::Now() - reported, absl::Seconds(3));

  // The generic receiver is still failing: kill -9 the server in the middle of its retries.
  ASSERT_TRUE(Eventually([&] { return generic.events().size() >= 2; }, absl::Seconds(5)));
  server_->Kill();
  StartServer();

  // More changes of "a" after the restart: an update, then the resolution.
  Report({MakeIncident("a", "minor", 2, false)});
  Report({MakeIncident("a", "minor", 3, true)});

  ASSERT_TRUE(Eventually([&] { return generic.logical().size() == 4; }, absl::Seconds(30)))
      << "generic got " << generic.events().size() << " requests\n"
      << server_->Log();
  absl::SleepFor(absl::Seconds(1));  // anything extra would show up now

  const std::vector<Receiver::Event> logical = generic.logical();
  ASSERT_EQ(logical.size(), 4u);
  std::vector<std::string> a_events;
  std::set<std::string> b_events;
  for (const auto& e : logical) {
    if (e.incident == "a") a_events.push_back(e.event);
    if (e.incident == "b") b_events.insert(e.event);
  }
  EXPECT_EQ(a_events, (std::vector<std::string>{"incident.new", "incident.updated", "incident.resolved"}));
  EXPECT_EQ(b_events, (std::set<std::string>{"incident.new"}));

  // Order per incident held on the wire, retries included: no request for a later change
  // of "a" went out before the earlier one was accepted.
  const std::vector<std::string> order = {"incident.new", "incident.updated", "incident.resolved"};
  const auto all = generic.events();
  for (size_t step = 1; step < order.size(); ++step) {
    size_t first_later = all.size(), accepted_earlier = all.size();
    for (size_t i = 0; i < all.size(); ++i) {
      if (all[i].incident != "a") continue;
      if (all[i].event == order[step] && first_later == all.size()) first_later = i;
      if (all[i].event == order[step - 1] && all[i].accepted && accepted_earlier == all.size()) accepted_earlier = i;
    }
    EXPECT_LT(accepted_earlier, first_later) << order[step];
  }
  // The same key always names the same event.
  std::map<std::string, std::string> key_event;
  for (const auto& e : all) {
    auto [it, inserted] = key_event.emplace(e.key, e.event + "/" + e.incident);
    EXPECT_EQ(it->second, e.event + "/" + e.incident) << e.key;
  }
  EXPECT_EQ(key_event.size(), 4u);

  EXPECT_TRUE(generic.problems().empty()) << generic.problems()[0];
  EXPECT_TRUE(slack.problems().empty()) << slack.problems()[0];
  ASSERT_EQ(slack.logical().size(), 1u);
  EXPECT_EQ(slack.logical()[0].event, "incident.new");
  EXPECT_NE(slack.logical()[0].incident.find("Incident b"), std::string::npos);
  EXPECT_TRUE(elsewhere.events().empty());

  // Failures stay visible after the fact.
  GetSubscriptionRequest get;
  get.set_id(generic_id);
  GetSubscriptionResponse state;
  ASSERT_TRUE(subscriptions_->GetSubscription(Context().get(), get, &state).ok());
  EXPECT_EQ(state.subscription().delivery().delivered(), 4);
  EXPECT_EQ(state.subscription().delivery().pending(), 0);
  EXPECT_EQ(state.subscription().delivery().failed(), 0);
  EXPECT_FALSE(state.subscription().delivery().last_error().empty());
  EXPECT_TRUE(state.subscription().delivery().has_last_delivered_time());
  EXPECT_EQ(server_->Stop(), 0) << server_->Log();
}

TEST_F(NotifyE2eTest, AlertingTargetsAndComponentChangesArriveAcrossRetriesAndACrash) {
  HttpServer hooks;
  AlertReceiver pagerduty(hooks, WebhookTarget::PAGERDUTY, 2);
  AlertReceiver opsgenie(hooks, WebhookTarget::OPSGENIE, 1);
  Receiver components(hooks, "/components", {Failure(500)});
  pagerduty.Listen("/pd/v2/enqueue");
  AddPage();
  const std::string routing_key = "R0UTINGKEY0123456789abcdefABCDEF";
  Subscribe(WebhookTarget::PAGERDUTY, hooks.Url("/pd/v2/enqueue"), "", kPage, nullptr, {"incident", "component"},
            routing_key);
  const std::string opsgenie_id = Subscribe(WebhookTarget::OPSGENIE, hooks.Url("/og"), "", kPage, nullptr, {},
                                            "eb243592-faa2-4ba2-a551-1afdf565c889");
  std::string secret;
  Subscribe(WebhookTarget::GENERIC_JSON, components.url(), "", kPage, &secret, {"component"});
  components.set_secret(secret);
  // Opsgenie's actions have paths of their own, under the alias of each incident.
  opsgenie.Listen("/og/v2/alerts");
  for (const std::string incident : {"a", "b"}) {
    const std::string alias = notify::IncidentAlertKey(opsgenie_id, kPage, incident);
    const std::string segment = absl::StrReplaceAll(alias, {{":", "%3A"}});
    opsgenie.Listen(absl::StrCat("/og/v2/alerts/", segment, "/notes?identifierType=alias"), alias);
    opsgenie.Listen(absl::StrCat("/og/v2/alerts/", segment, "/close?identifierType=alias"), alias);
  }

  // The first report finds the components (no change yet) and two incidents.
  Report({MakeIncident("a", "minor", 1, false), MakeIncident("b", "major", 1, false)},
         {{"API", "operational"}, {"Web", "operational"}});
  // PagerDuty is still failing: kill -9 the server in the middle of its retries.
  ASSERT_TRUE(Eventually([&] { return pagerduty.requests().size() >= 1; }, absl::Seconds(5))) << server_->Log();
  server_->Kill();
  StartServer();

  // "a" is updated while Web goes down (an incident is open: PagerDuty's alert for it
  // pages, the component opens none), then "a" resolves and Web recovers (which closes
  // the component's alert, whatever opened it).
  Report({MakeIncident("a", "minor", 2, false)}, {{"API", "operational"}, {"Web", "major_outage"}});
  Report({MakeIncident("a", "minor", 3, true)}, {{"API", "operational"}, {"Web", "operational"}});

  ASSERT_TRUE(Eventually(
      [&] {
        return pagerduty.logical().size() == 5 && opsgenie.logical().size() == 4 && components.logical().size() == 2;
      },
      absl::Seconds(30)))
      << "pagerduty " << pagerduty.logical().size() << ", opsgenie " << opsgenie.logical().size() << ", components "
      << components.logical().size() << "\n"
      << server_->Log();
  absl::SleepFor(absl::Seconds(1));  // anything extra would show up now
  EXPECT_EQ(pagerduty.logical().size(), 5u);
  EXPECT_GE(pagerduty.requests().size(), 7u);  // the two refused attempts were retried
  EXPECT_EQ(opsgenie.logical().size(), 4u);
  EXPECT_EQ(components.logical().size(), 2u);

  // One PagerDuty alert per incident: triggered, updated under the same key, resolved.
  std::map<std::string, std::vector<std::string>> pd_alerts;
  for (const auto& r : pagerduty.logical()) pd_alerts[r.alert].push_back(r.action);
  ASSERT_EQ(pd_alerts.size(), 3u);  // a, b, and the Web component's
  const std::string a_key = pagerduty.logical()[0].body["payload"]["summary"] == "Acme: Incident a"
                                ? pagerduty.logical()[0].alert
                                : pagerduty.logical()[1].alert;
  EXPECT_EQ(pagerduty.Actions(a_key), (std::vector<std::string>{"trigger", "trigger", "resolve"}));
  std::vector<std::string> a_updates;
  for (const auto& r : pagerduty.logical()) {
    EXPECT_EQ(r.body["routing_key"], routing_key);
    if (r.alert == a_key && r.action == "trigger")
      a_updates.push_back(r.body["payload"]["custom_details"]["latest_update"]);
  }
  EXPECT_EQ(a_updates, (std::vector<std::string>{"Investigating - update 1", "Update - update 2"}));
  int component_resolves = 0;
  for (const auto& [alert, actions] : pd_alerts) {
    if (actions == std::vector<std::string>{"resolve"}) ++component_resolves;
  }
  EXPECT_EQ(component_resolves, 1);

  // Opsgenie: created, a note for the update, closed; b created only.
  const std::string a_alias = notify::IncidentAlertKey(opsgenie_id, kPage, "a");
  EXPECT_EQ(opsgenie.Actions(a_alias), (std::vector<std::string>{"create", "notes", "close"}));
  EXPECT_EQ(opsgenie.Actions(notify::IncidentAlertKey(opsgenie_id, kPage, "b")), (std::vector<std::string>{"create"}));
  for (const auto& r : opsgenie.logical()) {
    if (r.action == "create") EXPECT_EQ(r.body["priority"], r.alert == a_alias ? "P3" : "P2");  // minor, major
  }

  // The component subscriber: Web went down, then came back, each once, signed.
  const auto changes = components.logical();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].event, "component.changed");
  EXPECT_EQ(changes[1].event, "component.changed");
  EXPECT_NE(changes[0].key, changes[1].key);

  EXPECT_EQ(pagerduty.problems(), std::vector<std::string>{});
  EXPECT_EQ(opsgenie.problems(), std::vector<std::string>{});
  EXPECT_EQ(components.problems(), std::vector<std::string>{});
  EXPECT_EQ(server_->Stop(), 0) << server_->Log();
}

TEST_F(NotifyE2eTest, AServerKilledMidSendSendsTheSameKeyAgainAfterItsLease) {
  HttpServer hooks;
  // The receiver takes the first request, then answers slowly: the server dies before it
  // learns that the notification was accepted.
  HttpResponse slow_ok;
  slow_ok.delay = absl::Seconds(3);
  slow_ok.body = "ok";
  Receiver generic(hooks, "/generic", {slow_ok});
  AddPage();
  std::string secret;
  const std::string id = Subscribe(WebhookTarget::GENERIC_JSON, generic.url(), "", kPage, &secret);
  generic.set_secret(secret);
  Report({MakeIncident("a", "critical", 1, false)});
  ASSERT_TRUE(Eventually([&] { return generic.events().size() == 1; }, absl::Seconds(5))) << server_->Log();
  server_->Kill();
  StartServer();

  // After the dead server's lease (4 s) the row is claimed again: same key, same event.
  ASSERT_TRUE(Eventually([&] { return generic.events().size() == 2; }, absl::Seconds(15))) << server_->Log();
  const auto events = generic.events();
  EXPECT_EQ(events[0].key, events[1].key);
  EXPECT_EQ(events[0].event, "incident.new");
  EXPECT_EQ(events[1].event, "incident.new");
  EXPECT_EQ(generic.logical().size(), 1u);  // one logical delivery for a deduplicating receiver
  EXPECT_TRUE(generic.problems().empty()) << generic.problems()[0];
  GetSubscriptionRequest get;
  get.set_id(id);
  GetSubscriptionResponse state;
  ASSERT_TRUE(Eventually(
      [&] {
        return subscriptions_->GetSubscription(Context().get(), get, &state).ok() &&
               state.subscription().delivery().delivered() == 1;
      },
      absl::Seconds(5)));
  EXPECT_EQ(state.subscription().delivery().pending(), 0);
}

TEST_F(NotifyE2eTest, AnEndpointThatKeepsRefusingIsGivenUpOnVisibly) {
  HttpServer hooks;
  HttpResponse gone;
  gone.status = 404;
  gone.body = "no such webhook";
  hooks.Set("/gone", gone);

  AddPage();
  const std::string id = Subscribe(WebhookTarget::DISCORD, hooks.Url("/gone"), "", kPage);
  Report({MakeIncident("a", "minor", 1, false)});

  GetSubscriptionRequest get;
  get.set_id(id);
  GetSubscriptionResponse state;
  ASSERT_TRUE(Eventually(
      [&] {
        return subscriptions_->GetSubscription(Context().get(), get, &state).ok() &&
               state.subscription().delivery().failed() == 1;
      },
      absl::Seconds(10)))
      << server_->Log();
  // A 404 is permanent: one attempt, no retries.
  EXPECT_EQ(hooks.RequestCount("/gone"), 1);
  EXPECT_EQ(state.subscription().delivery().pending(), 0);
  EXPECT_EQ(state.subscription().delivery().last_error(), "HTTP 404: no such webhook");
}

TEST_F(NotifyE2eTest, TwoServersOnOnePostgresSendEachNotificationOnceAndInOrder) {
  absl::StatusOr<std::string> database = FreshPostgresDatabase("notify_e2e");
  if (database.status().code() == absl::StatusCode::kNotFound) GTEST_SKIP() << database.status().message();
  ASSERT_TRUE(database.ok()) << database.status();
  const std::string postgres_url = *database;
  server_->Stop();  // the SQLite one from SetUp
  StartServer(postgres_url);
  StartServer(postgres_url);  // both deliver; the stubs talk to the second

  HttpServer hooks;
  // A slow receiver, so that both servers' workers are busy at once.
  Receiver generic(hooks, "/generic", {}, absl::Milliseconds(100));
  AddPage();
  std::string secret;
  Subscribe(WebhookTarget::GENERIC_JSON, generic.url(), "", kPage, &secret);
  generic.set_secret(secret);

  // Ten incidents, each created, updated and resolved: thirty notifications.
  constexpr int kIncidents = 10;
  for (int updates = 1; updates <= 3; ++updates) {
    std::vector<Incident> incidents;
    for (int i = 0; i < kIncidents; ++i)
      incidents.push_back(MakeIncident(absl::StrCat("i", i), "major", updates, updates == 3));
    Report(incidents);
  }
  ASSERT_TRUE(Eventually([&] { return generic.logical().size() == 3 * kIncidents; }, absl::Seconds(30)))
      << generic.logical().size() << "\n"
      << server_->Log();
  absl::SleepFor(absl::Seconds(1));
  // No duplicates at all: leases never expired, so no row went out twice.
  EXPECT_EQ(generic.events().size(), static_cast<size_t>(3 * kIncidents));
  std::map<std::string, std::vector<std::string>> per_incident;
  for (const auto& e : generic.logical()) per_incident[e.incident].push_back(e.event);
  ASSERT_EQ(per_incident.size(), static_cast<size_t>(kIncidents));
  for (const auto& [incident, events] : per_incident) {
    EXPECT_EQ(events, (std::vector<std::string>{"incident.new", "incident.updated", "incident.resolved"})) << incident;
  }
  EXPECT_TRUE(generic.problems().empty()) << generic.problems()[0];
  // Both servers took part in sending.
  int senders = 0;
  for (ServerProcess* s : {others_[0].get(), server_.get()}) {
    if (s->Log().find("notify.delivered") != std::string::npos) ++senders;
  }
  EXPECT_EQ(senders, 2) << "one server sent everything; the test did not exercise sharing";
}

// A chat service's endpoint for the kinds that are not JSON webhooks of our own shape:
// keeps every request, answers the scripted responses first, then `ok`.
class ChannelEndpoint {
 public:
  ChannelEndpoint(HttpServer& hooks, const std::string& path, std::vector<HttpResponse> scripted, HttpResponse ok)
      : scripted_(std::move(scripted)), ok_(std::move(ok)) {
    hooks.SetHandler(path, [this](const RecordedRequest& r) {
      absl::MutexLock lock(&mu_);
      HttpResponse response = ok_;
      if (!scripted_.empty()) {
        response = scripted_.front();
        scripted_.erase(scripted_.begin());
      }
      requests_.push_back({r, response.status >= 200 && response.status < 300});
      return response;
    });
  }
  // Accepted requests, one per idempotency key, in the order first accepted.
  std::vector<RecordedRequest> accepted() {
    absl::MutexLock lock(&mu_);
    std::vector<RecordedRequest> out;
    std::set<std::string> keys;
    for (const auto& [r, ok] : requests_) {
      if (ok && keys.insert(r.headers.count("idempotency-key") ? r.headers.at("idempotency-key") : "").second)
        out.push_back(r);
    }
    return out;
  }
  int attempts() {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(requests_.size());
  }

 private:
  absl::Mutex mu_;
  std::vector<HttpResponse> scripted_ ABSL_GUARDED_BY(mu_);
  const HttpResponse ok_;
  std::vector<std::pair<RecordedRequest, bool>> requests_ ABSL_GUARDED_BY(mu_);
};

std::set<std::string> Keys(const nlohmann::json& object) {
  std::set<std::string> keys;
  for (const auto& [k, v] : object.items()) keys.insert(k);
  return keys;
}

std::string HeaderOf(const RecordedRequest& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

// Google Chat, Telegram, ntfy, Mattermost and email through the same outbox: each receives
// the request its service documents, a vendor title's markup and mentions arrive escaped,
// and an incident's creation and resolution both arrive, once each, in order, across
// refusals (Telegram's 429, an ntfy 500, an SMTP 451) and a kill -9 of the server.
TEST_F(NotifyE2eTest, ChatKindsReceiveTheirDocumentedRequestsAcrossACrash) {
  HttpServer hooks;
  const std::string chat_path = "/v1/spaces/AAAA/messages?key=k&token=t";
  ChannelEndpoint chat(hooks, chat_path + "&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD", {},
                       statusphere::testing::JsonResponse(R"({"name": "spaces/AAAA/messages/1"})"));
  HttpResponse telegram_busy = statusphere::testing::JsonResponse(
      R"({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}})");
  telegram_busy.status = 429;
  ChannelEndpoint telegram(hooks, "/bot123456:ABC-def/sendMessage", {telegram_busy},
                           statusphere::testing::JsonResponse(R"({"ok": true, "result": {"message_id": 1}})"));
  ChannelEndpoint ntfy(hooks, "/acme-status", {Failure(500)}, statusphere::testing::JsonResponse(R"({"id": "x"})"));
  HttpResponse plain_ok;
  plain_ok.body = "ok";
  ChannelEndpoint mattermost(hooks, "/hooks/e2e", {}, plain_ok);
  statusphere::testing::SmtpSink mail("notify_e2e_smtp", {"--fail_first=1"});  // a 451 first
  ASSERT_GT(mail.port(), 0) << mail.Log();

  AddPage();
  auto subscribe = [&](WebhookTarget::Kind kind, const std::string& url, const std::string& secret) {
    CreateSubscriptionRequest request;
    request.mutable_subscription()->mutable_target()->set_kind(kind);
    request.mutable_subscription()->mutable_target()->set_url(url);
    request.mutable_subscription()->mutable_filter()->add_status_page_urls(kPage);
    request.set_secret(secret);
    CreateSubscriptionResponse response;
    grpc::Status s = subscriptions_->CreateSubscription(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << WebhookTarget::Kind_Name(kind) << ": " << s.error_message();
    // The chat id and the token are the caller's: never echoed, like the url.
    EXPECT_TRUE(response.secret().empty()) << WebhookTarget::Kind_Name(kind);
    EXPECT_TRUE(response.subscription().target().url().empty());
  };
  subscribe(WebhookTarget::GOOGLE_CHAT, hooks.Url(chat_path), "");
  subscribe(WebhookTarget::TELEGRAM, hooks.Url("/bot123456:ABC-def/sendMessage"), "-1001234567890");
  subscribe(WebhookTarget::NTFY, hooks.Url("/acme-status"), "tk_e2e_token");
  subscribe(WebhookTarget::MATTERMOST, hooks.Url("/hooks/e2e"), "");
  subscribe(
      WebhookTarget::EMAIL,
      absl::StrCat("smtp://127.0.0.1:", mail.port(), "?from=statusphere@acme.example&to=oncall@acme.example&tls=none"),
      "");

  Incident incident = MakeIncident("a", "critical", 1, false);
  incident.set_title("API <b>down</b> @all <!channel> & more");
  Report({incident});
  ASSERT_TRUE(Eventually(
      [&] {
        return chat.accepted().size() == 1 && mattermost.accepted().size() == 1 && telegram.attempts() >= 1 &&
               ntfy.attempts() >= 1;
      },
      absl::Seconds(10)))
      << server_->Log();
  server_->Kill();
  StartServer();
  incident = MakeIncident("a", "critical", 2, true);
  incident.set_title("API <b>down</b> @all <!channel> & more");
  Report({incident});

  ASSERT_TRUE(Eventually(
      [&] {
        return chat.accepted().size() == 2 && telegram.accepted().size() == 2 && ntfy.accepted().size() == 2 &&
               mattermost.accepted().size() == 2 && mail.Mails().size() >= 2;
      },
      absl::Seconds(30)))
      << chat.accepted().size() << telegram.accepted().size() << ntfy.accepted().size() << mattermost.accepted().size()
      << mail.Mails().size() << "\n"
      << server_->Log();
  EXPECT_GE(telegram.attempts(), 3);  // the 429 was retried
  EXPECT_GE(ntfy.attempts(), 3);      // so was the 500

  for (ChannelEndpoint* endpoint : {&chat, &telegram, &ntfy, &mattermost}) {
    const auto accepted = endpoint->accepted();
    ASSERT_EQ(accepted.size(), 2u);
    EXPECT_EQ(HeaderOf(accepted[0], "x-statusphere-event"), "incident.new");
    EXPECT_EQ(HeaderOf(accepted[1], "x-statusphere-event"), "incident.resolved");
    for (const RecordedRequest& r : accepted) {
      EXPECT_EQ(r.method, "POST");
      EXPECT_EQ(HeaderOf(r, "user-agent").rfind("statusphere-notifier/", 0), 0u);
    }
  }

  // Google Chat: a cardsV2 message, both changes in one thread, no "text" to mention in.
  for (size_t i = 0; i < 2; ++i) {
    const nlohmann::json body = nlohmann::json::parse(chat.accepted()[i].body);
    EXPECT_EQ(HeaderOf(chat.accepted()[i], "content-type"), "application/json");
    EXPECT_EQ(Keys(body), (std::set<std::string>{"fallbackText", "cardsV2", "thread"}));
    EXPECT_EQ(body["cardsV2"][0]["card"]["header"]["title"], i == 0 ? "New incident" : "Resolved");
    EXPECT_EQ(body["cardsV2"][0]["card"]["sections"][0]["widgets"][0]["textParagraph"]["text"],
              "<b>Acme: API &lt;b&gt;down&lt;/b&gt; @all &lt;!channel&gt; &amp; more</b>");
  }
  EXPECT_EQ(nlohmann::json::parse(chat.accepted()[0].body)["thread"]["threadKey"],
            nlohmann::json::parse(chat.accepted()[1].body)["thread"]["threadKey"]);

  // Telegram: sendMessage's fields and nothing else; HTML entities; a defused mention.
  for (const RecordedRequest& r : telegram.accepted()) {
    const nlohmann::json body = nlohmann::json::parse(r.body);
    EXPECT_EQ(HeaderOf(r, "content-type"), "application/json");
    EXPECT_EQ(Keys(body), (std::set<std::string>{"chat_id", "text", "parse_mode", "disable_web_page_preview"}));
    EXPECT_EQ(body["chat_id"], "-1001234567890");
    EXPECT_EQ(body["parse_mode"], "HTML");
    EXPECT_EQ(body["disable_web_page_preview"], true);
    const std::string text = body["text"];
    EXPECT_NE(text.find("API &lt;b&gt;down&lt;/b&gt; @\u2060all &lt;!channel&gt; &amp; more"), std::string::npos)
        << text;
    EXPECT_NE(text.find("<a href=\"" + kPage + "/incidents/a\">View incident</a>"), std::string::npos) << text;
  }

  // ntfy: plain text and its headers, the token as a bearer.
  const auto pushed = ntfy.accepted();
  for (const RecordedRequest& r : pushed) {
    EXPECT_EQ(HeaderOf(r, "content-type"), "text/plain; charset=utf-8");
    EXPECT_EQ(HeaderOf(r, "authorization"), "Bearer tk_e2e_token");
    EXPECT_EQ(HeaderOf(r, "click"), kPage + "/incidents/a");
  }
  EXPECT_EQ(HeaderOf(pushed[0], "title"), "New incident on Acme: API <b>down</b> @all <!channel> & more");
  EXPECT_EQ(HeaderOf(pushed[0], "priority"), "5");
  EXPECT_EQ(HeaderOf(pushed[0], "tags"), "rotating_light,critical");
  EXPECT_EQ(pushed[0].body.rfind("Investigating - update 1\n\nImpact: critical", 0), 0u) << pushed[0].body;
  EXPECT_EQ(HeaderOf(pushed[1], "title"), "Resolved on Acme: API <b>down</b> @all <!channel> & more");
  EXPECT_EQ(HeaderOf(pushed[1], "priority"), "3");
  EXPECT_EQ(HeaderOf(pushed[1], "tags"), "white_check_mark,critical");

  // Mattermost: {"text"} alone, Markdown escaped, no raw mention.
  for (const RecordedRequest& r : mattermost.accepted()) {
    const nlohmann::json body = nlohmann::json::parse(r.body);
    EXPECT_EQ(Keys(body), (std::set<std::string>{"text"}));
    const std::string text = body["text"];
    EXPECT_NE(text.find("API \\<b\\>down\\</b\\> @\u2060all \\<\\!channel\\> & more"), std::string::npos) << text;
    EXPECT_EQ(text.find("@all"), std::string::npos);
  }

  // Email: one mail per change (a retried one may come twice: same Message-ID), threaded.
  std::vector<nlohmann::json> mails;
  std::set<std::string> ids;
  for (const nlohmann::json& m : mail.Mails()) {
    if (ids.insert(m["headers"]["message-id"].get<std::string>()).second) mails.push_back(m);
  }
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0]["rcpt_tos"], nlohmann::json::array({"oncall@acme.example"}));
  EXPECT_EQ(mails[0]["parts"], nlohmann::json::array({"text/plain", "text/html"}));
  EXPECT_EQ(mails[0]["headers"]["subject"], "[critical] New incident on Acme: API <b>down</b> @all <!channel> & more");
  EXPECT_EQ(mails[1]["headers"]["x-statusphere-event"], "incident.resolved");
  EXPECT_EQ(mails[1]["headers"]["in-reply-to"], mails[0]["headers"]["message-id"]);
  EXPECT_NE(mails[1]["html"].get<std::string>().find("API &lt;b&gt;down&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(server_->Stop(), 0) << server_->Log();
}

// An EMAIL digest through the operator's relay: the subscription names only its two
// recipients (mailto:), the server logs in to the relay (aiosmtpd requiring AUTH) with the
// password from --smtp_password_file, and the changes of one window arrive as one mail,
// across a kill -9 of the server inside the window and a 451 refusing the first attempt
// (retried with the same Message-ID); the next window's change is a second mail.
TEST_F(NotifyE2eTest, ADigestWindowIsOneMailThroughTheRelayAcrossACrash) {
  const std::string password = "relay-pass-7f3a9c";
  statusphere::testing::SmtpSink relay("notify_e2e_relay",
                                       {"--user=statusphere", "--password=" + password, "--fail_first=1"});
  ASSERT_GT(relay.port(), 0) << relay.Log();
  const std::string password_file = dir_ + "/smtp_password";
  std::ofstream(password_file) << password << "\n";
  // A minute of digest_minutes is 10 s here: a window closes within the test, yet holds two
  // reports even on a busy machine.
  extra_flags_ = {absl::StrCat("--smtp_relay=smtp://statusphere@127.0.0.1:", relay.port(), "?tls=none"),
                  "--smtp_from=status@acme.example", "--smtp_password_file=" + password_file,
                  "--notify_digest_minute=10s"};
  server_->Kill();
  StartServer();
  AddPage();

  CreateSubscriptionRequest request;
  request.mutable_subscription()->mutable_target()->set_kind(WebhookTarget::EMAIL);
  request.mutable_subscription()->mutable_target()->set_url("mailto:oncall@acme.example,sre@acme.example");
  request.mutable_subscription()->mutable_target()->set_digest_minutes(1);
  request.mutable_subscription()->mutable_filter()->add_status_page_urls(kPage);
  CreateSubscriptionResponse created;
  grpc::Status s = subscriptions_->CreateSubscription(Context().get(), request, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.subscription().target().digest_minutes(), 1);
  EXPECT_TRUE(created.secret().empty());
  // The digest is for mail only.
  request.mutable_subscription()->mutable_target()->set_kind(WebhookTarget::SLACK);
  request.mutable_subscription()->mutable_target()->set_url("https://hooks.slack.com/services/T0/B0/x");
  s = subscriptions_->CreateSubscription(Context().get(), request, &created);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("subscription.target.digest_minutes"), std::string::npos) << s.error_message();

  // Window one: two new incidents, then an update of the first, then the server dies.
  Report({MakeIncident("a", "major", 1, false), MakeIncident("b", "minor", 1, false)});
  Report({MakeIncident("a", "major", 2, false), MakeIncident("b", "minor", 1, false)});
  server_->Kill();
  EXPECT_TRUE(relay.Mails().empty()) << "sent before its window closed";
  StartServer();
  ASSERT_TRUE(Eventually([&] { return relay.Mails().size() >= 1; }, absl::Seconds(30))) << server_->Log();

  // Window two: the first incident's resolution alone.
  Report({MakeIncident("a", "major", 2, true), MakeIncident("b", "minor", 1, false)});
  std::vector<nlohmann::json> mails;
  ASSERT_TRUE(Eventually(
      [&] {
        mails.clear();
        std::set<std::string> ids;
        for (const nlohmann::json& m : relay.Mails()) {
          if (ids.insert(m["headers"]["message-id"].get<std::string>()).second) mails.push_back(m);
        }
        return mails.size() >= 2;
      },
      absl::Seconds(30)))
      << server_->Log();
  ASSERT_EQ(mails.size(), 2u);

  const nlohmann::json& first = mails[0];
  EXPECT_EQ(first["mail_from"], "status@acme.example");
  EXPECT_EQ(first["rcpt_tos"], nlohmann::json::array({"oncall@acme.example", "sre@acme.example"}));
  EXPECT_EQ(first["authenticated"], true);
  EXPECT_EQ(first["parts"], nlohmann::json::array({"text/plain", "text/html"}));
  EXPECT_EQ(first["headers"]["x-statusphere-event"], "digest");
  EXPECT_EQ(first["headers"]["subject"], "[statusphere] 3 events on Acme");
  const std::string text = first["text"];
  size_t at = 0;
  for (const std::string piece : {"== Acme ==", "New incident on Acme: Incident a", "Update on Acme: Incident a",
                                  "New incident on Acme: Incident b"}) {
    const size_t found = text.find(piece, at);
    ASSERT_NE(found, std::string::npos) << "'" << piece << "' missing or out of order in:\n" << text;
    at = found + piece.size();
  }
  EXPECT_NE(first["html"].get<std::string>().find("Incident b"), std::string::npos);

  const nlohmann::json& second = mails[1];
  EXPECT_EQ(second["headers"]["subject"], "[statusphere] 1 event on Acme");
  EXPECT_NE(second["text"].get<std::string>().find("Resolved on Acme: Incident a"), std::string::npos)
      << second["text"];
  EXPECT_EQ(second["text"].get<std::string>().find("Incident b"), std::string::npos);
  EXPECT_NE(second["headers"]["message-id"], first["headers"]["message-id"]);

  GetSubscriptionRequest get;
  get.set_id(created.subscription().id());
  GetSubscriptionResponse state;
  ASSERT_TRUE(subscriptions_->GetSubscription(Context().get(), get, &state).ok());
  EXPECT_EQ(state.subscription().delivery().delivered(), 4);
  EXPECT_EQ(state.subscription().delivery().pending(), 0);
  // The relay's password is nowhere the server writes.
  EXPECT_EQ(server_->Log().find(password), std::string::npos);
  EXPECT_EQ(server_->Stop(), 0) << server_->Log();
}

}  // namespace
}  // namespace statusphere
