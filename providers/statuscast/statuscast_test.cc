#include "providers/statuscast/statuscast.h"

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/statuscast/page_html.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Component;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.acme.example";

std::string Testdata(const std::string& name) { return ReadRepoFile("providers/statuscast/testdata/" + name); }

absl::StatusOr<ParsedPage> ParseHome(const std::string& html, Documents more = {}) {
  Documents documents = {{"home", {kPage, 200, "text/html", html}}};
  for (const auto& [role, d] : more) documents.Add(role, d);
  return StatusCast().Parse(kPage, documents);
}

absl::Time Utc(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi), absl::UTCTimeZone());
}

const Incident* Find(const ParsedPage& page, const std::string& id) {
  for (const Incident& i : page.incidents) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

std::map<std::string, Component> ByName(const ParsedPage& page) {
  std::map<std::string, Component> out;
  for (const Component& c : page.components) out[c.name()] = c;
  return out;
}

TEST(StatusCast, IncidentListsGiveEachIncidentOnceWithItsTypeStatusAndComponents) {
  auto page = ParseHome(Testdata("home-outage.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  EXPECT_EQ(page->platform_indicator, "");  // this theme has no current-status widget
  // Five incidents, two of them listed by two widgets each.
  ASSERT_EQ(page->incidents.size(), 5u);

  const Incident* outage = Find(*page, "800101");
  ASSERT_NE(outage, nullptr);
  EXPECT_EQ(outage->title(), "CDN Errors in Europe");
  EXPECT_EQ(outage->impact(), "major");
  EXPECT_EQ(outage->status(), "investigating");
  EXPECT_EQ(outage->deep_link(), "https://status.acme.example/incident/800101");
  EXPECT_EQ(FromProto(outage->start_time()), Utc(2026, 3, 10, 8, 5));
  EXPECT_FALSE(IsSet(outage->end_time()));
  // The component it names; those above and below it in the tree are context, not named.
  ASSERT_EQ(outage->components_size(), 1);
  EXPECT_EQ(outage->components(0), "Europe");
  // The home page shows the latest update only, its paragraphs kept and its label left out.
  ASSERT_EQ(outage->events_size(), 1);
  EXPECT_EQ(outage->events(0).title(), "In progress");
  EXPECT_EQ(outage->events(0).status(), "investigating");
  EXPECT_EQ(outage->events(0).description(), "Engineers are rerouting traffic.\nNext update in 30 minutes.");
  EXPECT_EQ(FromProto(outage->events(0).time()), Utc(2026, 3, 10, 8, 40));
  EXPECT_EQ(outage->description(), outage->events(0).description());

  const Incident* closed = Find(*page, "800090");
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->impact(), "minor");
  EXPECT_EQ(closed->status(), "resolved");
  EXPECT_EQ(closed->events(0).title(), "Closed");
  EXPECT_EQ(FromProto(closed->end_time()), Utc(2026, 3, 10, 3, 0));

  const Incident* under_way = Find(*page, "800095");
  ASSERT_NE(under_way, nullptr);
  EXPECT_EQ(under_way->impact(), "maintenance");
  EXPECT_EQ(under_way->status(), "in_progress");
  EXPECT_EQ(FromProto(under_way->scheduled_start_time()), Utc(2026, 3, 10, 6, 0));
  EXPECT_FALSE(IsSet(under_way->end_time()));

  const Incident* upcoming = Find(*page, "800120");
  ASSERT_NE(upcoming, nullptr);
  EXPECT_EQ(upcoming->status(), "scheduled");
  EXPECT_EQ(upcoming->events(0).title(), "Upcoming");
  EXPECT_EQ(upcoming->events(0).status(), "scheduled");
  EXPECT_EQ(FromProto(upcoming->scheduled_start_time()), Utc(2026, 3, 17, 22, 0));

  const Incident* advisory = Find(*page, "799990");
  ASSERT_NE(advisory, nullptr);
  EXPECT_EQ(advisory->impact(), "none");
  EXPECT_EQ(advisory->status(), "resolved");
}

TEST(StatusCast, TheGridIsTheComponentTreeWithTodaysStateWhileAnOpenIncidentCoversIt) {
  auto page = ParseHome(Testdata("home-outage.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  // Conservation: eleven rows, eleven components (roots included: StatusCast's roots are
  // components that incidents name, not headings).
  ASSERT_EQ(page->components.size(), 11u);
  auto by_name = ByName(*page);
  EXPECT_EQ(by_name["Europe"].id(), "1001");
  EXPECT_EQ(by_name["Europe"].group(), "Edge Network");
  EXPECT_EQ(by_name["Amsterdam (AMS)"].group(), "Europe");
  EXPECT_EQ(by_name["Edge Network"].group(), "");
  // The open outage names Europe, with its parent and children around it.
  for (const char* name : {"Edge Network", "Europe", "Amsterdam (AMS)", "Paris (CDG)"}) {
    EXPECT_EQ(by_name[name].status(), "major_outage") << name;
  }
  EXPECT_EQ(by_name["North America"].status(), "operational");
  // Degraded earlier today, by an incident closed since: operational now.
  EXPECT_EQ(by_name["Delivery APIs"].status(), "operational");
  EXPECT_EQ(by_name["Purging"].status(), "operational");
  // Yesterday's maintenance is yesterday's; today's is under way.
  EXPECT_EQ(by_name["Control Panel"].status(), "operational");
  EXPECT_EQ(by_name["Log Streaming"].status(), "under_maintenance");
  EXPECT_EQ(by_name["Observability"].status(), "under_maintenance");
  EXPECT_EQ(by_name["General Updates"].status(), "operational");
}

TEST(StatusCast, AGridWithTheOldestDayFirstAndNoIncidentListIsReadAsItStands) {
  auto page = ParseHome(Testdata("home-reversed-grid.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->lists_every_open_incident);
  EXPECT_TRUE(page->incidents.empty());
  ASSERT_EQ(page->components.size(), 3u);
  auto by_name = ByName(*page);
  EXPECT_EQ(by_name["Voice"].status(), "major_outage");
  EXPECT_EQ(by_name["Voice - EMEA"].status(), "major_outage");
  EXPECT_EQ(by_name["Voice - EMEA"].group(), "Voice");
  EXPECT_EQ(by_name["Video"].status(), "operational");  // its maintenance was the oldest day
}

TEST(StatusCast, TheStatusListIsEachComponentsLiveStateAndTheBannerThePagesOwn) {
  auto page = ParseHome(Testdata("home-status-list.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "Degraded");
  ASSERT_EQ(page->components.size(), 4u);
  EXPECT_EQ(page->components[0].id(), "51");
  EXPECT_EQ(page->components[0].name(), "Email Sending");
  EXPECT_EQ(page->components[0].status(), "degraded_performance");
  EXPECT_EQ(page->components[1].name(), "Web App");
  EXPECT_EQ(page->components[1].status(), "operational");
  EXPECT_EQ(page->components[2].name(), "Reporting & Analytics");  // name and state in nested blocks
  EXPECT_EQ(page->components[2].status(), "under_maintenance");
  EXPECT_EQ(page->components[3].status(), "major_outage");

  ASSERT_EQ(page->incidents.size(), 2u);
  const Incident* slow = Find(*page, "91");
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->impact(), "minor");
  EXPECT_EQ(FromProto(slow->start_time()), Utc(2026, 3, 10, 8, 5));  // 3:05 AM EST
  EXPECT_EQ(slow->events(0).status(), "investigating");
  const Incident* api = Find(*page, "92");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(FromProto(api->start_time()), Utc(2026, 3, 11, 2, 15));  // 9:15 PM EST, the next day in UTC
  EXPECT_EQ(api->events(0).status(), "identified");
  EXPECT_EQ(api->deep_link(), "https://status.mailco.example/incident/92");  // its link as written
}

TEST(StatusCast, ABackfillReadsEachListedIncidentsOwnPageForEveryUpdate) {
  StatusCast provider;
  const Document home = {kPage, 200, "text/html", Testdata("home-outage.html")};
  EXPECT_FALSE(provider.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).follow_ups);
  FetchPlan plan = provider.Fetches(kPage, statusphere::v1::SCRAPE_KIND_HISTORICAL);
  ASSERT_TRUE(plan.follow_ups);
  std::vector<DocumentToFetch> pages = plan.follow_ups({{"home", home}});
  std::set<std::string> urls;
  for (const auto& d : pages) {
    EXPECT_EQ(d.role, "incident");
    urls.insert(d.url);
  }
  EXPECT_EQ(urls.size(), 5u);  // each incident once, though two are listed twice
  EXPECT_EQ(pages.size(), 5u);
  EXPECT_TRUE(urls.count("https://status.acme.example/incident/800101"));

  const Document detail = {"https://status.acme.example/incident/800101", 200, "text/html",
                           Testdata("incident-800101.html")};
  const Document missing = {"https://status.acme.example/incident/800090", 404, "text/html", ""};
  auto page = ParseHome(home.body, {{"incident", detail}, {"incident", missing}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 5u);
  const Incident* outage = Find(*page, "800101");
  ASSERT_EQ(outage->events_size(), 3);
  EXPECT_EQ(outage->events(0).title(), "In progress");
  EXPECT_EQ(outage->events(1).title(), "Investigating");
  EXPECT_EQ(outage->events(1).description(), "Elevated 503 errors in Amsterdam and Paris.");
  EXPECT_EQ(outage->events(2).title(), "Open");
  EXPECT_EQ(FromProto(outage->events(2).time()), Utc(2026, 3, 10, 8, 5));
  // The page that did not answer leaves its incident as the home page shows it.
  EXPECT_EQ(Find(*page, "800090")->events_size(), 1);
}

TEST(StatusCast, BrokenPagesAreErrorsNamingTheirUrl) {
  auto none = ParseHome("<html><body><p>StatusCast</p></body></html>");
  EXPECT_FALSE(none.ok());
  EXPECT_TRUE(absl::StrContains(none.status().message(), kPage)) << none.status();
  std::string bad = Testdata("home-outage.html");
  const std::string stamp = "10 March 2026, 02:15  UTC";
  bad.replace(bad.find(stamp), stamp.size(), "sometime soon");
  auto refused = ParseHome(bad);
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "sometime soon")) << refused.status();
  auto unavailable = StatusCast().Parse(kPage, {{"home", {kPage, 503, "text/html", ""}}});
  EXPECT_FALSE(unavailable.ok());
}

TEST(StatusCast, DetectedByItsHostsAndItsWidgetsNotByItsName) {
  Detection d = StatusCast().detection();
  EXPECT_TRUE(d.IsKnownHost("https://status.fastly.com"));
  EXPECT_TRUE(d.IsKnownHost("https://www.fastlystatus.com"));
  EXPECT_TRUE(d.IsKnownHost("https://acme.status.page"));
  EXPECT_FALSE(d.IsKnownHost("https://status.page.example"));
  EXPECT_EQ(d.probe_url(kPage), kPage);
  for (const char* name : {"home-outage.html", "home-status-list.html", "home-reversed-grid.html"}) {
    EXPECT_TRUE(d.ProbeMatches({kPage, 200, "text/html", Testdata(name)})) << name;
  }
  // A page that only mentions StatusCast, or has the widgets' look without the name.
  EXPECT_FALSE(d.ProbeMatches({kPage, 200, "text/html", "<p>We moved off StatusCast last year.</p>"}));
  std::string unnamed = Testdata("home-outage.html");
  for (size_t at; (at = unnamed.find("StatusCast")) != std::string::npos;) unnamed.replace(at, 10, "Acme");
  for (size_t at; (at = unnamed.find("statuscast")) != std::string::npos;) unnamed.replace(at, 10, "acme");
  EXPECT_FALSE(d.ProbeMatches({kPage, 200, "text/html", unnamed}));
  EXPECT_FALSE(d.ProbeMatches({kPage, 404, "text/html", Testdata("home-outage.html")}));
}

// The real captures (../shared/fixtures, never copied here).
TEST(StatusCast, FastlysRealPageWhileNormal) {
  auto html = ReadSharedFixture("statuscast/www.fastlystatus.com-statuscast-home-normal-2023-02-10.html");
  if (!html) GTEST_SKIP() << "no shared fixtures (set STATUSPHERE_SHARED_DIR)";
  EXPECT_TRUE(StatusCast().detection().ProbeMatches({"https://www.fastlystatus.com", 200, "text/html", *html}));
  auto page = StatusCast().Parse("https://www.fastlystatus.com",
                                 {{"home", {"https://www.fastlystatus.com", 200, "text/html", *html}}});
  ASSERT_TRUE(page.ok()) << page.status();
  // 160 grid rows in a tree of seven roots, all operational today (three had a maintenance
  // earlier in the day, none is under way).
  ASSERT_EQ(page->components.size(), 160u);
  int roots = 0;
  for (const Component& c : page->components) {
    EXPECT_EQ(c.status(), "operational") << c.name();
    roots += c.group().empty();
  }
  EXPECT_EQ(roots, 7);
  // 17 recent incidents, all closed; 4 upcoming maintenances.
  ASSERT_EQ(page->incidents.size(), 21u);
  int closed = 0, upcoming = 0, maintenance = 0;
  for (const Incident& i : page->incidents) {
    closed += IsSet(i.end_time());
    upcoming += i.status() == "scheduled";
    maintenance += i.impact() == "maintenance";
    EXPECT_EQ(i.events_size(), 1) << i.id();
    EXPECT_FALSE(i.components().empty()) << i.id();
  }
  EXPECT_EQ(closed, 17);
  EXPECT_EQ(upcoming, 4);
  EXPECT_EQ(maintenance, 10);
  const Incident* purging = Find(*page, "375748");
  ASSERT_NE(purging, nullptr);
  EXPECT_EQ(purging->title(), "Purging Systems Performance Issues");
  EXPECT_EQ(FromProto(purging->start_time()), Utc(2023, 2, 7, 23, 9));
  EXPECT_EQ(FromProto(purging->end_time()), Utc(2023, 2, 8, 0, 59));
  ASSERT_EQ(purging->components_size(), 1);
  EXPECT_EQ(purging->components(0), "Purging");
}

}  // namespace
}  // namespace statusphere::providers
