#include "providers/uptimerobot/uptimerobot.h"

#include <map>
#include <string>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "providers/uptimerobot/api_path.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Incident;

constexpr char kStatsPage[] = "https://stats.uptimerobot.com/Xy12AbCdEf";
constexpr char kFirstPage[] = "https://stats.uptimerobot.com/api/getMonitorList/Xy12AbCdEf?page=1";

std::string Testdata(const std::string& name) { return ReadRepoFile("providers/uptimerobot/testdata/" + name); }

Document Json200(const std::string& url, std::string body) { return {url, 200, "application/json", std::move(body)}; }

std::map<std::string, int> StatusCounts(const ParsedPage& page) {
  std::map<std::string, int> out;
  for (const auto& c : page.components) ++out[c.status()];
  return out;
}

std::map<std::string, const Incident*> ById(const ParsedPage& page) {
  std::map<std::string, const Incident*> out;
  for (const auto& i : page.incidents) out[i.id()] = &i;
  return out;
}

absl::Time Utc(const char* text) { return *ParseRfc3339(text); }

TEST(UptimeRobot, StatsPagesAreKnownAndTheirListIsAtAKnownAddress) {
  UptimeRobot p;
  EXPECT_TRUE(p.detection().IsKnownHost(kStatsPage));
  EXPECT_FALSE(p.detection().IsKnownHost("https://stats.uptimerobot.com"));  // no key
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.example.com"));
  FetchPlan plan = p.Fetches(kStatsPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  EXPECT_EQ(UrlsOf(plan.documents), std::vector<std::string>{kFirstPage});
  EXPECT_EQ(plan.follow_up_rounds, 1);
  ASSERT_TRUE(plan.follow_ups);
  // The first page says 32 monitors, 30 a page: one more page.
  Documents first = {{"monitors", Json200(kFirstPage, Testdata("monitor-list-page1.json"))}};
  EXPECT_EQ(UrlsOf(plan.follow_ups(first)),
            std::vector<std::string>{"https://stats.uptimerobot.com/api/getMonitorList/Xy12AbCdEf?page=2"});
  // Once every page is in, nothing is left to fetch.
  first.Add("monitors", Json200("https://stats.uptimerobot.com/api/getMonitorList/Xy12AbCdEf?page=2",
                                Testdata("monitor-list-page2.json")));
  EXPECT_TRUE(plan.follow_ups(first).empty());
}

TEST(UptimeRobot, ACustomDomainsHomePageNamesItsList) {
  const std::string home = Testdata("home.html");
  // Only a script's assignment counts, not the same words in the page's text.
  EXPECT_EQ(uptimerobot::ApiPathInHomePage(home), "https://status.beispiel.de/api/getMonitorList/Xy12AbCdEf");
  EXPECT_FALSE(uptimerobot::ApiPathInHomePage("<p>window.pspApiPath = 'https://x/api/getMonitorList/k';</p>"));
  EXPECT_FALSE(uptimerobot::ApiPathInHomePage("<script>window.pspApiPath = 'javascript:alert(1)';</script>"));
  UptimeRobot p;
  EXPECT_EQ(p.detection().probe_url("https://status.beispiel.de"), "https://status.beispiel.de");
  EXPECT_EQ(p.detection().probe_url(kStatsPage), kFirstPage);
  EXPECT_TRUE(p.detection().ProbeMatches({"https://status.beispiel.de", 200, "text/html", home}));
  EXPECT_FALSE(p.detection().ProbeMatches({"https://status.beispiel.de", 200, "text/html", "<html></html>"}));
  EXPECT_FALSE(p.detection().ProbeMatches({"https://status.beispiel.de", 404, "text/html", home}));
  // A saved list is recognised by its content, and parses where the home page would go.
  const std::string list = Testdata("monitor-list-page2.json");
  EXPECT_TRUE(p.detection().ProbeMatches({"saved.json", 200, "", list}));
  auto saved = p.Parse("https://status.beispiel.de", {{"home", {"saved.json", 200, "", list}}});
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->components.size(), 2u);
  EXPECT_FALSE(saved->lists_every_open_incident);  // 32 monitors, 2 here
  FetchPlan plan = p.Fetches("https://status.beispiel.de", statusphere::v1::SCRAPE_KIND_CURRENT);
  EXPECT_EQ(UrlsOf(plan.documents), std::vector<std::string>{"https://status.beispiel.de"});
  EXPECT_EQ(plan.follow_up_rounds, 2);
  Documents fetched = {{"home", {"https://status.beispiel.de", 200, "text/html", home}}};
  EXPECT_EQ(UrlsOf(plan.follow_ups(fetched)),
            std::vector<std::string>{"https://status.beispiel.de/api/getMonitorList/Xy12AbCdEf?page=1"});
  fetched.Add("monitors", Json200("https://status.beispiel.de/api/getMonitorList/Xy12AbCdEf?page=1",
                                  Testdata("monitor-list-page1.json")));
  EXPECT_EQ(UrlsOf(plan.follow_ups(fetched)),
            std::vector<std::string>{"https://status.beispiel.de/api/getMonitorList/Xy12AbCdEf?page=2"});
}

