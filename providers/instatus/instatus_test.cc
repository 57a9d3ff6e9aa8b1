#include "providers/instatus/instatus.h"

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadSharedFixture;

TEST(Instatus, DemoSummaryAndGcoreComponents) {
  auto summary = ReadSharedFixture("instatus/instatus-demo-summary-incident.json");
  auto components = ReadSharedFixture("instatus/gcore-v3-components-truncated.json");
  if (!summary || !components) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  Instatus p;
  EXPECT_TRUE(p.detection().ProbeMatches({"u", 200, "", *summary}));
  auto page = p.Parse("https://instatus.instatus.com",
                      {{"summary", {"s", 200, "", *summary}}, {"components", {"c", 200, "", *components}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "HASISSUES");  // page.status
  ASSERT_EQ(page->incidents.size(), 2u);
  EXPECT_EQ(page->incidents[0].id(), "clq3wc2ap1350bronl8974nko");
  EXPECT_EQ(page->incidents[0].impact(), "major");  // PARTIALOUTAGE
  EXPECT_EQ(page->incidents[1].impact(), "minor");  // DEGRADEDPERFORMANCE
  EXPECT_EQ(page->incidents[0].status(), "investigating");
  EXPECT_EQ(FromProto(page->incidents[0].start_time()), *ParseRfc3339("2023-12-13T14:58:14.917Z"));
  EXPECT_FALSE(IsSet(page->incidents[0].end_time()));
  EXPECT_EQ(page->incidents[0].deep_link(), "https://instatus.instatus.com/clq3wc2ap1350bronl8974nko");
  ASSERT_FALSE(page->components.empty());
  EXPECT_EQ(page->components[0].name(), "API");
  EXPECT_EQ(page->components[0].group(), "Gcore Systems");
  for (const auto& c : page->components) EXPECT_NE(c.name(), "Gcore Systems");  // containers are dropped
}

TEST(Instatus, MaintenanceWindowFromStartAndDurationAndMissingArrays) {
  Instatus p;
  auto page =
      p.Parse("https://s.example", {{"summary", {"s", 200, "", R"({"page":{"name":"x","status":"UNDERMAINTENANCE"},
      "activeMaintenances":[{"id":"m1","name":"DB","start":"2025-01-01T10:00:00Z","status":"INPROGRESS","duration":90,
      "url":"https://s.example/m1","updatedAt":"2025-01-01T10:05:00Z"}]})"}},
                                    {"components", {"c", 404, "", ""}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "UNDERMAINTENANCE");
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& m = page->incidents[0];
  EXPECT_EQ(m.impact(), "maintenance");
  EXPECT_EQ(m.status(), "in_progress");
  EXPECT_EQ(FromProto(m.scheduled_end_time()), *ParseRfc3339("2025-01-01T11:30:00Z"));
}

TEST(Instatus, BadInputIsATypedErrorAndProbesNeedTheShape) {
  Instatus p;
  EXPECT_FALSE(p.detection().ProbeMatches({"u", 200, "", R"({"page":{"id":"x"},"status":{"indicator":"none"}})"}));
  EXPECT_FALSE(p.detection().ProbeMatches({"u", 200, "", "<html/>"}));
  for (const char* body : {"{}", "[", R"({"page":{"status":"UP"},"activeIncidents":[{"name":"no id"}]})",
                           R"({"page":{"status":"UP"},"activeIncidents":[{"id":"a"}]})"}) {
    EXPECT_FALSE(
        p.Parse("https://s.example", {{"summary", {"s", 200, "", body}}, {"components", {"c", 404, "", ""}}}).ok())
        << body;
  }
}

// A huge duration saturated the scheduled end at year 2262.
TEST(Instatus, AnAbsurdMaintenanceDurationIsATypedError) {
  Instatus p;
  for (const char* duration : {"1e300", "-60"}) {
    const std::string body = absl::StrCat(R"({"page":{"status":"UP"},"activeMaintenances":[{"id":"m",)",
                                          R"("start":"2026-01-01T00:00:00Z","duration":)", duration, "}]}");
    auto page = p.Parse("https://s.example", {{"summary", {"s", 200, "", body}}, {"components", {"c", 404, "", ""}}});
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << duration;
  }
}

}  // namespace
}  // namespace statusphere::providers
