// Statuspage home pages in the variants real pages show (testdata/home-maintenances.html,
// written for these tests in the markup of the server-rendered 2021 build, and pages
// inline): upcoming maintenance windows in the page's zone, every update of an open
// incident with year-less stamps, component rows in groups of several themes.
#include <map>
#include <string>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/atlassian_statuspage/home_page.h"
#include "providers/common/html_document.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.acme-claims.test";

absl::Time Utc(int y, int m, int d, int h, int min) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), absl::UTCTimeZone());
}

std::map<std::string, Incident> ById(const ParsedPage& page) {
  std::map<std::string, Incident> out;
  for (const Incident& i : page.incidents) out[i.id()] = i;
  return out;
}

ParsedPage ParseOwn(const std::string& html) {
  absl::StatusOr<ParsedPage> page = ParseStatuspageHomePage(kPage, kPage, html);
  EXPECT_TRUE(page.ok()) << page.status();
  return page.ok() ? *page : ParsedPage{};
}

TEST(StatuspageHomePageVariants, UpcomingMaintenanceWindowsInUtc) {
  auto by_id = ById(ParseOwn(ReadRepoFile("providers/atlassian_statuspage/testdata/home-maintenances.html")));
  struct Expected {
    const char* id;
    std::optional<absl::Time> start, end;
  };
  for (const Expected& e : std::vector<Expected>{
           // "Jan 30, 22:00 - Jan 31, 06:00 CET", data-unix-time for the start
           {"mnt000000001", Utc(2021, 1, 30, 21, 0), Utc(2021, 1, 31, 5, 0)},
           // "Feb 6, 22:00 - 06:00 CET" without data-unix-time: over midnight, in the render's year
           {"mnt000000002", Utc(2021, 2, 6, 21, 0), Utc(2021, 2, 7, 5, 0)},
           // "Jan 24, 00:00-03:00 UTC"
           {"mnt000000003", Utc(2021, 1, 24, 0, 0), Utc(2021, 1, 24, 3, 0)},
           // "Feb 2, 09:00-10:00 CST" on a page in China's zone: the offset is the one
           // data-unix-time shows (+8), not US Central's
           {"mnt000000004", Utc(2021, 2, 2, 1, 0), Utc(2021, 2, 2, 2, 0)},
           // "Feb 9, 10:00 - 11:00 XYZT": an unknown zone and no data-unix-time, no window
           {"mnt000000005", std::nullopt, std::nullopt},
       }) {
    ASSERT_EQ(by_id.count(e.id), 1u) << e.id;
    const Incident& m = by_id[e.id];
    EXPECT_EQ(m.impact(), "maintenance") << e.id;
    EXPECT_EQ(m.status(), "scheduled") << e.id;
    EXPECT_TRUE(absl::StartsWith(m.title(), "Scheduled Maintenance - ")) << e.id;
    if (!e.start) {
      EXPECT_FALSE(IsSet(m.scheduled_start_time())) << e.id;
      EXPECT_FALSE(IsSet(m.scheduled_end_time())) << e.id;
      continue;
    }
    EXPECT_EQ(FromProto(m.scheduled_start_time()), *e.start) << e.id;
    EXPECT_EQ(FromProto(m.scheduled_end_time()), *e.end) << e.id;
  }
  // Their updates: "Posted on Jan 19, 15:49 CET", no label.
  ASSERT_EQ(by_id["mnt000000001"].events_size(), 1);
  EXPECT_EQ(FromProto(by_id["mnt000000001"].events(0).time()), Utc(2021, 1, 19, 14, 49));
  EXPECT_EQ(by_id["mnt000000001"].events(0).title(), "Update");
  EXPECT_TRUE(absl::StartsWith(by_id["mnt000000001"].events(0).description(), "Dear customer\nWe will be using"));
  // "Jan 20, 10:00 CST" on that page is 02:00 UTC: the learnt offset again.
  EXPECT_EQ(FromProto(by_id["mnt000000004"].events(0).time()), Utc(2021, 1, 20, 2, 0));
  // An unknown zone: the render time, the latest the update can have been posted.
  EXPECT_EQ(FromProto(by_id["mnt000000005"].events(0).time()), absl::FromUnixSeconds(1611346341));
}

