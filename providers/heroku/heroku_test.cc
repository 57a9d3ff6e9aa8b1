#include "providers/heroku/heroku.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

TEST(Heroku, Capture2019OpenIncidentAndYellowSystems) {
  auto body = statusphere::testing::ReadSharedFixture("heroku/heroku-status-api-v4-current-status-incident-2019-10-24.json");
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
