#include "providers/feed/feed_parser.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "providers/feed/feed_provider.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;

absl::Time T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

Document Feed(const std::string& body) { return {"https://status.example.net/history.rss", 200, "application/xml", body}; }

TEST(Feed, StatuspageAtomSplitsUpdatesAndUsesIncidentCodes) {
  auto atom = ReadSharedFixture("atlassian-statuspage/githubstatus-history-2022-06-11.atom");
  if (!atom) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseFeed("https://www.githubstatus.com", Feed(*atom));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 25u);
  const auto& first = page->incidents[0];
  EXPECT_EQ(first.id(), "fbx6ysfb4mff");  // the code from the link, not Incident/10187767
  EXPECT_EQ(first.title(), "Incident with Codespaces");
  EXPECT_EQ(first.deep_link(), "https://www.githubstatus.com/incidents/fbx6ysfb4mff");
  ASSERT_EQ(first.events_size(), 2);
  EXPECT_EQ(first.events(0).title(), "Resolved");
  EXPECT_EQ(first.events(0).description(), "This incident has been resolved.");
  EXPECT_EQ(FromProto(first.events(0).time()), T("2022-06-08T19:13:00Z"));
  EXPECT_EQ(FromProto(first.events(1).time()), T("2022-06-08T18:48:00Z"));
  EXPECT_EQ(FromProto(first.start_time()), T("2022-06-08T18:48:00Z"));
  EXPECT_EQ(FromProto(first.end_time()), T("2022-06-08T19:13:00Z"));
  EXPECT_EQ(first.status(), "resolved");
}

TEST(Feed, StatuspageRssAppliesThePrintedTimeZone) {
  auto rss = ReadSharedFixture("atlassian-statuspage/status.parse.com-history-2014-01.rss");
  if (!rss) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseFeed("http://status.parse.com", Feed(*rss));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 17u);
  const auto& first = page->incidents[0];
  EXPECT_EQ(first.id(), "lzf7mjchpy20");
  EXPECT_EQ(first.title(), "Elevated error rates");
  ASSERT_EQ(first.events_size(), 3);
  EXPECT_EQ(first.events(2).title(), "Investigating");
  // "Jan 1, 08:17 PST" in a feed dated 2014 is 16:17 UTC.
  EXPECT_EQ(FromProto(first.start_time()), T("2014-01-01T16:17:00Z"));
  EXPECT_EQ(FromProto(first.end_time()), T("2014-01-01T17:09:00Z"));
}

TEST(Feed, AzureEmptyFeedIsZeroIncidentsNotAnError) {
  auto azure = ReadSharedFixture("azure/azure-status-feed-en-us-empty.xml");
  if (!azure) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseFeed("https://azure.status.microsoft/en-us/status", Feed(*azure));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
}

TEST(Feed, GenericRssOneEventPerItemWithInferredImpactAndState) {
  auto page = ParseFeed("https://status.example.net", Feed(ReadRepoFile("providers/feed/testdata/generic.rss")));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->lists_every_open_incident);  // a feed keeps only its latest items
  ASSERT_EQ(page->incidents.size(), 2u);
  const auto& outage = page->incidents[0];
  EXPECT_EQ(outage.id(), "event-42");
  EXPECT_EQ(outage.impact(), "major");
  EXPECT_EQ(outage.deep_link(), "https://status.example.net/events/42");
  EXPECT_EQ(outage.events(0).description(), "The API was unavailable for 20 minutes. It is now restored.");
  EXPECT_TRUE(IsSet(outage.end_time()));
  const auto& maintenance = page->incidents[1];
  EXPECT_EQ(maintenance.impact(), "maintenance");
  EXPECT_EQ(FromProto(maintenance.start_time()), T("2025-03-05T07:00:00Z"));
  EXPECT_FALSE(IsSet(maintenance.end_time()));
}

TEST(Feed, HostileAndBrokenFeedsAreTypedErrors) {
  // An entity bomb is refused as a whole (and pugixml would not have expanded it).
  auto bomb = ParseFeed("https://x", Feed(ReadRepoFile("providers/feed/testdata/bomb.xml")));
  ASSERT_FALSE(bomb.ok());
  EXPECT_TRUE(absl::StrContains(bomb.status().message(), "declares XML entities")) << bomb.status();
  struct Case {
    std::string body;
    const char* expect;
  };
  for (const Case& c : std::vector<Case>{
           {"<rss><channel><item><title>x", "not XML"},
           {"{\"json\": true}", "not XML"},
           {"<html><body>status</body></html>", "neither"},
           {"<rss><channel><item><title>t</title><guid>g</guid><pubDate>someday</pubDate></item></channel></rss>", "no valid date"},
           {"<rss><channel><item><title>t</title><pubDate>Tue, 04 Mar 2025 10:30:00 GMT</pubDate></item></channel></rss>", "no id"},
           {"<rss><channel><item><guid>g</guid><pubDate>Tue, 04 Mar 1970 10:30:00 GMT</pubDate></item></channel></rss>", "absurd"},
           {std::string(10 << 20, '\x01'), "not XML"},
       }) {
    auto page = ParseFeed("https://x", Feed(c.body));
    ASSERT_FALSE(page.ok()) << c.expect;
    EXPECT_TRUE(absl::StrContains(page.status().message(), c.expect)) << page.status().message();
  }
  EXPECT_TRUE(ParseFeed("https://x", Feed("<rss><channel></channel></rss>"))->incidents.empty());
  EXPECT_FALSE(ParseFeed("https://x", {"u", 500, "", ""}).ok());
}