TEST(StatuspageHomePageVariants, EveryUpdateOfAnOpenIncidentWithItsYear) {
  auto by_id = ById(ParseOwn(ReadRepoFile("providers/atlassian_statuspage/testdata/home-maintenances.html")));
  const Incident& exports = by_id["exp000000001"];
  // Nine updates listed, nine stored; two pairs of them alike in text, at other times.
  ASSERT_EQ(exports.events_size(), 9);
  // Rendered on Jan 22, 2021: "Jan 12" is 2021's, "Dec 28" and below 2020's.
  EXPECT_EQ(FromProto(exports.events(0).time()), Utc(2021, 1, 12, 16, 4));
  EXPECT_EQ(FromProto(exports.events(1).time()), Utc(2020, 12, 28, 13, 51));
  EXPECT_EQ(FromProto(exports.events(8).time()), Utc(2020, 12, 14, 9, 41));
  EXPECT_EQ(exports.events(0).description(), exports.events(2).description());
  EXPECT_EQ(exports.events(3).description(), exports.events(4).description());
  EXPECT_EQ(exports.events(8).status(), "investigating");
  EXPECT_EQ(exports.status(), "monitoring");
  EXPECT_EQ(FromProto(exports.start_time()), Utc(2020, 12, 14, 9, 41));
  EXPECT_FALSE(IsSet(exports.end_time()));
  // "Jan 22, 09:30 GMT+08:00": an offset for a zone.
  ASSERT_EQ(by_id["apc000000002"].events_size(), 1);
  EXPECT_EQ(FromProto(by_id["apc000000002"].events(0).time()), Utc(2021, 1, 22, 1, 30));
}

TEST(StatuspageHomePageVariants, ComponentsInGroupsOfEveryTheme) {
  const ParsedPage page = ParseOwn(ReadRepoFile("providers/atlassian_statuspage/testdata/home-maintenances.html"));
  std::map<std::string, std::pair<std::string, std::string>> by_id;  // group, status
  for (const auto& c : page.components) by_id[c.id()] = {c.group(), c.status()};
  ASSERT_EQ(page.components.size(), 9u);
  EXPECT_EQ(by_id["api000000001"], std::make_pair(std::string(""), std::string("partial_outage")));
  // Showcased (uptime bars), with a tooltip.
  EXPECT_EQ(by_id["prt000000001"].first, "Claims Portal");
  EXPECT_EQ(by_id["prt000000002"], std::make_pair(std::string("Claims Portal"), std::string("degraded_performance")));
  EXPECT_EQ(by_id["prt000000003"].first, "Claims Portal");
  // No "is-group" class: the opener hook and the children's container say it.
  EXPECT_EQ(by_id["pay000000001"].first, "Payments");
  EXPECT_EQ(by_id["pay000000002"].first, "Payments");
  // Each child in a container of its own.
  EXPECT_EQ(by_id["rep000000001"].first, "Reporting");
  EXPECT_EQ(by_id["rep000000002"], std::make_pair(std::string("Reporting"), std::string("under_maintenance")));
  EXPECT_EQ(by_id["sso000000001"].first, "");
  for (const char* group : {"grp000000001", "grp000000002", "grp000000003"}) EXPECT_EQ(by_id.count(group), 0u) << group;
}

