// Filter matching and request validation: the two places a subscriber's intent is read.
#include "server/notify/filter.h"

#include "gtest/gtest.h"
#include "server/notify/validation.h"

namespace statusphere::notify {
namespace {

store::ChangeRecord Change(const std::string& page, const std::string& impact,
                           std::vector<std::string> components = {}) {
  store::ChangeRecord c;
  c.kind = v1::IncidentChange::CREATED;
  c.incident.set_status_page_url(page);
  c.incident.set_impact(impact);
  for (const auto& name : components) c.incident.add_components(name);
  return c;
}

v1::Subscription Sub(std::vector<std::string> pages, const std::string& min_impact, bool maintenance,
                     std::vector<std::string> components = {}) {
  v1::Subscription s;
  for (const auto& p : pages) s.mutable_filter()->add_status_page_urls(p);
  s.mutable_filter()->set_min_impact(min_impact);
  s.mutable_filter()->set_include_maintenance(maintenance);
  for (const auto& c : components) s.mutable_filter()->add_component_names(c);
  return s;
}

const std::string kGitHub = "https://www.githubstatus.com";
const std::string kStripe = "https://status.stripe.com";

TEST(Filter, EmptyFilterTakesEveryImpactButNotMaintenance) {
  const v1::Subscription all = Sub({}, "", false);
  for (const char* impact : {"none", "minor", "major", "critical", ""}) {
    EXPECT_TRUE(Matches(all, Change(kGitHub, impact))) << impact;
  }
  EXPECT_FALSE(Matches(all, Change(kGitHub, "maintenance")));
  EXPECT_TRUE(Matches(Sub({}, "", true), Change(kGitHub, "maintenance")));
}

TEST(Filter, PagesRestrictWhenGiven) {
  const v1::Subscription s = Sub({kStripe}, "none", false);
  EXPECT_TRUE(Matches(s, Change(kStripe, "minor")));
  EXPECT_FALSE(Matches(s, Change(kGitHub, "critical")));
}

TEST(Filter, MinimumImpactIsAScale) {
  const v1::Subscription major = Sub({}, "major", false);
  EXPECT_FALSE(Matches(major, Change(kGitHub, "none")));
  EXPECT_FALSE(Matches(major, Change(kGitHub, "minor")));
  EXPECT_TRUE(Matches(major, Change(kGitHub, "major")));
  EXPECT_TRUE(Matches(major, Change(kGitHub, "critical")));
  EXPECT_FALSE(Matches(major, Change(kGitHub, "")));  // unknown ranks as none
  EXPECT_FALSE(Matches(major, Change(kGitHub, "whatever")));
  // Maintenance is outside the scale: the flag alone decides.
  EXPECT_TRUE(Matches(Sub({}, "critical", true), Change(kGitHub, "maintenance")));
}

TEST(Filter, ComponentsMatchByNameIgnoringCase) {
  const v1::Subscription s = Sub({}, "none", true, {"API Requests", "Webhooks"});
  EXPECT_TRUE(Matches(s, Change(kGitHub, "minor", {"Git Operations", "api requests"})));
  EXPECT_FALSE(Matches(s, Change(kGitHub, "minor", {"Git Operations"})));
  EXPECT_FALSE(Matches(s, Change(kGitHub, "minor")));  // names no component
}

TEST(Filter, AllCriteriaMustHold) {
  const v1::Subscription s = Sub({kGitHub}, "major", false, {"Actions"});
  EXPECT_TRUE(Matches(s, Change(kGitHub, "critical", {"Actions"})));
  EXPECT_FALSE(Matches(s, Change(kStripe, "critical", {"Actions"})));
  EXPECT_FALSE(Matches(s, Change(kGitHub, "minor", {"Actions"})));
  EXPECT_FALSE(Matches(s, Change(kGitHub, "critical", {"Pages"})));
}

v1::CreateSubscriptionRequest Valid() {
  v1::CreateSubscriptionRequest r;
  r.mutable_subscription()->set_description("  payments on-call ");
  r.mutable_subscription()->mutable_target()->set_kind(v1::WebhookTarget::GENERIC_JSON);
  r.mutable_subscription()->mutable_target()->set_url("https://hooks.example.com/in/abc?token=x");
  r.mutable_subscription()->mutable_filter()->add_status_page_urls("HTTPS://WWW.GitHubStatus.com/");
  r.mutable_subscription()->mutable_filter()->set_min_impact("Major");
  r.mutable_subscription()->mutable_filter()->add_component_names(" Actions ");
  return r;
}

std::string ErrorOf(const v1::CreateSubscriptionRequest& r) {
  auto v = ValidateNewSubscription(r);
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(v.status().message());
}

TEST(Validation, AcceptsAndNormalizes) {
  auto v = ValidateNewSubscription(Valid());
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->subscription.description(), "payments on-call");
  EXPECT_EQ(v->subscription.filter().status_page_urls(0), kGitHub);
  EXPECT_EQ(v->subscription.filter().min_impact(), "major");
  EXPECT_EQ(v->subscription.filter().component_names(0), "Actions");
  EXPECT_EQ(v->subscription.target().url(), "https://hooks.example.com/in/abc?token=x");
  EXPECT_TRUE(v->secret.empty());
}

TEST(Validation, NamesTheFieldThatIsWrong) {
  v1::CreateSubscriptionRequest r = Valid();
  r.clear_subscription();
  EXPECT_EQ(ErrorOf(r), "subscription: is required");

  r = Valid();
  r.mutable_subscription()->mutable_target()->set_kind(v1::WebhookTarget::KIND_UNSPECIFIED);
  EXPECT_EQ(ErrorOf(r).rfind("subscription.target.kind:", 0), 0u);

  for (const char* url : {"", "ftp://hooks.example.com/x", "hooks.example.com/x", "https://", "https://a b.com/"}) {
    r = Valid();
    r.mutable_subscription()->mutable_target()->set_url(url);
    EXPECT_EQ(ErrorOf(r).rfind("subscription.target.url:", 0), 0u) << url;
  }

  r = Valid();
  r.mutable_subscription()->mutable_filter()->add_status_page_urls("not a url");
  EXPECT_EQ(ErrorOf(r).rfind("subscription.filter.status_page_urls[1]:", 0), 0u);

  r = Valid();
  r.mutable_subscription()->mutable_filter()->set_min_impact("maintenance");
  EXPECT_EQ(ErrorOf(r).rfind("subscription.filter.min_impact:", 0), 0u);

  r = Valid();
  r.mutable_subscription()->mutable_filter()->add_component_names("  ");
  EXPECT_EQ(ErrorOf(r).rfind("subscription.filter.component_names[1]:", 0), 0u);

  r = Valid();
  r.mutable_subscription()->set_description(std::string(201, 'x'));
  EXPECT_EQ(ErrorOf(r).rfind("subscription.description:", 0), 0u);

  r = Valid();
  r.set_secret("short");
  EXPECT_EQ(ErrorOf(r).rfind("secret:", 0), 0u);

  r = Valid();
  r.mutable_subscription()->mutable_target()->set_kind(v1::WebhookTarget::SLACK);
  r.set_secret(std::string(40, 'k'));
  EXPECT_EQ(ErrorOf(r).rfind("secret:", 0), 0u);
}

TEST(Validation, CallerSecretIsKeptForGenericJson) {
  v1::CreateSubscriptionRequest r = Valid();
  r.set_secret(std::string(40, 'k'));
  auto v = ValidateNewSubscription(r);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->secret, std::string(40, 'k'));
}

