#include "providers/azure/azure.h"

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

TEST(Azure, FetchesTheFeedOfTheLocalisedPage) {
  Azure p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://azure.status.microsoft/en-us/status"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.example.com"));
  EXPECT_FALSE(p.detection().ProbeMatches({"https://status.example.com/feed/", 200, "", "<rss><channel/></rss>"}));
  EXPECT_TRUE(p.detection().ProbeMatches(
      {"https://azure.status.microsoft/en-us/status/feed/", 200, "", "<rss><channel/></rss>"}));
  EXPECT_EQ(
      UrlsOf(
          p.Fetches("https://azure.status.microsoft/en-us/status", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
      "https://azure.status.microsoft/en-us/status/feed/");
}

TEST(Azure, EmptyCaptureMeansNoCurrentIncident) {
  auto body = statusphere::testing::ReadSharedFixture("azure/azure-status-feed-en-us-empty.xml");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = Azure().Parse("https://azure.status.microsoft/en-us/status", {{"feed", {"u", 200, "", *body}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);  // current communications only: empty = all ended
}

}  // namespace
}  // namespace statusphere::providers
