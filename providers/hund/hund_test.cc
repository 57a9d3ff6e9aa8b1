#include "providers/hund/hund.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "providers/hund/server_sent_events.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://vaultco.hund.io";

std::string Own(const std::string& name) { return ReadRepoFile("providers/hund/testdata/" + name); }
absl::Time Utc(const char* text) { return *ParseRfc3339(text); }
absl::StatusOr<ParsedPage> ParseStream(const std::string& body) {
  return Hund().Parse(kPage,
                      {{"live", {"https://vaultco.hund.io/live/v2/status_page", 200, "text/event-stream", body}}});
}

TEST(ServerSentEvents, TheFirstWholeEventOfAName) {
  EXPECT_EQ(SseEventData("event: init_event\ndata: {\"a\":1}\n\n", "init_event"), "{\"a\":1}");
  // Comments, other events, CRLF and CR line ends, data split over lines, no space after the colon.
  EXPECT_EQ(
      SseEventData(": hi\r\n\r\nevent: other\ndata: x\n\nevent:init_event\rdata:{\r\ndata: }\r\n\r\n", "init_event"),
      "{\n}");
  EXPECT_EQ(SseEventData("event: init_event\ndata: {}\n", "init_event"), std::nullopt);  // not whole yet
  EXPECT_EQ(SseEventData("event: init_event\n\n", "init_event"), std::nullopt);          // no data
  EXPECT_EQ(SseEventData("data: {}\n\n", "init_event"), std::nullopt);                   // unnamed: "message"
  EXPECT_EQ(SseEventData("", "init_event"), std::nullopt);
}

TEST(Hund, ReadsTheLiveStreamsFirstEventAndCloses) {
  FetchPlan plan = Hund().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.documents.size(), 1u);
  EXPECT_EQ(plan.documents[0].url, "https://vaultco.hund.io/live/v2/status_page");
  EXPECT_EQ(plan.documents[0].end_after_event, "init_event");
  Detection d = Hund().detection();
  EXPECT_TRUE(d.IsKnownHost("https://vaultco.hund.io"));
  EXPECT_FALSE(d.IsKnownHost("https://hund.io"));
  EXPECT_FALSE(d.IsKnownHost("https://www.hund.io"));
  EXPECT_FALSE(d.IsKnownHost("https://status.vaultco.example"));
  EXPECT_FALSE(d.probe_url);  // a stream that never ends cannot be a probe
}

TEST(Hund, AllOperational) {
  auto page = ParseStream(Own("live-operational.txt"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "operational");
  ASSERT_EQ(page->components.size(), 4u);
  for (const auto& c : page->components) EXPECT_EQ(c.status(), "operational") << c.name();
  EXPECT_EQ(page->components[1].name(), "Sync API");
  EXPECT_EQ(page->components[1].group(), "Platform");
  EXPECT_EQ(page->components[2].group(), "Regions");
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
}

TEST(Hund, AnOutageAResolvedIssueAndMaintenanceUnderWayAndToCome) {
  auto page = ParseStream(Own("live-degraded.txt"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "degraded");
  std::map<std::string, std::string> status_of;
  for (const auto& c : page->components) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of, (std::map<std::string, std::string>{{"Web app", "operational"},
                                                           {"Sync API", "major_outage"},
                                                           {"EU", "degraded_performance"},
                                                           {"US", "under_maintenance"}}));
  ASSERT_EQ(page->incidents.size(), 4u);
  std::map<std::string, const Incident*> by_id;
  for (const auto& i : page->incidents) by_id[i.id()] = &i;

  const Incident& sync = *by_id.at("65e2f0a1b2c3d4e5f6a7b801");
  EXPECT_EQ(sync.title(), "Sync failing for some vaults");
  EXPECT_EQ(sync.impact(), "major");  // a component in outage
  EXPECT_EQ(sync.status(), "identified");
  EXPECT_FALSE(IsSet(sync.end_time()));
  EXPECT_EQ(FromProto(sync.start_time()), Utc("2026-03-02T09:40:00Z"));
  EXPECT_EQ(sync.description(), "Vault sync fails with HTTP 502.");
  EXPECT_EQ((std::vector<std::string>(sync.components().begin(), sync.components().end())),
            (std::vector<std::string>{"Sync API", "EU"}));
  EXPECT_EQ(sync.deep_link(), "https://vaultco.hund.io/issues/65e2f0a1b2c3d4e5f6a7b801");
  ASSERT_EQ(sync.events_size(), 2);
  EXPECT_EQ(sync.events(0).id(), "65e2f3c4b2c3d4e5f6a7b811");
  EXPECT_EQ(sync.events(0).title(), "Identified");
  EXPECT_EQ(sync.events(1).title(), "Investigating");  // the issue's own posting

  const Incident& logins = *by_id.at("65e2e0a1b2c3d4e5f6a7b802");
  EXPECT_EQ(logins.status(), "resolved");
  EXPECT_EQ(FromProto(logins.end_time()), Utc("2026-03-02T07:00:00Z"));
  EXPECT_EQ(logins.impact(), "minor");  // its component is operational again
  ASSERT_EQ(logins.events_size(), 3);
  EXPECT_EQ(logins.events(1).title(), "Monitoring");

  const Incident& upgrade = *by_id.at("65e2d0a1b2c3d4e5f6a7b803");
  EXPECT_EQ(upgrade.impact(), "maintenance");
  EXPECT_EQ(upgrade.status(), "in_progress");
  EXPECT_EQ(FromProto(upgrade.scheduled_start_time()), Utc("2026-03-02T09:00:00Z"));
  EXPECT_EQ(FromProto(upgrade.scheduled_end_time()), Utc("2026-03-02T11:00:00Z"));
  EXPECT_FALSE(IsSet(upgrade.end_time()));

  const Incident& network = *by_id.at("65e2c0a1b2c3d4e5f6a7b804");
  EXPECT_EQ(network.status(), "scheduled");
  EXPECT_EQ(FromProto(network.scheduled_start_time()), Utc("2026-03-09T22:00:00Z"));  // from "schedule"
  EXPECT_EQ((std::vector<std::string>(network.components().begin(), network.components().end())),
            (std::vector<std::string>{"EU"}));  // named, as v1 events do
}

TEST(Hund, BadInputIsATypedError) {
  for (const char* body :
       {"", "event: init_event\ndata: {\"state\":\"operational\"}",  // not whole
        "event: init_event\ndata: []\n\n", "event: init_event\ndata: {}\n\n",
        "event: init_event\ndata: {\"state\":\"degraded\",\"issues\":[{\"title\":\"no id\"}]}\n\n",
        "event: init_event\ndata: {\"state\":\"degraded\",\"issues\":[{\"id\":\"a\",\"created_at\":\"soon\"}]}\n\n",
        "event: init_event\ndata: {\"state\":\"degraded\",\"issues\":[{\"id\":\"a\",\"created_at\":-5}]}\n\n",
        "event: init_event\ndata: {\"state\":\"degraded\",\"issues\":[{\"id\":\"a\"}]}\n\n"}) {
    EXPECT_EQ(ParseStream(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(Hund().Parse(kPage, {{"live", {"u", 404, "", ""}}}).status().code(), absl::StatusCode::kUnavailable);
  // The event's JSON saved alone.
  EXPECT_TRUE(ParseStream(R"({"state":"operational","issues":[]})").ok());
}

}  // namespace
}  // namespace statusphere::providers