TEST(UptimeRobot, TwoPagesOfMonitorsWithDownAndPausedOnes) {
  auto page = UptimeRobot().Parse(
      kStatsPage, {{"monitors", Json200(kFirstPage, Testdata("monitor-list-page1.json"))},
                   {"monitors", Json200("https://stats.uptimerobot.com/api/getMonitorList/Xy12AbCdEf?page=2",
                                        Testdata("monitor-list-page2.json"))}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 32u);
  EXPECT_TRUE(page->lists_every_open_incident);
  EXPECT_EQ(StatusCounts(*page),
            (std::map<std::string, int>{{"operational", 28}, {"major_outage", 3}, {"unknown", 1}}));
  EXPECT_EQ(page->components[2].id(), "800000003");
  EXPECT_EQ(page->components[2].name(), "Datenbank Zürich");
  EXPECT_EQ(page->components[6].status(), "unknown");  // paused
  ASSERT_EQ(page->incidents.size(), 3u);
  auto by_id = ById(*page);
  // Partly up on the 3rd, down all of the 4th and today: down since the 3rd (+01:00).
  const Incident& db = *by_id.at("800000003-down-2026-03-03");
  EXPECT_EQ(db.title(), "Datenbank Zürich is down");
  EXPECT_EQ(db.impact(), "major");
  EXPECT_EQ(db.status(), "investigating");
  EXPECT_FALSE(IsSet(db.end_time()));
  EXPECT_EQ(FromProto(db.start_time()), Utc("2026-03-02T23:00:00Z"));
  EXPECT_EQ((std::vector<std::string>(db.components().begin(), db.components().end())),
            (std::vector<std::string>{"Datenbank Zürich"}));
  ASSERT_EQ(db.events_size(), 1);
  EXPECT_EQ(db.events(0).title(), "Down");
  EXPECT_EQ(db.deep_link(), kStatsPage);
  // Up all of yesterday, down all of today: since today's midnight.
  EXPECT_EQ(FromProto(by_id.at("800000031-down-2026-03-05")->start_time()), Utc("2026-03-04T23:00:00Z"));
  // Down on every day shown: its id does not move with the list's oldest day.
  EXPECT_EQ(FromProto(by_id.at("800000032-down")->start_time()), Utc("2026-02-28T23:00:00Z"));
}

TEST(UptimeRobot, AFirstPageAloneIsWhatItHoldsAndClosesNothing) {
  auto body = ReadSharedFixture("uptimerobot/hivelocity-psp-getMonitorList-page1-of-43-2025-03-08.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  const std::string url = "https://stats.uptimerobot.com/api/getMonitorList/hv?page=1";
  UptimeRobot p;
  auto page = p.Parse("https://stats.uptimerobot.com/hv", {{"monitors", Json200(url, *body)}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components.size(), 30u);
  EXPECT_EQ(StatusCounts(*page), (std::map<std::string, int>{{"operational", 30}}));
  EXPECT_EQ(page->components[0].name(), "App: core.hivelocity.net");
  EXPECT_EQ(page->components[29].name(), "EBR2-TPA1");
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_FALSE(page->lists_every_open_incident);  // 43 monitors, 30 here
  // In a scrape the first page asks for the second: ceil(43 / 30) pages.
  FetchPlan plan = p.Fetches("https://stats.uptimerobot.com/hv", statusphere::v1::SCRAPE_KIND_CURRENT);
  EXPECT_EQ(UrlsOf(plan.follow_ups({{"monitors", Json200(url, *body)}})),
            std::vector<std::string>{"https://stats.uptimerobot.com/api/getMonitorList/hv?page=2"});
}

TEST(UptimeRobot, FourMonitorsDownAreFourOpenIncidents) {
  auto body = ReadSharedFixture("uptimerobot/fundednext-psp-getMonitorList-4-down-2025-03-08.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page =
      UptimeRobot().Parse("https://stats.uptimerobot.com/fn",
                          {{"monitors", Json200("https://stats.uptimerobot.com/api/getMonitorList/fn?page=1", *body)}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components.size(), 10u);
  EXPECT_TRUE(page->lists_every_open_incident);
  EXPECT_EQ(StatusCounts(*page), (std::map<std::string, int>{{"operational", 6}, {"major_outage", 4}}));
  ASSERT_EQ(page->incidents.size(), 4u);
  auto by_id = ById(*page);
  // Down all 90 days shown (since 2024-12-09 at +05:00, or earlier).
  const Incident& portal = *by_id.at("790962882-down");
  EXPECT_EQ(portal.title(), "Backend Client Portal is down");
  EXPECT_EQ(FromProto(portal.start_time()), Utc("2024-12-08T19:00:00Z"));
  EXPECT_TRUE(by_id.count("794649053-down"));
  EXPECT_TRUE(by_id.count("794793027-down"));
  // Partly up today: down since today.
  const Incident& demo = *by_id.at("797059362-down-2025-03-08");
  EXPECT_EQ(demo.title(), "Mt4 Fundednext demo is down");
  EXPECT_EQ(FromProto(demo.start_time()), Utc("2025-03-07T19:00:00Z"));
  for (const auto& i : page->incidents) EXPECT_FALSE(IsSet(i.end_time())) << i.id();
}

TEST(UptimeRobot, APausedMonitorIsUnknownNotAnOutage) {
  auto body = ReadSharedFixture("uptimerobot/single-psp-getMonitorList-paused-2025-03-08.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = UptimeRobot().Parse(
      "https://stats.uptimerobot.com/one",
      {{"monitors", Json200("https://stats.uptimerobot.com/api/getMonitorList/one?page=1", *body)}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 1u);
  EXPECT_EQ(page->components[0].id(), "792198687");
  EXPECT_EQ(page->components[0].name(), "Ironworkers 786");
  EXPECT_EQ(page->components[0].status(), "unknown");
  EXPECT_TRUE(page->incidents.empty());
}

TEST(UptimeRobot, ASingleMonitorsDocument) {
  auto body = ReadSharedFixture("uptimerobot/yumzi-psp-getMonitor-single-2025-03-08.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = UptimeRobot().Parse(
      "https://stats.uptimerobot.com/yz",
      {{"monitors", Json200("https://stats.uptimerobot.com/api/getMonitor/yz?m=797021082", *body)}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 1u);
  EXPECT_EQ(page->components[0].id(), "797021082");
  EXPECT_EQ(page->components[0].name(), "https://yumzi.app/");
  EXPECT_EQ(page->components[0].status(), "operational");
  EXPECT_TRUE(page->incidents.empty());
}

TEST(UptimeRobot, BadInputIsATypedError) {
  UptimeRobot p;
  for (const char* body :
       {"[]", "{}", R"({"status":"fail","psp":{"monitors":[]}})", R"({"status":"ok","psp":{}})",
        R"({"status":"ok","psp":{"monitors":[{"name":"no id"}]}})",
        R"({"status":"ok","psp":{"timezone":"Europe/Somewhere","monitors":[]}})",
        R"({"status":"ok","days":["yesterday"],"psp":{"monitors":[{"monitorId":1,"statusClass":"danger",
                              "dailyRatios":[{"ratio":"0.000","label":"warning"}]}]}})"}) {
    EXPECT_EQ(p.Parse(kStatsPage, {{"monitors", Json200(kFirstPage, body)}}).status().code(),
              absl::StatusCode::kInvalidArgument)
        << body;
  }
  EXPECT_EQ(p.Parse(kStatsPage, {{"monitors", {kFirstPage, 503, "", ""}}}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_FALSE(
      p.Parse("https://status.example.com", {{"home", {"https://status.example.com", 200, "", "<html>"}}}).ok());
  EXPECT_TRUE(
      p.Parse(kStatsPage, {{"monitors", Json200(kFirstPage, R"({"status":"ok","psp":{"monitors":[]}})")}}).ok());
  // A hostile first page cannot make a scrape fetch without end.
  FetchPlan plan = p.Fetches(kStatsPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  EXPECT_EQ(
      plan.follow_ups(
              {{"monitors",
                Json200(kFirstPage, R"({"status":"ok","psp":{"perPage":1,"totalMonitors":999999999,"monitors":[]}})")}})
          .size(),
      99u);
}

}  // namespace
}  // namespace statusphere::providers