// Found by fuzz/feed_fuzz: two items with one guid made two incidents with one id, and the
// server rejects such a report whole. Feeds that post each update as an item do this.
TEST(Feed, ItemsSharingAnIdAreOneIncident) {
  auto page = ParseFeed("https://status.example.net", Feed(R"(<rss version="2.0"><channel>
      <item><title>Resolved: API outage</title><guid>event-42</guid><pubDate>Tue, 04 Mar 2025 11:00:00 GMT</pubDate></item>
      <item><title>Investigating: API outage</title><guid>event-42</guid><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item>
      <item><title>Slow logins</title><guid>event-43</guid><pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate></item>
      </channel></rss>)"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 2u);
  const auto& outage = page->incidents[0];
  EXPECT_EQ(outage.id(), "event-42");
  EXPECT_EQ(outage.title(), "Resolved: API outage");
  EXPECT_EQ(outage.events_size(), 2);
  EXPECT_EQ(FromProto(outage.start_time()), T("2025-03-04T10:00:00Z"));
  EXPECT_EQ(FromProto(outage.end_time()), T("2025-03-04T11:00:00Z"));
  EXPECT_EQ(outage.status(), "resolved");
  EXPECT_EQ(page->incidents[1].id(), "event-43");
}

// Found by fuzz/feed_fuzz: an update stamp's day, hour and minute were not range-checked, so
// "Jun -99999999" normalized millions of years away. Such a stamp is not Statuspage's shape:
// the item becomes one event at its own date.
TEST(Feed, UpdateStampsOutOfRangeAreNotStatuspageUpdates) {
  for (const char* stamp : {"Jun -99999999, 19:13 UTC", "Jun 8, 99:13 UTC", "Jun 8, 19:99 UTC"}) {
    auto page = ParseFeed("https://status.example.net", Feed(absl::StrCat(
        R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>API down</title>)",
        "<published>2026-06-08T19:20:00Z</published><content type=\"html\">&lt;p&gt;&lt;small&gt;", stamp,
        "&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - ok&lt;/p&gt;</content></entry></feed>")));
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->incidents[0].events_size(), 1) << stamp;
    EXPECT_EQ(FromProto(page->incidents[0].events(0).time()), T("2026-06-08T19:20:00Z")) << stamp;
  }
}

TEST(FeedProvider, ProbesTheFeedAndRecognisesOnlyFeeds) {
  FeedProvider p;
  EXPECT_EQ(p.detection().probe_url("https://status.example.net"), "https://status.example.net/history.rss");
  EXPECT_EQ(p.detection().probe_url("https://example.net/status.atom"), "https://example.net/status.atom");
  EXPECT_TRUE(p.detection().ProbeMatches({"u", 200, "", "<rss version=\"2.0\"><channel/></rss>"}));
  EXPECT_TRUE(p.detection().ProbeMatches({"u", 200, "", "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>"}));
  EXPECT_FALSE(p.detection().ProbeMatches({"u", 200, "", "<html></html>"}));
  EXPECT_FALSE(p.detection().ProbeMatches({"u", 404, "", "<rss/>"}));
  // Every Statuspage page serves a feed too: probed after every other platform.
  EXPECT_TRUE(p.detection().probe_is_last_resort);
}

TEST(ParseRfc822, CommonShapes) {
  EXPECT_EQ(*ParseRfc822("Wed, 01 Jan 2014 09:09:00 -0800"), T("2014-01-01T17:09:00Z"));
  EXPECT_EQ(*ParseRfc822("Tue, 04 Mar 2025 10:30:00 GMT"), T("2025-03-04T10:30:00Z"));
  EXPECT_EQ(*ParseRfc822("Mon, 07 Sep 2026 06:52:00 Z"), T("2026-09-07T06:52:00Z"));
  EXPECT_FALSE(ParseRfc822("yesterday"));
}

}  // namespace
}  // namespace statusphere::providers
