// PagerDuty Events API v2 requests: the published shape, one alert per incident (trigger,
// updates folded into it, resolve), and component outages as alerts of their own.
#include "server/notify/pagerduty_payload.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/alert_key.h"
#include "server/notify/alert_request_shapes.h"
#include "server/notify/notification_samples.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

constexpr char kEndpoint[] = "https://events.eu.pagerduty.com/v2/enqueue";
constexpr char kRoutingKey[] = "R0UTINGKEY0123456789abcdefABCDEF";

Notification IncidentSample(v1::IncidentChange::Kind kind, const std::string& impact = "major") {
  return IncidentNotification(kind, impact);
}

json OnlyBody(const std::vector<WebhookRequest>& requests) {
  EXPECT_EQ(requests.size(), 1u);
  return requests.empty() ? json() : json::parse(requests[0].body);
}

TEST(PagerDutyPayload, ANewIncidentTriggersAnAlertOfThePublishedShape) {
  const std::vector<WebhookRequest> requests =
      PagerDutyRequests(kEndpoint, IncidentSample(v1::IncidentChange::CREATED), kRoutingKey);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].url, kEndpoint);
  const json body = json::parse(requests[0].body);
  EXPECT_EQ(PagerDutyEventProblems(body), std::vector<std::string>{});
  EXPECT_EQ(body["routing_key"], kRoutingKey);
  EXPECT_EQ(body["event_action"], "trigger");
  EXPECT_EQ(body["dedup_key"], IncidentAlertKey("sub_0123456789abcdef", "https://www.githubstatus.com", "abc"));
  EXPECT_EQ(body["payload"]["summary"], "GitHub: Disruption with Actions");
  EXPECT_EQ(body["payload"]["source"], "https://www.githubstatus.com");
  EXPECT_EQ(body["payload"]["severity"], "error");
  EXPECT_EQ(body["payload"]["component"], "Actions, Pages");
  EXPECT_EQ(body["payload"]["group"], "GitHub");
  EXPECT_EQ(body["payload"]["class"], "incident");
  EXPECT_EQ(body["payload"]["custom_details"]["latest_update"],
            "Investigating - We are investigating reports of degraded performance.");
  EXPECT_EQ(body["payload"]["custom_details"]["started"], "2023-11-14T21:56:40Z");
  EXPECT_EQ(body["links"][0]["href"], "https://www.githubstatus.com/incidents/abc");
  EXPECT_EQ(body["client"], "statusphere");
}

TEST(PagerDutyPayload, SeverityFollowsImpact) {
  const std::map<std::string, std::string> severities = {
      {"critical", "critical"}, {"major", "error"}, {"minor", "warning"}, {"none", "info"}, {"maintenance", "info"}};
  for (const auto& [impact, severity] : severities) {
    const json body =
        OnlyBody(PagerDutyRequests(kEndpoint, IncidentSample(v1::IncidentChange::CREATED, impact), kRoutingKey));
    EXPECT_EQ(body["payload"]["severity"], severity) << impact;
  }
}

TEST(PagerDutyPayload, UpdatesTriggerTheSameKeyAndTheResolutionResolvesIt) {
  const json created = OnlyBody(PagerDutyRequests(kEndpoint, IncidentSample(v1::IncidentChange::CREATED), kRoutingKey));
  Notification update = IncidentSample(v1::IncidentChange::UPDATED);
  update.incident.mutable_events(0)->set_description("A fix is being rolled out.");
  const json updated = OnlyBody(PagerDutyRequests(kEndpoint, update, kRoutingKey));
  const json resolved =
      OnlyBody(PagerDutyRequests(kEndpoint, IncidentSample(v1::IncidentChange::RESOLVED), kRoutingKey));
  for (const json* body : {&updated, &resolved}) {
    EXPECT_EQ(PagerDutyEventProblems(*body), std::vector<std::string>{});
    EXPECT_EQ((*body)["dedup_key"], created["dedup_key"]);
  }
  EXPECT_EQ(updated["event_action"], "trigger");
  EXPECT_EQ(updated["payload"]["custom_details"]["latest_update"], "Investigating - A fix is being rolled out.");
  EXPECT_EQ(resolved["event_action"], "resolve");
  EXPECT_FALSE(resolved.contains("payload"));
  // Another subscription, page or incident is another alert.
  Notification other = IncidentSample(v1::IncidentChange::CREATED);
  other.subscription_id = "sub_fedcba9876543210";
  EXPECT_NE(OnlyBody(PagerDutyRequests(kEndpoint, other, kRoutingKey))["dedup_key"], created["dedup_key"]);
  other = IncidentSample(v1::IncidentChange::CREATED);
  other.incident.set_id("abd");
  EXPECT_NE(OnlyBody(PagerDutyRequests(kEndpoint, other, kRoutingKey))["dedup_key"], created["dedup_key"]);
}

TEST(PagerDutyPayload, LongVendorTextStaysWithinTheLimits) {
  Notification n = IncidentSample(v1::IncidentChange::CREATED);
  n.incident.set_title(std::string(5000, 'x'));
  n.incident.set_status_page_url("https://status.example.com/" + std::string(2000, 'p'));
  const json body = OnlyBody(PagerDutyRequests(kEndpoint, n, kRoutingKey));
  EXPECT_EQ(PagerDutyEventProblems(body), std::vector<std::string>{});
  EXPECT_LE(body["dedup_key"].get<std::string>().size(), 255u);
}

TEST(PagerDutyPayload, AComponentOutageWithoutAnIncidentIsAnAlertOfItsOwnUntilItRecovers) {
  Notification n = ComponentNotification();
  v1::ComponentChangeEvent& e = *n.components;
  const v1::ComponentStatusChange* api = &e.changes(0);
  const v1::ComponentStatusChange* web = &e.changes(1);
  const std::vector<WebhookRequest> requests = PagerDutyRequests(kEndpoint, n, kRoutingKey);
  ASSERT_EQ(requests.size(), 2u);
  const json open = json::parse(requests[0].body), close = json::parse(requests[1].body);
  EXPECT_EQ(PagerDutyEventProblems(open), std::vector<std::string>{});
  EXPECT_EQ(PagerDutyEventProblems(close), std::vector<std::string>{});
  EXPECT_EQ(open["event_action"], "trigger");
  EXPECT_EQ(open["dedup_key"], ComponentAlertKey("sub_0123456789abcdef", "https://status.asana.com", *api));
  EXPECT_EQ(open["payload"]["summary"], "Asana: API is major_outage");
  EXPECT_EQ(open["payload"]["severity"], "error");
  EXPECT_EQ(open["payload"]["component"], "API");
  EXPECT_EQ(open["payload"]["class"], "component");
  EXPECT_EQ(close["event_action"], "resolve");
  EXPECT_EQ(close["dedup_key"], ComponentAlertKey("sub_0123456789abcdef", "https://status.asana.com", *web));
  EXPECT_NE(open["dedup_key"], close["dedup_key"]);

  // With an incident open, the incident's alert pages: the outage opens nothing.
  e.set_incident_open(true);
  const std::vector<WebhookRequest> with_incident = PagerDutyRequests(kEndpoint, n, kRoutingKey);
  ASSERT_EQ(with_incident.size(), 1u);
  EXPECT_EQ(json::parse(with_incident[0].body)["event_action"], "resolve");
}

}  // namespace
}  // namespace statusphere::notify
