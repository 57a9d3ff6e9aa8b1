#include "providers/cachet/cachet.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadSharedFixture;

TEST(Cachet, DemoIncidentsComponentsAndSchedule) {
  auto incidents = ReadSharedFixture("cachet/cachet-demo-api-v1-incidents.json");
  auto components = ReadSharedFixture("cachet/cachet-demo-api-v1-components.json");
  auto schedules = ReadSharedFixture("cachet/cachet-demo-api-v1-schedules.json");
  if (!incidents || !components || !schedules)
    GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  Cachet p;
  EXPECT_TRUE(p.detection().ProbeMatches({"u", 200, "", *components}));
  auto page = p.Parse("https://demo.cachethq.io", {{"incidents", {"i", 200, "", *incidents}},
                                                   {"components", {"c", 200, "", *components}},
                                                   {"schedules", {"s", 200, "", *schedules}}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 6u);
  EXPECT_EQ(page->components[0].name(), "API");
  EXPECT_EQ(page->components[0].status(), "operational");
  ASSERT_EQ(page->incidents.size(), 3u);  // 2 incidents + 1 schedule
  const auto& monkeys = page->incidents[0];
  EXPECT_EQ(monkeys.id(), "1");
  EXPECT_EQ(monkeys.title(), "Our monkeys aren't performing");
  EXPECT_EQ(monkeys.deep_link(), "https://demo.cachethq.io/incidents/1");
  EXPECT_EQ(FromProto(monkeys.start_time()), *ParseRfc3339("2026-09-12T13:00:03Z"));
  EXPECT_TRUE(IsSet(monkeys.end_time()));  // is_resolved
  bool fixed = false;
  for (const auto& e : monkeys.events()) fixed = fixed || e.title() == "Resolved";
  EXPECT_TRUE(fixed);                                     // the "Fixed" update
  EXPECT_EQ(monkeys.events(0).title(), "Investigating");  // the incident's own opening message
  EXPECT_FALSE(IsSet(page->incidents[1].end_time()));
  const auto& schedule = page->incidents[2];
  EXPECT_EQ(schedule.impact(), "maintenance");
  EXPECT_EQ(schedule.status(), "scheduled");
  EXPECT_EQ(FromProto(schedule.scheduled_start_time()), *ParseRfc3339("2026-09-12T15:00:03Z"));
}

TEST(Cachet, BadInputIsATypedError) {
  Cachet p;
  const std::string empty = R"({"meta":{"pagination":{}},"data":[]})";
  for (const char* body : {"{}", "[]", R"({"data":[{"name":"no id"}]})", R"({"data":[{"id":1}]})",
                           R"({"data":[{"id":1,"occurred_at":"13:00 yesterday"}]})"}) {
    EXPECT_FALSE(p.Parse("https://s.example", {{"incidents", {"i", 200, "", body}},
                                               {"components", {"c", 200, "", empty}},
                                               {"schedules", {"s", 404, "", ""}}})
                     .ok())
        << body;
  }
  EXPECT_TRUE(p.Parse("https://s.example", {{"incidents", {"i", 200, "", empty}},
                                            {"components", {"c", 200, "", empty}},
                                            {"schedules", {"s", 404, "", ""}}})
                  .ok());
  EXPECT_FALSE(p.detection().ProbeMatches({"u", 200, "", R"({"data":[]})"}));
}

}  // namespace
}  // namespace statusphere::providers