// A row whose markup is left open (a custom header or a theme that drops a closing tag)
// takes the rows after it inside itself, as the HTML parser nests them: they are still
// components, in their own group.
TEST(StatuspageHomePageVariants, RowsNestedInsideAnUnclosedRowAreStillRead) {
  const std::string html = R"(<html><body><div class="page-status status-none"></div>
    <div class="components-container one-column">
      <div class="component-container border-color">
        <div data-component-id="api000000001" class="component-inner-container status-green" data-component-status="operational">
          <span class="name">API</span><span class="component-status">Operational</span>
      <div class="component-container border-color is-group">
        <div data-component-id="grp000000001" class="component-inner-container status-orange" data-component-status="partial_outage" data-js-hook="component-group-opener">
          <span class="name"><span class="fa group-parent-indicator"></span><span>Regions</span></span>
        </div>
        <div class="child-components-container">
          <div data-component-id="eu0000000001" class="component-inner-container status-green" data-component-status="operational"><span class="name">Europe</span></div>
          <div data-component-id="us0000000001" class="component-inner-container status-orange" data-component-status="partial_outage"><span class="name">North America</span></div>
        </div>
      </div>
    </div></body></html>)";
  const ParsedPage page = ParseOwn(html);
  ASSERT_EQ(page.components.size(), 3u);
  EXPECT_EQ(page.components[0].name(), "API");
  EXPECT_EQ(page.components[0].group(), "");
  EXPECT_EQ(page.components[1].name(), "Europe");
  EXPECT_EQ(page.components[1].group(), "Regions");
  EXPECT_EQ(page.components[2].name(), "North America");
  EXPECT_EQ(page.components[2].group(), "Regions");
  EXPECT_EQ(page.components[2].status(), "partial_outage");
}

TEST(StatuspageHomePageVariants, ARenderInDecemberPlacesJanuaryNextYear) {
  // Rendered on 2020-12-28 12:00 UTC.
  const std::string html = R"(<html><head><meta name="issued" content="1609156800"></head><body>
    <div class="page-status status-none"><span class="status">All Systems Operational</span></div>
    <div class="unresolved-incidents">
      <div class="unresolved-incident impact-minor">
        <div class="incident-title"><a href="/incidents/yer000000001">Slow search</a></div>
        <div class="updates">
          <div class="update"><strong>Monitoring</strong> - Better. <br><small>Dec <var data-var='date'>28</var>, <var data-var='time'>08:00</var> EST</small></div>
          <div class="update"><strong>Investigating</strong> - Slow. <br><small>Dec <var data-var='date'>27</var>, <var data-var='time'>23:30</var> EST</small></div>
        </div>
      </div>
    </div>
    <div class="scheduled-maintenances-container">
      <div class="scheduled-maintenance">
        <div class="incident-title font-large border-color">
          <a href="/incidents/yer000000002" title="Scheduled Maintenance - Search">Scheduled Maintenance - Search</a>
          <small class="pull-right">Jan <var data-var="date"> 3</var>, <var data-var="time">01:00</var> - <var data-var="time">03:00</var> PST</small>
        </div>
        <div class="updates-container"><div class="update">We will reindex.<br><small>Posted on Dec <var data-var='date'>20</var>, <var data-var='time'>10:00</var> PST</small></div></div>
      </div>
      <div class="scheduled-maintenance">
        <div class="incident-title font-large border-color">
          <a href="/incidents/yer000000003" title="Scheduled Maintenance - Year end">Scheduled Maintenance - Year end</a>
          <small class="pull-right">Dec <var data-var="date">31</var>, <var data-var="time">23:00</var> - Jan <var data-var="date"> 1</var>, <var data-var="time">01:00</var> UTC</small>
        </div>
        <div class="updates-container"><div class="update">Year end.<br><small>Posted on Dec <var data-var='date'>21</var>, <var data-var='time'>10:00</var> UTC</small></div></div>
      </div>
    </div></body></html>)";
  auto by_id = ById(ParseOwn(html));
  ASSERT_EQ(by_id["yer000000001"].events_size(), 2);
  EXPECT_EQ(FromProto(by_id["yer000000001"].events(0).time()), Utc(2020, 12, 28, 13, 0));
  EXPECT_EQ(FromProto(by_id["yer000000001"].events(1).time()), Utc(2020, 12, 28, 4, 30));
  EXPECT_EQ(FromProto(by_id["yer000000002"].scheduled_start_time()), Utc(2021, 1, 3, 9, 0));
  EXPECT_EQ(FromProto(by_id["yer000000002"].scheduled_end_time()), Utc(2021, 1, 3, 11, 0));
  EXPECT_EQ(FromProto(by_id["yer000000002"].events(0).time()), Utc(2020, 12, 20, 18, 0));
  EXPECT_EQ(FromProto(by_id["yer000000003"].scheduled_start_time()), Utc(2020, 12, 31, 23, 0));
  EXPECT_EQ(FromProto(by_id["yer000000003"].scheduled_end_time()), Utc(2021, 1, 1, 1, 0));
}