store::ChangeRecord ComponentChange(const std::string& page, bool incident_open,
                                    std::vector<std::pair<std::string, std::string>> changes) {
  store::ChangeRecord c;
  v1::ComponentChangeEvent& e = c.components.emplace();
  e.set_status_page_url(page);
  e.set_page_status_before("UP");
  e.set_page_status_after("DEGRADED");
  e.set_incident_open(incident_open);
  for (const auto& [name, status] : changes) {
    v1::ComponentStatusChange* change = e.add_changes();
    change->set_name(name);
    change->set_old_status(status == "operational" ? "major_outage" : "operational");
    change->set_new_status(status);
  }
  return c;
}

TEST(Filter, EventsChooseIncidentsComponentsOrBothAndNoneMeansIncidents) {
  v1::Subscription incidents = Sub({}, "", false);
  v1::Subscription components = incidents, both = incidents;
  components.mutable_filter()->add_events("component");
  both.mutable_filter()->add_events("incident");
  both.mutable_filter()->add_events("component");
  const store::ChangeRecord red = ComponentChange(kGitHub, false, {{"API", "major_outage"}});
  EXPECT_TRUE(Matches(incidents, Change(kGitHub, "minor")));
  EXPECT_FALSE(Matches(incidents, red));
  EXPECT_FALSE(Matches(components, Change(kGitHub, "minor")));
  EXPECT_TRUE(Matches(components, red));
  EXPECT_TRUE(Matches(both, Change(kGitHub, "minor")));
  EXPECT_TRUE(Matches(both, red));
}

