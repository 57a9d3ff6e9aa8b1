#include "providers/betterstack/betterstack.h"

#include <map>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

TEST(BetterStack, TrimmedCaptureReportsUpdatesAndResources) {
  auto body = statusphere::testing::ReadSharedFixture("betterstack/betterstack-status-index-json-trimmed.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  BetterStack p;
  ASSERT_TRUE(p.detection().ProbeMatches({"u", 200, "", *body}));
  auto page = p.Parse("https://status.betterstack.com", {{"index", {"u", 200, "", *body}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "operational");  // data.attributes.aggregate_state
  ASSERT_EQ(page->components.size(), 3u);
  EXPECT_EQ(page->components[0].name(), "Better Stack");
  EXPECT_EQ(page->components[0].group(), "Better Stack");  // section name, trailing space trimmed
  EXPECT_EQ(page->components[0].status(), "operational");
  ASSERT_EQ(page->incidents.size(), 3u);
  std::map<std::string, statusphere::v1::Incident> by_id;
  for (const auto& i : page->incidents) by_id[i.id()] = i;
  const auto& europe = by_id["1050825"];
  EXPECT_EQ(europe.title(), "Delayed data processing in the Europe region");
  EXPECT_EQ(europe.events_size(), 4);
  EXPECT_EQ(europe.status(), "resolved");
  // ends_at is null: the last update closes it.
  EXPECT_EQ(FromProto(europe.end_time()), *ParseRfc3339("2026-09-06T19:13:00Z"));
  EXPECT_EQ(europe.deep_link(), "https://status.betterstack.com/incident/1050825");
  const auto& migration = by_id["1035022"];
  EXPECT_EQ(migration.impact(), "maintenance");
  EXPECT_EQ(FromProto(migration.scheduled_end_time()), *ParseRfc3339("2026-09-03T17:00:00Z"));
  EXPECT_EQ(migration.status(), "completed");
}

TEST(BetterStack, BadInputIsATypedError) {
  BetterStack p;
  for (const char* body : {"{}", "{\"data\":{\"type\":\"other\"},\"included\":[]}",
                           R"({"data":{"type":"status_page"},"included":[{"type":"status_report","id":"1","attributes":{}}]})",
                           "[]"}) {
    EXPECT_FALSE(p.Parse("https://s.example", {{"index", {"u", 200, "", body}}}).ok()) << body;
  }
  EXPECT_TRUE(p.Parse("https://s.example", {{"index", {"u", 200, "", R"({"data":{"type":"status_page"},"included":[]})"}}}).ok());
}

// Detection without index.json (refused or missing): by its hosts only (see
// hosts.h for why its home page gives no marker).
TEST(BetterStack, DetectedByItsHosts) {
  const Detection d = BetterStack().detection();
  EXPECT_TRUE(d.IsKnownHost("https://acme.betteruptime.com"));
  EXPECT_TRUE(d.IsKnownHost("https://Status.BetterStack.com/"));
  EXPECT_FALSE(d.IsKnownHost("https://uptime.betterstack.com"));  // the app, not a status page
  EXPECT_FALSE(d.IsKnownHost("https://betteruptime.com"));
  EXPECT_FALSE(d.IsKnownHost("https://notbetteruptime.com"));
  EXPECT_FALSE(d.IsKnownHost("https://status.example.com"));
  EXPECT_FALSE(d.home_page_matches);
}

}  // namespace
}  // namespace statusphere::providers
