#include "providers/site24x7_statusiq/site24x7_statusiq.h"

#include <map>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;

absl::StatusOr<ParsedPage> ParseRss(const std::string& body) {
  return Site24x7StatusIq().Parse("https://status.example.com",
                                  {{"feed", {"https://status.example.com/rss", 200, "application/rss+xml", body}}});
}

std::map<std::string, std::string> StatusByName(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(Site24x7StatusIq, SixComponentsSomeWithoutGuidOrLink) {
  auto body = ReadSharedFixture("site24x7-statusiq/status.trustid.ch-rss-six-components-2025-03-05.xml");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  Site24x7StatusIq p;
  EXPECT_TRUE(p.detection().ProbeMatches({"https://status.trustid.ch/rss", 200, "", *body}));
  EXPECT_EQ(UrlsOf(p.Fetches("https://status.trustid.ch", statusphere::v1::SCRAPE_KIND_CURRENT).documents),
            std::vector<std::string>{"https://status.trustid.ch/rss"});
  auto page = ParseRss(*body);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 6u);
  EXPECT_EQ(page->components[0].name(), "AutoIdent");
  EXPECT_EQ(page->components[0].id(), "AutoIdent");  // no link: its name
  EXPECT_EQ(page->components[1].name(), "TrustID API Service");
  EXPECT_EQ(page->components[1].id(), "cYrN2XOAauybsbFs4g_od1WODDd97CHDL7VyE9fBeC4QXevqqgSUSWG_DKbEYLEF");
  EXPECT_EQ(page->components[5].name(), "VideoIdent");
  for (const auto& c : page->components) EXPECT_EQ(c.status(), "operational") << c.name();
  EXPECT_TRUE(page->incidents.empty());  // the feed carries none
  EXPECT_FALSE(page->lists_every_open_incident);
}

TEST(Site24x7StatusIq, FiftyItemsAreTheStatesOfFourteenComponents) {
  auto body = ReadSharedFixture("site24x7-statusiq/inriver-statusiq-rss-50-components-2025-02-24.xml");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseRss(*body);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 14u);
  EXPECT_EQ(page->components[0].name(), "Asset API");
  EXPECT_EQ(page->components[1].name(), "Control Center");
  EXPECT_EQ(page->components[13].name(), "xConnect API");
  // "Informational" in November, "Operational" since: the newest item is the state.
  for (const auto& c : page->components) EXPECT_EQ(c.status(), "operational") << c.name();
}

TEST(Site24x7StatusIq, AChannelWithoutItems) {
  auto body = ReadSharedFixture("site24x7-statusiq/status.trustid.ch-rss-no-items-2025-03-05.xml");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  EXPECT_TRUE(Site24x7StatusIq().detection().ProbeMatches({"u", 200, "", *body}));
  auto page = ParseRss(*body);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->components.empty());
  EXPECT_TRUE(page->incidents.empty());
}

TEST(Site24x7StatusIq, TheNewestStateOfEachComponent) {
  auto page = ParseRss(ReadRepoFile("providers/site24x7_statusiq/testdata/rss.xml"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 4u);
  EXPECT_EQ(page->components[0].id(), "AbC_12-x");
  EXPECT_EQ(StatusByName(*page), (std::map<std::string, std::string>{
                                     {"Zahlungs-API", "major_outage"},  // newer than its Operational item
                                     {"Druck - EU", "operational"},     // a name with " - " in it
                                     {"Anmeldung", "under_maintenance"},
                                     {"Kundenportal", "unknown"},  // a word of another language
                                 }));
}

TEST(Site24x7StatusIq, OtherFeedsAndBadInputAreTypedErrors) {
  Site24x7StatusIq p;
  const std::string generic = R"(<rss version="2.0"><channel><title>Status</title><description>Incidents</description>
      <item><title>API - Major Outage</title></item></channel></rss>)";
  EXPECT_FALSE(p.detection().ProbeMatches({"u", 200, "", generic}));
  EXPECT_FALSE(
      p.detection().ProbeMatches({"u", 404, "", ReadRepoFile("providers/site24x7_statusiq/testdata/rss.xml")}));
  for (const std::string& body : {generic, std::string("not xml <"), std::string("<feed/>"),
                                  std::string(R"(<rss xmlns:s="https://www.site24x7.com/rssdefinitions.do#"><channel>
                                      <item><title>API - Operational</title><pubDate>last Tuesday</pubDate></item></channel></rss>)")}) {
    EXPECT_EQ(ParseRss(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(p.Parse("https://s.example", {{"feed", {"https://s.example/rss", 500, "", ""}}}).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
