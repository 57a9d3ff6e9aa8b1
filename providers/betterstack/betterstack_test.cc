#include "providers/betterstack/betterstack.h"

#include <map>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/betterstack/home_page.h"
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
  for (const char* body :
       {"{}", "{\"data\":{\"type\":\"other\"},\"included\":[]}",
        R"({"data":{"type":"status_page"},"included":[{"type":"status_report","id":"1","attributes":{}}]})", "[]"}) {
    EXPECT_FALSE(p.Parse("https://s.example", {{"index", {"u", 200, "", body}}}).ok()) << body;
  }
  EXPECT_TRUE(
      p.Parse("https://s.example", {{"index", {"u", 200, "", R"({"data":{"type":"status_page"},"included":[]})"}}})
          .ok());
}

// Detection without index.json (refused or missing): by its hosts, and on a custom domain
// by its home page's markup (BetterStackHomePage tests below).
TEST(BetterStack, DetectedByItsHosts) {
  const Detection d = BetterStack().detection();
  EXPECT_TRUE(d.IsKnownHost("https://acme.betteruptime.com"));
  EXPECT_TRUE(d.IsKnownHost("https://Status.BetterStack.com/"));
  EXPECT_FALSE(d.IsKnownHost("https://uptime.betterstack.com"));  // the app, not a status page
  EXPECT_FALSE(d.IsKnownHost("https://betteruptime.com"));
  EXPECT_FALSE(d.IsKnownHost("https://notbetteruptime.com"));
  EXPECT_FALSE(d.IsKnownHost("https://status.example.com"));
}

std::string Testdata(const std::string& name) {
  return statusphere::testing::ReadRepoFile("providers/betterstack/testdata/" + name);
}

TEST(BetterStackHomePage, HeadlineSectionsAndResourcesWithTheirState) {
  auto page = ParseBetterStackHomePage("https://status.acme.example", Testdata("home-v2-some-down.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "downtime");  // the headline's icon, in index.json's words
  EXPECT_FALSE(page->lists_every_open_incident);
  // Conservation: six resources in four sections.
  ASSERT_EQ(page->components.size(), 6u);
  std::map<std::string, statusphere::v1::Component> by_name;
  for (const auto& c : page->components) by_name[c.name()] = c;
  EXPECT_EQ(by_name["API"].id(), "a1");
  EXPECT_EQ(by_name["API"].group(), "Core");
  EXPECT_EQ(by_name["API"].status(), "major_outage");       // its own icon
  EXPECT_EQ(by_name["Dashboard"].status(), "operational");  // its own latest bar, though its section is down
  EXPECT_EQ(by_name["Marketing site"].status(), "operational");
  EXPECT_EQ(by_name["EU West"].status(), "degraded_performance");  // its section's badge
  EXPECT_EQ(by_name["Scheduler"].status(), "under_maintenance");
  EXPECT_EQ(by_name["Workers"].group(), "Jobs");
}

TEST(BetterStackHomePage, TheEarlierDesignAndItsFills) {
  auto page = ParseBetterStackHomePage("https://status.quiet.example", Testdata("home-v1-all-online.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "operational");  // the headline icon's fill
  ASSERT_EQ(page->components.size(), 3u);
  for (const auto& c : page->components) {
    EXPECT_EQ(c.status(), "operational") << c.name();  // the badge's word
    EXPECT_EQ(c.group(), "Current status by service");
  }
}

TEST(BetterStackHomePage, StandsInForIndexJsonAndTellsThePageApart) {
  BetterStack p;
  const std::string page_url = "https://status.acme.example";
  FetchPlan plan = p.Fetches(page_url, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.fallbacks.size(), 1u);
  EXPECT_EQ(plan.fallbacks[0].url, page_url);
  const Document home = {page_url, 200, "text/html", Testdata("home-v2-some-down.html")};
  auto page = p.Parse(page_url, {{"index", {page_url + "/index.json", 404, "", "Not found"}}, {"home", home}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components.size(), 6u);
  auto neither = p.Parse(
      page_url, {{"index", {page_url + "/index.json", 404, "", ""}}, {"home", {page_url, 200, "", "<h1>Hi</h1>"}}});
  EXPECT_FALSE(neither.ok());
  EXPECT_TRUE(absl::StrContains(neither.status().message(), "the home page instead")) << neither.status();

  const Detection d = p.detection();
  EXPECT_TRUE(d.HomePageMatches(home));
  EXPECT_TRUE(d.HomePageMatches({page_url, 200, "", Testdata("home-v1-all-online.html")}));
  // A site showing Better Stack's badge, or another Rails app's window.cfg, is not one.
  EXPECT_FALSE(d.HomePageMatches(
      {page_url, 200, "",
       R"(<a href="https://betterstack.com"><img src="https://uptime.betterstack.com/status-badges/v1/monitor/1.svg"></a>)"}));
  EXPECT_FALSE(d.HomePageMatches(
      {page_url, 200, "",
       R"(<script>window.cfg = {"base_host":"example.com","controller":"public_status_pages"};</script><h1>x</h1>)"}));
}

}  // namespace
}  // namespace statusphere::providers