TEST(Filter, ComponentChangesKeepThePageAndComponentFiltersButNotImpact) {
  v1::Subscription s = Sub({kStripe}, "critical", false, {"api"});
  s.mutable_filter()->add_events("component");
  EXPECT_TRUE(Matches(s, ComponentChange(kStripe, false, {{"API", "partial_outage"}, {"Web", "major_outage"}})));
  EXPECT_FALSE(Matches(s, ComponentChange(kGitHub, false, {{"API", "partial_outage"}})));
  EXPECT_FALSE(Matches(s, ComponentChange(kStripe, false, {{"Web", "major_outage"}})));
  // The subscriber is told about the components it named only.
  const v1::ComponentChangeEvent wanted = WantedComponentChanges(
      s, *ComponentChange(kStripe, false, {{"API", "partial_outage"}, {"Web", "major_outage"}}).components);
  ASSERT_EQ(wanted.changes_size(), 1);
  EXPECT_EQ(wanted.changes(0).name(), "API");
  EXPECT_EQ(wanted.page_status_after(), "DEGRADED");
}

TEST(Filter, AlertingTargetsTakeComponentChangesThatOpenOrCloseAnAlert) {
  for (auto kind : {v1::WebhookTarget::PAGERDUTY, v1::WebhookTarget::OPSGENIE}) {
    v1::Subscription s = Sub({}, "", false);
    s.mutable_target()->set_kind(kind);
    s.mutable_filter()->add_events("component");
    EXPECT_TRUE(Matches(s, ComponentChange(kGitHub, false, {{"API", "major_outage"}})));
    // An incident is open: its own alert pages; the component's outage opens none.
    EXPECT_FALSE(Matches(s, ComponentChange(kGitHub, true, {{"API", "major_outage"}})));
    // Recovery closes the component's alert, incident or not.
    EXPECT_TRUE(Matches(s, ComponentChange(kGitHub, true, {{"API", "operational"}})));
    EXPECT_FALSE(Matches(s, ComponentChange(kGitHub, false, {{"API", "under_maintenance"}})));
  }
}

TEST(Validation, EventsAreIncidentOrComponent) {
  v1::CreateSubscriptionRequest r = Valid();
  r.mutable_subscription()->mutable_filter()->add_events(" Component ");
  r.mutable_subscription()->mutable_filter()->add_events("component");
  auto v = ValidateNewSubscription(r);
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(v->subscription.filter().events_size(), 1);
  EXPECT_EQ(v->subscription.filter().events(0), "component");
  r.mutable_subscription()->mutable_filter()->add_events("incidents");
  EXPECT_EQ(ErrorOf(r), "subscription.filter.events[2]: 'incidents' is not one of incident, component");
}

TEST(Validation, AlertingTargetsNeedTheirKeyAndDefaultTheirUrl) {
  v1::CreateSubscriptionRequest r = Valid();
  r.mutable_subscription()->mutable_target()->set_kind(v1::WebhookTarget::PAGERDUTY);
  r.mutable_subscription()->mutable_target()->clear_url();
  EXPECT_EQ(ErrorOf(r).rfind("secret: must be the PagerDuty integration's routing key", 0), 0u);
  r.set_secret("R0UTINGKEY0123456789abcdefABCDEF");
  auto v = ValidateNewSubscription(r);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->subscription.target().url(), "https://events.pagerduty.com/v2/enqueue");
  EXPECT_EQ(v->secret, "R0UTINGKEY0123456789abcdefABCDEF");
  r.mutable_subscription()->mutable_target()->set_url("https://events.eu.pagerduty.com/v2/enqueue");
  EXPECT_EQ(ValidateNewSubscription(r)->subscription.target().url(), "https://events.eu.pagerduty.com/v2/enqueue");

  r.mutable_subscription()->mutable_target()->set_kind(v1::WebhookTarget::OPSGENIE);
  r.mutable_subscription()->mutable_target()->clear_url();
  r.set_secret("");
  EXPECT_EQ(ErrorOf(r).rfind("secret: must be the Opsgenie API key", 0), 0u);
  r.set_secret("eb243592-faa2-4ba2-a551q-1afdf565c889");
  v = ValidateNewSubscription(r);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->subscription.target().url(), "https://api.opsgenie.com");
}

TEST(Validation, RedactedUrlsKeepOnlySchemeAndHost) {
  EXPECT_EQ(RedactUrl("https://hooks.slack.com/services/T0/B0/secret"), "https://hooks.slack.com/...");
  EXPECT_EQ(RedactUrl("http://user:pw@127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(RedactUrl("garbage"), "...");
}

}  // namespace
}  // namespace statusphere::notify