TEST(StatuspageHomePageVariants, TheSameWordsTwiceInOneMinuteAreTwoUpdates) {
  const std::string html = R"(<html><head><meta name="issued" content="1611346341"></head><body>
    <div class="unresolved-incidents"><div class="unresolved-incident impact-minor">
      <div class="incident-title"><a href="/incidents/twi000000001">Delays</a></div>
      <div class="updates">
        <div class="update"><strong>Update</strong> - Still delayed. <br><small>Jan <var data-var='date'>22</var>, <var data-var='time'>10:00</var> UTC</small></div>
        <div class="update"><strong>Update</strong> - Still delayed. <br><small>Jan <var data-var='date'>22</var>, <var data-var='time'>10:00</var> UTC</small></div>
        <div class="update"><strong>Investigating</strong> - Delayed. <br><small>Jan <var data-var='date'>22</var>, <var data-var='time'>09:00</var> UTC</small></div>
      </div></div></div></body></html>)";
  const ParsedPage page = ParseOwn(html);
  ASSERT_EQ(page.incidents.size(), 1u);
  const Incident& i = page.incidents[0];
  ASSERT_EQ(i.events_size(), 3);
  EXPECT_EQ(i.events(0).id(), "");
  EXPECT_TRUE(absl::StartsWith(i.events(1).id(), "repeat-")) << i.events(1).id();
  // Parsed again, the same ids: a rescrape adds nothing.
  EXPECT_EQ(ParseOwn(html).incidents[0].events(1).id(), i.events(1).id());
}

// Conservation: a home page listing N component rows (group headings aside) yields N
// components, on the pages here and on the real capture.
TEST(StatuspageHomePageVariants, EveryComponentRowIsAComponent) {
  std::vector<std::pair<std::string, std::string>> pages = {
      {"home-maintenances", ReadRepoFile("providers/atlassian_statuspage/testdata/home-maintenances.html")},
      {"home-outage", ReadRepoFile("providers/atlassian_statuspage/testdata/home-outage.html")}};
  if (auto access = ReadSharedFixture("atlassian-statuspage/html/status.atlassian.com-access-home-2021.html.md")) {
    pages.emplace_back("access", *access);
  }
  for (const auto& [name, html] : pages) {
    int rows = 0;
    const HtmlDocument document(html);
    ForEachElement(document, [&](const GumboNode* node) {
      const GumboAttribute* id = gumbo_get_attribute(&node->v.element.attributes, "data-component-id");
      const GumboAttribute* hook = gumbo_get_attribute(&node->v.element.attributes, "data-js-hook");
      const GumboAttribute* cls = gumbo_get_attribute(&node->v.element.attributes, "class");
      const bool opener = hook != nullptr && absl::string_view(hook->value) == "component-group-opener";
      const bool placeholder = absl::StrContains(NodeText(node), "for more information");
      if (id != nullptr && cls != nullptr && absl::StrContains(cls->value, "component-inner-container") && !opener &&
          !placeholder) {
        ++rows;
      }
      return true;
    });
    absl::StatusOr<ParsedPage> page = ParseStatuspageHomePage(kPage, kPage, html);
    ASSERT_TRUE(page.ok()) << name << ": " << page.status();
    EXPECT_GT(rows, 0) << name;
    EXPECT_EQ(static_cast<int>(page->components.size()), rows) << name;
  }
}

}  // namespace
}  // namespace statusphere::providers
