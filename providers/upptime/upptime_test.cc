#include "providers/upptime/upptime.h"

#include <map>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "providers/upptime/site_repository.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Incident;

constexpr char kSite[] = "https://status.acme.example";
constexpr char kSummaryUrl[] = "https://raw.githubusercontent.com/acme/status/master/history/summary.json";

absl::StatusOr<ParsedPage> ParseSummary(const std::string& json, int status = 200) {
  return Upptime().Parse(kSite,
                         {{"home", {kSite, 200, "text/html", ReadRepoFile("providers/upptime/testdata/home.html")}},
                          {"summary", {kSummaryUrl, status, "text/plain", json}}});
}

std::map<std::string, const Incident*> ById(const ParsedPage& page) {
  std::map<std::string, const Incident*> out;
  for (const auto& i : page.incidents) out[i.id()] = &i;
  return out;
}

absl::Time At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

TEST(Upptime, TheWebsiteNamesItsRepositoryWhoseFilesHoldTheData) {
  const std::string home = ReadRepoFile("providers/upptime/testdata/home.html");
  std::optional<SiteRepository> repository = UpptimeRepositoryOf(home);
  ASSERT_TRUE(repository.has_value());
  // The footer's link, not the intro's link to Upptime's own repository.
  EXPECT_EQ(repository->owner, "acme");
  EXPECT_EQ(repository->repo, "status");
  const FetchPlan plan = Upptime().Fetches(kSite, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(UrlsOf(plan.documents), std::vector<std::string>{kSite});
  ASSERT_TRUE(plan.follow_ups);
  EXPECT_EQ(UrlsOf(plan.follow_ups({{"home", {kSite, 200, "text/html", home}}})),
            std::vector<std::string>{kSummaryUrl});
  // No Upptime website at the address (a 404, another site): the page is the files' base.
  EXPECT_EQ(UrlsOf(plan.follow_ups({})), std::vector<std::string>{"https://status.acme.example/history/summary.json"});
  // A GitHub link alone is not Upptime's; nor is a link into a repository's folders.
  EXPECT_FALSE(UpptimeRepositoryOf(R"(<footer><a href="https://github.com/acme/status">code</a></footer>)"));
  EXPECT_FALSE(UpptimeRepositoryOf(
      R"(<a href="https://upptime.js.org">Upptime</a><a href="https://github.com/acme/status/tree/master">x</a>)"));
  EXPECT_EQ(
      UpptimeRepositoryOf(R"(<a href="https://upptime.js.org">U</a><a href="https://github.com/o-1/r.2/">x</a>)")->repo,
      "r.2");
}

TEST(Upptime, SitesAreComponentsAndRunsOfDownDaysAreIncidents) {
  auto page = ParseSummary(ReadRepoFile("providers/upptime/testdata/summary.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  ASSERT_EQ(page->components.size(), 5u);
  std::map<std::string, std::string> status;
  for (const auto& c : page->components) status[c.id()] = c.status();
  EXPECT_EQ(status["api"], "operational");
  EXPECT_EQ(status["website"], "major_outage");
  EXPECT_EQ(status["search"], "degraded_performance");
  EXPECT_EQ(status["legacy"], "major_outage");  // down now, no minutes recorded yet: no incident
  EXPECT_EQ(page->components[0].name(), "API");

  ASSERT_EQ(page->incidents.size(), 4u);
  auto by_id = ById(*page);
  // One day: placed at the start of its day, as long as it lasted.
  const Incident* short_one = by_id["api-down-2026-02-01"];
  ASSERT_NE(short_one, nullptr);
  EXPECT_EQ(short_one->status(), "resolved");
  EXPECT_EQ(short_one->impact(), "major");
  EXPECT_EQ(FromProto(short_one->start_time()), At("2026-02-01T00:00:00Z"));
  EXPECT_EQ(FromProto(short_one->end_time()), At("2026-02-01T00:30:00Z"));
  EXPECT_EQ(short_one->deep_link(), "https://status.acme.example/history/api");
  ASSERT_EQ(short_one->events_size(), 2);
  EXPECT_EQ(short_one->events(0).title(), "Resolved");
  EXPECT_EQ(short_one->events(1).title(), "Down");
  // Three days: down from 1000 minutes before the first midnight to 200 after the last.
  const Incident* long_one = by_id["api-down-2026-02-10"];
  ASSERT_NE(long_one, nullptr);
  EXPECT_EQ(long_one->title(), "API was down");
  EXPECT_EQ(FromProto(long_one->start_time()), At("2026-02-10T07:20:00Z"));
  EXPECT_EQ(FromProto(long_one->end_time()), At("2026-02-12T03:20:00Z"));
  EXPECT_TRUE(absl::StrContains(long_one->description(), "(2640 in all)")) << long_one->description();
  EXPECT_TRUE(absl::StrContains(long_one->description(), "2026-02-11: 1440 min")) << long_one->description();
  ASSERT_EQ(long_one->components_size(), 1);
  EXPECT_EQ(long_one->components(0), "API");
  // Down now, through the latest day: open.
  const Incident* open = by_id["website-down-2026-03-01"];
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->title(), "Website is down");
  EXPECT_EQ(open->status(), "investigating");
  EXPECT_EQ(open->impact(), "major");
  EXPECT_FALSE(IsSet(open->end_time()));
  EXPECT_EQ(FromProto(open->start_time()), At("2026-03-01T22:25:00Z"));
  EXPECT_EQ(open->events_size(), 1);
  // Slower than its limit now: a minor open incident.
  const Incident* slow = by_id["search-down-2026-03-02"];
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->impact(), "minor");
  EXPECT_FALSE(IsSet(slow->end_time()));
}

TEST(Upptime, RealSummaryOfUpptimesOwnMonitor) {
  auto json = ReadSharedFixture("upptime/upptime-upptime-history-summary.json");
  if (!json) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseSummary(*json);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 4u);
  std::map<std::string, std::string> status;
  for (const auto& c : page->components) status[c.name()] = c.status();
  EXPECT_EQ(status["Google"], "operational");
  EXPECT_EQ(status["Hacker News"], "operational");
  EXPECT_EQ(status["Test Broken Site"], "major_outage");
  // Wikipedia two single days, Hacker News a day and a 20-day run, the broken site one open
  // run as long as the record.
  ASSERT_EQ(page->incidents.size(), 5u);
  auto by_id = ById(*page);
  ASSERT_TRUE(by_id.count("wikipedia-down-2022-03-29"));
  EXPECT_EQ(FromProto(by_id["wikipedia-down-2022-03-29"]->end_time()), At("2022-03-29T00:16:00Z"));
  ASSERT_TRUE(by_id.count("wikipedia-down-2022-06-12"));
  ASSERT_TRUE(by_id.count("hacker-news-down-2022-07-08"));
  const Incident* hn = by_id["hacker-news-down-2022-11-19"];
  ASSERT_NE(hn, nullptr);
  EXPECT_EQ(hn->status(), "resolved");
  EXPECT_EQ(FromProto(hn->start_time()), At("2022-11-19T21:41:00Z"));  // 139 minutes before midnight
  EXPECT_EQ(FromProto(hn->end_time()), At("2022-12-08T14:00:00Z"));    // 840 minutes after the last
  EXPECT_TRUE(absl::StrContains(hn->description(), "(26899 in all)")) << hn->description();
  const Incident* broken = by_id["test-broken-site-down-over-a-year"];
  ASSERT_NE(broken, nullptr);
  EXPECT_EQ(broken->title(), "Test Broken Site is down");
  EXPECT_FALSE(IsSet(broken->end_time()));
  EXPECT_EQ(FromProto(broken->start_time()), At("2022-01-11T00:00:00Z"));
  EXPECT_TRUE(absl::StrContains(broken->description(), "(524230 in all)")) << broken->description();
  int open = 0;
  for (const auto& i : page->incidents) open += !IsSet(i.end_time());
  EXPECT_EQ(open, 1);
}

TEST(Upptime, TheOtherRealFilesAreNotTheSummary) {
  // api/<slug>/uptime.json is a shields.io badge; history/<slug>.yml is YAML. Neither is
  // what the page is read from, and each is refused as a summary, by name.
  for (const char* file :
       {"upptime/upptime-upptime-api-hacker-news-uptime.json", "upptime/upptime-upptime-history-hacker-news.yml"}) {
    auto body = ReadSharedFixture(file);
    if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
    auto page = ParseSummary(*body);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << file;
    EXPECT_TRUE(absl::StrContains(page.status().message(), kSummaryUrl)) << page.status();
    EXPECT_FALSE(Upptime().detection().ProbeMatches({kSummaryUrl, 200, "", *body})) << file;
  }
}

TEST(Upptime, Detection) {
  const Detection d = Upptime().detection();
  EXPECT_EQ(d.probe_url("https://raw.githubusercontent.com/acme/status/master"),
            "https://raw.githubusercontent.com/acme/status/master/history/summary.json");
  const std::string summary = ReadRepoFile("providers/upptime/testdata/summary.json");
  EXPECT_TRUE(d.ProbeMatches({"u", 200, "", summary}));
  EXPECT_FALSE(d.ProbeMatches({"u", 404, "", summary}));
  EXPECT_FALSE(d.ProbeMatches({"u", 200, "", "[]"}));
  EXPECT_FALSE(d.ProbeMatches({"u", 200, "", R"([{"id":1,"name":"x"}])"}));
  EXPECT_FALSE(d.ProbeMatches({"u", 200, "", "<html>index.html for every path</html>"}));
  EXPECT_TRUE(d.HomePageMatches({"u", 200, "", ReadRepoFile("providers/upptime/testdata/home.html")}));
  EXPECT_FALSE(d.HomePageMatches({"u", 200, "", "<html><a href='https://github.com/acme/status'>x</a></html>"}));
}

TEST(Upptime, BrokenSummariesAreErrorsNamingTheDocument) {
  EXPECT_EQ(ParseSummary("", 404).status().code(), absl::StatusCode::kUnavailable);
  for (const char* json : {
           "{}",
           "[",
           "[1]",
           R"([{"name":"x","status":"up"}])",
           R"([{"name":"x","slug":"x","status":"up","dailyMinutesDown":[]}])",
           R"([{"name":"x","slug":"x","status":"up","dailyMinutesDown":{"yesterday":3}}])",
           R"([{"name":"x","slug":"x","status":"up","dailyMinutesDown":{"2026-02-30":3}}])",
           R"([{"name":"x","slug":"x","status":"up","dailyMinutesDown":{"2026-02-01":1441}}])",
           R"([{"name":"x","slug":"x","status":"up","dailyMinutesDown":{"2026-02-01":"3"}}])",
           R"([{"name":"x","slug":"x","status":"up","dailyMinutesDown":{"1900-02-01":3}}])",
           R"([{"name":"x","slug":"x","status":"up"},{"name":"y","slug":"x","status":"up"}])",
       }) {
    auto page = ParseSummary(json);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << json;
    EXPECT_TRUE(absl::StrContains(page.status().message(), kSummaryUrl)) << page.status();
  }
  // The home page alone names the repository and holds nothing yet.
  auto alone =
      Upptime().Parse(kSite, {{"home", {kSite, 200, "", ReadRepoFile("providers/upptime/testdata/home.html")}}});
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_TRUE(alone->components.empty());
  EXPECT_FALSE(Upptime().Parse(kSite, {{"home", {kSite, 200, "", "<html></html>"}}}).ok());
}

}  // namespace
}  // namespace statusphere::providers
