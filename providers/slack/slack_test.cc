#include "providers/slack/slack.h"

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadSharedFixture;

absl::Time T(const char* t) { return *ParseRfc3339(t); }

TEST(Slack, KnownHostAndEndpoints) {
  Slack p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://slack-status.com"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.slack.example"));
  EXPECT_EQ(UrlsOf(p.Fetches("https://slack-status.com", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://slack-status.com/api/v2.0.0/current");
  EXPECT_EQ(UrlsOf(p.Fetches("https://slack-status.com", statusphere::v1::SCRAPE_KIND_HISTORICAL).documents)[0],
            "https://slack-status.com/api/v2.0.0/history");
}

TEST(Slack, CurrentCaptureHasTheActiveIncident) {
  auto body = ReadSharedFixture("slack/slack-status-api-v2-current-active-incident.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = Slack().Parse("https://slack-status.com",
                            {{"incidents", {"https://slack-status.com/api/v2.0.0/current", 200, "", *body}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  EXPECT_EQ(page->platform_indicator, "active");  // the top-level status: ok or active
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& i = page->incidents[0];
  EXPECT_EQ(i.id(), "1576");
  EXPECT_EQ(i.title(), "Trouble Accessing Historical Messages With Custom Data Retention Policies Enabled");
  EXPECT_EQ(i.impact(), "minor");
  EXPECT_EQ(i.deep_link(), "https://slack-status.com/2026-08/e07b9271f0346c3b");
  EXPECT_EQ(FromProto(i.start_time()), T("2026-08-13T21:21:41Z"));  // -07:00 applied
  EXPECT_FALSE(IsSet(i.end_time()));
  EXPECT_EQ(i.events_size(), 10);
  EXPECT_TRUE(absl::StartsWith(i.events(0).description(), "Users with custom data retention policies"));
  EXPECT_FALSE(absl::StrContains(i.events(0).description(), "<p>"));
}

TEST(Slack, HistoryCaptureResolvesOnTheLastNote) {
  auto body = ReadSharedFixture("slack/slack-status-api-v2-history-first8.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = Slack().Parse("https://slack-status.com",
                            {{"incidents", {"https://slack-status.com/api/v2.0.0/history", 200, "", *body}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->lists_every_open_incident);  // the history is not the list of what is open
  ASSERT_EQ(page->incidents.size(), 8u);
  int resolved = 0;
  for (const auto& i : page->incidents) resolved += IsSet(i.end_time());
  EXPECT_EQ(resolved, 7);
  const auto& search = page->incidents[1];
  EXPECT_EQ(search.id(), "1575");
  ASSERT_EQ(search.components_size(), 1);
  EXPECT_EQ(search.components(0), "Search");
  EXPECT_EQ(FromProto(search.end_time()), T("2026-08-07T01:07:04Z"));
  EXPECT_EQ(search.events(search.events_size() - 1).title(), "Resolved");
}

TEST(Slack, BadInputIsATypedError) {
  Slack p;
  for (const char* body :
       {"{\"status\":\"ok\"}", "[{\"title\":\"no id\"}]", "<html></html>", "[{\"id\":1,\"date_created\":\"x\"}]"}) {
    EXPECT_FALSE(p.Parse("https://slack-status.com", {{"incidents", {"u", 200, "", body}}}).ok()) << body;
  }
  EXPECT_TRUE(p.Parse("https://slack-status.com",
                      {{"incidents", {"u", 200, "", "{\"status\":\"ok\",\"active_incidents\":[]}"}}})
                  ->incidents.empty());
}

}  // namespace
}  // namespace statusphere::providers
