// Opsgenie Alert API requests: create, notes and close on one alias per incident, each on
// its own path under the API host, with GenieKey authorization and the published limits.
#include "server/notify/opsgenie_payload.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/notify/alert_key.h"
#include "server/notify/alert_request_shapes.h"
#include "server/notify/notification_samples.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

constexpr char kApi[] = "https://api.eu.opsgenie.com/";
constexpr char kKey[] = "eb243592-faa2-4ba2-a551-1afdf565c889";

// GitHub's sample incident, with a title longer than an Opsgenie message.
Notification IncidentSample(v1::IncidentChange::Kind kind, const std::string& impact = "critical") {
  Notification n = IncidentNotification(kind, impact);
  n.incident.set_title(std::string(200, 't'));
  return n;
}

// The path and query after the API host.
std::string PathOf(const WebhookRequest& r) { return r.url.substr(std::string(kApi).size() - 1); }

std::vector<std::string> Problems(const WebhookRequest& r) {
  return OpsgenieRequestProblems(PathOf(r), HeaderOf(r, "Authorization"), json::parse(r.body));
}

TEST(OpsgeniePayload, ANewIncidentCreatesAnAlertAliasedByTheStableKey) {
  const std::vector<WebhookRequest> requests =
      OpsgenieRequests(kApi, IncidentSample(v1::IncidentChange::CREATED), kKey);
  ASSERT_EQ(requests.size(), 1u);
  const WebhookRequest& r = requests[0];
  EXPECT_EQ(r.url, "https://api.eu.opsgenie.com/v2/alerts");
  EXPECT_EQ(HeaderOf(r, "Authorization"), std::string("GenieKey ") + kKey);
  EXPECT_EQ(Problems(r), std::vector<std::string>{});
  const json body = json::parse(r.body);
  EXPECT_EQ(body["alias"], IncidentAlertKey("sub_0123456789abcdef", "https://www.githubstatus.com", "abc"));
  EXPECT_EQ(body["message"].get<std::string>().size(), 130u);  // cut to Opsgenie's limit
  EXPECT_EQ(body["message"].get<std::string>().rfind("GitHub: ttt", 0), 0u);
  EXPECT_EQ(body["priority"], "P1");
  EXPECT_EQ(body["description"], "Investigating - We are investigating reports of degraded performance.");
  EXPECT_EQ(body["tags"], (json{"statusphere", "impact:critical"}));
  EXPECT_EQ(body["details"]["link"], "https://www.githubstatus.com/incidents/abc");
  EXPECT_EQ(body["entity"], "GitHub");
}

TEST(OpsgeniePayload, PriorityFollowsImpact) {
  const std::map<std::string, std::string> priorities = {
      {"critical", "P1"}, {"major", "P2"}, {"minor", "P3"}, {"none", "P4"}, {"maintenance", "P5"}};
  for (const auto& [impact, priority] : priorities) {
    const auto requests = OpsgenieRequests(kApi, IncidentSample(v1::IncidentChange::CREATED, impact), kKey);
    EXPECT_EQ(json::parse(requests[0].body)["priority"], priority) << impact;
  }
}

TEST(OpsgeniePayload, UpdatesAreNotesAndTheResolutionClosesTheSameAlias) {
  const std::string alias = IncidentAlertKey("sub_0123456789abcdef", "https://www.githubstatus.com", "abc");
  // ':' is escaped in the path segment.
  const std::string escaped = "sub_0123456789abcdef%3A" + alias.substr(alias.find(':') + 1);
  const auto notes = OpsgenieRequests(kApi, IncidentSample(v1::IncidentChange::UPDATED), kKey);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].url, "https://api.eu.opsgenie.com/v2/alerts/" + escaped + "/notes?identifierType=alias");
  EXPECT_EQ(Problems(notes[0]), std::vector<std::string>{});
  EXPECT_EQ(json::parse(notes[0].body)["note"],
            "Investigating - We are investigating reports of degraded performance.");
  const auto close = OpsgenieRequests(kApi, IncidentSample(v1::IncidentChange::RESOLVED), kKey);
  ASSERT_EQ(close.size(), 1u);
  EXPECT_EQ(close[0].url, "https://api.eu.opsgenie.com/v2/alerts/" + escaped + "/close?identifierType=alias");
  EXPECT_EQ(Problems(close[0]), std::vector<std::string>{});
}

TEST(OpsgeniePayload, AComponentOutageOpensAndItsRecoveryClosesAnAlertOfItsOwn) {
  Notification n = ComponentNotification();
  n.components->mutable_changes()->RemoveLast();  // API alone
  v1::ComponentStatusChange* api = n.components->mutable_changes(0);
  api->set_new_status("partial_outage");
  auto opened = OpsgenieRequests(kApi, n, kKey);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(Problems(opened[0]), std::vector<std::string>{});
  const json body = json::parse(opened[0].body);
  EXPECT_EQ(body["alias"], ComponentAlertKey("sub_0123456789abcdef", "https://status.asana.com", *api));
  EXPECT_EQ(body["priority"], "P3");
  EXPECT_EQ(body["message"], "Asana: API is partial_outage");

  api->set_old_status("partial_outage");
  api->set_new_status("operational");
  auto closed = OpsgenieRequests(kApi, n, kKey);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_NE(closed[0].url.find("/close?identifierType=alias"), std::string::npos);
  EXPECT_EQ(Problems(closed[0]), std::vector<std::string>{});
}

}  // namespace
}  // namespace statusphere::notify
