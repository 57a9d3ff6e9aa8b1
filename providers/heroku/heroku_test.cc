#include "providers/heroku/heroku.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

TEST(Heroku, Capture2019OpenIncidentAndYellowSystems) {
  auto body =
      statusphere::testing::ReadSharedFixture("heroku/heroku-status-api-v4-current-status-incident-2019-10-24.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  Heroku p;
  ASSERT_TRUE(p.detection().IsKnownHost("https://status.heroku.com"));
  EXPECT_EQ(UrlsOf(p.Fetches("https://status.heroku.com", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://status.heroku.com/api/v4/current-status");
  auto page = p.Parse("https://status.heroku.com", {{"current-status", {"u", 200, "", *body}}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 3u);
  for (const auto& c : page->components) EXPECT_EQ(c.status(), "degraded_performance") << c.name();
  EXPECT_EQ(page->components[0].name(), "Apps");
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& i = page->incidents[0];
  EXPECT_EQ(i.id(), "1918");
  EXPECT_EQ(i.title(), "Connection timeouts to applications and Heroku Postgres");
  EXPECT_EQ(i.impact(), "minor");  // yellow
  EXPECT_EQ(i.deep_link(), "https://status.heroku.com/incidents/1918");
  EXPECT_FALSE(IsSet(i.end_time()));
  EXPECT_EQ(FromProto(i.start_time()), *ParseRfc3339("2019-10-24T18:39:30.231Z"));
  ASSERT_EQ(i.events_size(), 2);
  EXPECT_EQ(i.events(0).id(), "6091");
  EXPECT_EQ(i.events(0).status(), "investigating");  // update_type "issue"
  EXPECT_EQ(i.events(1).title(), "Investigating");
  EXPECT_EQ(FromProto(i.events(1).time()), *ParseRfc3339("2019-10-24T18:39:30.231Z"));
  EXPECT_EQ(i.status(), "investigating");
  EXPECT_TRUE(page->lists_every_open_incident);
}

// Heroku's scheduled maintenances say "resolved": true without a resolved_at: the end is the
// update that resolved it, not the announcement (created_at, two weeks before).
TEST(Heroku, AResolvedMaintenanceEndsWhenItsResolvingUpdateWasPosted) {
  Heroku p;
  const std::string body =
      statusphere::testing::ReadRepoFile("providers/heroku/testdata/current-status-scheduled-resolved.json");
  auto page = p.Parse("https://status.heroku.com", {{"current-status", {"u", 200, "", body}}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 3u);
  EXPECT_EQ(page->components[1].name(), "Data");
  EXPECT_EQ(page->components[1].status(), "under_maintenance");
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& m = page->incidents[0];
  EXPECT_EQ(m.id(), "3041");
  EXPECT_EQ(m.impact(), "maintenance");
  EXPECT_EQ(m.status(), "resolved");
  EXPECT_EQ(FromProto(m.start_time()), *ParseRfc3339("2024-04-02T16:20:11.120Z"));
  EXPECT_EQ(FromProto(m.end_time()), *ParseRfc3339("2024-04-15T14:52:39.981Z"));
  ASSERT_EQ(m.events_size(), 4);
  EXPECT_EQ(m.events(0).status(), "resolved");
  EXPECT_EQ(m.events(1).status(), "in_progress");  // update_type "maintenance": the window is running
  EXPECT_EQ(m.events(1).description(), "The maintenance takes longer than planned; we expect it to end by 15:00 UTC.");
  EXPECT_EQ(m.events(3).status(), "scheduled");

  // Without a resolving update, the newest update closes it; with resolved_at, that time.
  auto unresolving =
      p.Parse("https://status.heroku.com", {{"current-status", {"u", 200, "", R"({"status":[],"scheduled":[
      {"id":7,"created_at":"2024-04-02T16:20:00Z","resolved":true,"updates":[
        {"id":2,"created_at":"2024-04-15T14:40:00Z","update_type":"maintenance","contents":"Done soon."},
        {"id":1,"created_at":"2024-04-02T16:20:00Z","update_type":"scheduled","contents":"Planned."}]}],
      "incidents":[{"id":8,"created_at":"2024-04-03T10:00:00Z","resolved":true,"resolved_at":"2024-04-03T11:15:00Z",
        "updates":[{"id":3,"created_at":"2024-04-03T11:10:00Z","update_type":"resolved","contents":"Fixed."}]}]})"}}});
  ASSERT_TRUE(unresolving.ok()) << unresolving.status();
  ASSERT_EQ(unresolving->incidents.size(), 2u);
  EXPECT_EQ(FromProto(unresolving->incidents[0].end_time()), *ParseRfc3339("2024-04-03T11:15:00Z"));
  EXPECT_EQ(FromProto(unresolving->incidents[1].end_time()), *ParseRfc3339("2024-04-15T14:40:00Z"));
}

TEST(Heroku, BadInputIsATypedError) {
  Heroku p;
  for (const char* body : {"[]", "{\"incidents\":[]}", "{\"status\":[],\"incidents\":[{\"id\":\"x\"}]}",
                           "{\"status\":[],\"incidents\":[{\"id\":1}]}", "nope"}) {
    EXPECT_FALSE(p.Parse("https://status.heroku.com", {{"current-status", {"u", 200, "", body}}}).ok()) << body;
  }
  EXPECT_FALSE(p.Parse("https://status.heroku.com", {{"current-status", {"u", 503, "", ""}}}).ok());
}

// Found by fuzz/heroku_fuzz: nlohmann's value("resolved", false) threw on a non-boolean.
TEST(Heroku, AResolvedFlagThatIsNotABooleanIsNotACrash) {
  Heroku p;
  auto page = p.Parse("https://status.heroku.com", {{"current-status", {"u", 200, "", R"({"status":[],"incidents":[
      {"id":1,"created_at":"2026-01-01T00:00:00Z","resolved":"yes"}]})"}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->incidents[0].status(), "investigating");
}

}  // namespace
}  // namespace statusphere::providers
