#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "providers/feed/feed_parser.h"
#include "providers/feed/feed_provider.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;

absl::Time T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

Document Feed(const std::string& body) {
  return {"https://status.example.net/history.rss", 200, "application/xml", body};
}

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
           {"<rss><channel><item><title>t</title><guid>g</guid><pubDate>someday</pubDate></item></channel></rss>",
            "no valid date"},
           {"<rss><channel><item><pubDate>Tue, 04 Mar 2025 10:30:00 GMT</pubDate></item></channel></rss>",
            "no guid, link, title or description"},
           {"<rss><channel><item><title>t</title></item></channel></rss>", "item 't' has no valid date"},
           {"<rss><channel><item><guid>g</guid><pubDate>Tue, 04 Mar 1970 10:30:00 GMT</pubDate></item></channel></rss>",
            "absurd"},
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
    auto page = ParseFeed(
        "https://status.example.net",
        Feed(absl::StrCat(
            R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id><title>API down</title>)",
            "<published>2026-06-08T19:20:00Z</published><content type=\"html\">&lt;p&gt;&lt;small&gt;", stamp,
            "&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - ok&lt;/p&gt;</content></entry></feed>")));
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->incidents[0].events_size(), 1) << stamp;
    EXPECT_EQ(FromProto(page->incidents[0].events(0).time()), T("2026-06-08T19:20:00Z")) << stamp;
  }
}

// LambStatus (its history.rss, written by the npm "feed" package) leaves <description> out and
// writes every update in content:encoded, stamped with the year ("May 14, 2018, 03:05 UTC").
TEST(Feed, LambStatusRssUpdatesFromContentEncoded) {
  auto page = ParseFeed("https://status.acme-cloud.test", Feed(ReadRepoFile("providers/feed/testdata/lambstatus.rss")));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 3u);

  const auto& maintenance = page->incidents[0];
  EXPECT_EQ(maintenance.id(), "https://status.acme-cloud.test/maintenances/Q2hV8mLp0sXa");
  EXPECT_EQ(maintenance.title(), "Database maintenance");
  EXPECT_EQ(maintenance.impact(), "maintenance");
  ASSERT_EQ(maintenance.events_size(), 3);
  EXPECT_EQ(maintenance.events(0).title(), "Completed");
  EXPECT_EQ(maintenance.events(0).status(), "completed");
  EXPECT_EQ(maintenance.events(1).title(), "In Progress");
  EXPECT_EQ(maintenance.events(1).status(), "in_progress");
  EXPECT_EQ(maintenance.events(1).description(),
            "We are moving the database to new hosts. Writes may pause for a few seconds.");
  EXPECT_EQ(maintenance.events(2).status(), "scheduled");
  EXPECT_EQ(maintenance.status(), "completed");
  EXPECT_EQ(FromProto(maintenance.start_time()), T("2018-05-14T20:00:00Z"));
  EXPECT_EQ(FromProto(maintenance.end_time()), T("2018-05-15T01:10:00Z"));

  const auto& outage = page->incidents[1];
  EXPECT_EQ(outage.id(), "7fKq2ZrT9bWc");  // the code from the link
  EXPECT_EQ(outage.deep_link(), "https://status.acme-cloud.test/incidents/7fKq2ZrT9bWc");
  ASSERT_EQ(outage.events_size(), 3);
  EXPECT_EQ(outage.events(0).title(), "Resolved");
  EXPECT_EQ(outage.events(0).description(), "Error rates are back to normal. We will publish a review.");
  EXPECT_EQ(FromProto(outage.events(0).time()), T("2018-05-14T03:05:00Z"));
  EXPECT_EQ(outage.events(2).description(), "Some API calls fail with 503. We are looking into it.");
  EXPECT_EQ(FromProto(outage.events(2).time()), T("2018-05-14T02:10:00Z"));
  EXPECT_EQ(outage.status(), "resolved");  // closed: the newest update says Resolved
  EXPECT_EQ(FromProto(outage.start_time()), T("2018-05-14T02:10:00Z"));
  EXPECT_EQ(FromProto(outage.end_time()), T("2018-05-14T03:05:00Z"));

  const auto& open = page->incidents[2];
  EXPECT_EQ(open.id(), "Mx3nD8sLk1Ve");
  EXPECT_EQ(open.events_size(), 2);
  EXPECT_EQ(open.status(), "identified");
  EXPECT_FALSE(IsSet(open.end_time()));
}

TEST(Feed, LambStatusAtomStampsWithTheYear) {
  auto page =
      ParseFeed("https://status.acme-cloud.test", Feed(ReadRepoFile("providers/feed/testdata/lambstatus.atom")));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& outage = page->incidents[0];
  EXPECT_EQ(outage.id(), "7fKq2ZrT9bWc");
  ASSERT_EQ(outage.events_size(), 3);
  EXPECT_EQ(outage.events(1).title(), "Monitoring");
  EXPECT_EQ(outage.events(1).status(), "monitoring");
  EXPECT_EQ(FromProto(outage.events(1).time()), T("2018-05-14T02:41:00Z"));
  EXPECT_EQ(outage.status(), "resolved");
  EXPECT_EQ(FromProto(outage.end_time()), T("2018-05-14T03:05:00Z"));
}

// A blog-style generator: a teaser in <description>, the whole text in content:encoded (here
// bound to another prefix, and written as two CDATA sections).
TEST(Feed, TheRichestBodyIsRead) {
  auto page =
      ParseFeed("https://status.example-hosting.test", Feed(ReadRepoFile("providers/feed/testdata/blog_style.rss")));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& mail = page->incidents[0];
  EXPECT_EQ(mail.id(), "https://status.example-hosting.test/?p=812");
  ASSERT_EQ(mail.events_size(), 1);
  EXPECT_EQ(mail.events(0).description(),
            "Outgoing mail is queued for up to 40 minutes.\nUpdate 10:05: the queue is draining.\n"
            "The incident is resolved; all queued mail was delivered.");
  EXPECT_EQ(FromProto(mail.events(0).time()), T("2025-03-04T09:15:00Z"));

  // Atom's content as XHTML elements, preferred to its summary.
  auto atom = ParseFeed("https://status.example-cdn.test", Feed(ReadRepoFile("providers/feed/testdata/xhtml.atom")));
  ASSERT_TRUE(atom.ok()) << atom.status();
  ASSERT_EQ(atom->incidents.size(), 1u);
  EXPECT_EQ(atom->incidents[0].id(), "urn:uuid:4c1a9e22-8f0b-4d7e-a3c5-61b2d0f4e987");
  EXPECT_EQ(atom->incidents[0].events(0).description(),
            "Purge requests take up to 15 minutes to apply.\nWe are investigating.");

  // Only an empty content:encoded falls back to the description.
  auto empty = ParseFeed("https://x", Feed(R"(<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
      <item><guid>a</guid><title>API slow</title><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>
      <description>Requests take seconds.</description><content:encoded><![CDATA[ ]]></content:encoded></item>
      </channel></rss>)"));
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->incidents[0].events(0).description(), "Requests take seconds.");
}

// RSS 2.0 items may be a title, a date and a description: each gets an id from its date and
// title, the same on every scrape, kept when its text is edited.
TEST(Feed, ItemsWithoutGuidOrLinkGetStableDistinctIds) {
  const std::string body = ReadRepoFile("providers/feed/testdata/no_guid.rss");
  auto page = ParseFeed("https://status.example-pay.test", Feed(body));
  ASSERT_TRUE(page.ok()) << page.status();
  // Five items: two alike in everything (one with the feed's own link, which names no item)
  // are one incident with one update.
  ASSERT_EQ(page->incidents.size(), 4u);
  std::set<std::string> ids;
  for (const auto& i : page->incidents) {
    EXPECT_TRUE(absl::StartsWith(i.id(), "item-")) << i.id();
    EXPECT_EQ(i.id().size(), 21u) << i.id();
    ids.insert(i.id());
  }
  EXPECT_EQ(ids.size(), 4u);
  EXPECT_EQ(page->incidents[0].title(), "Checkout - Major Outage");
  EXPECT_EQ(page->incidents[0].impact(), "major");
  EXPECT_EQ(FromProto(page->incidents[0].start_time()), T("2025-03-05T07:00:00Z"));
  EXPECT_EQ(page->incidents[1].title(), "Refunds - Operational");
  const auto& repeated = page->incidents[2];
  EXPECT_EQ(repeated.title(), "Checkout - Operational");
  EXPECT_EQ(repeated.events_size(), 1);
  EXPECT_EQ(repeated.events(0).description(), "Checkout is Operational");
  EXPECT_EQ(page->incidents[3].title(), "");  // no title: its text tells it apart
  EXPECT_EQ(page->incidents[3].events(0).description(), "Planned network work tonight.");

  // The next scrape: the same ids. The date written in another zone: the same ids.
  auto again = ParseFeed("https://status.example-pay.test", Feed(body));
  ASSERT_TRUE(again.ok());
  for (size_t n = 0; n < 4; ++n) EXPECT_EQ(again->incidents[n].id(), page->incidents[n].id());
  std::string edited = body;
  edited.replace(edited.find("Checkout is in Major Outage"), 27, "Checkout fails for card payments");
  edited.replace(edited.find("Wed, 05 Mar 2025 08:00:00 +0100"), 31, "Wed, 05 Mar 2025 07:00:00 GMT");
  auto after_edit = ParseFeed("https://status.example-pay.test", Feed(edited));
  ASSERT_TRUE(after_edit.ok()) << after_edit.status();
  EXPECT_EQ(after_edit->incidents[0].id(), page->incidents[0].id());  // an edited body: the same incident
  EXPECT_EQ(after_edit->incidents[0].events(0).description(), "Checkout fails for card payments");
}

// Site24x7 StatusIQ feeds: one item per component state, most without guid or link.
TEST(Feed, StatusIqCapturesWithItemsWithoutGuid) {
  auto trustid = ReadSharedFixture("site24x7-statusiq/status.trustid.ch-rss-six-components-2025-03-05.xml");
  auto inriver = ReadSharedFixture("site24x7-statusiq/inriver-statusiq-rss-50-components-2025-02-24.xml");
  auto empty = ReadSharedFixture("site24x7-statusiq/status.trustid.ch-rss-no-items-2025-03-05.xml");
  if (!trustid || !inriver || !empty) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto six = ParseFeed("https://status.trustid.ch", Feed(*trustid));
  ASSERT_TRUE(six.ok()) << six.status();
  ASSERT_EQ(six->incidents.size(), 6u);
  EXPECT_EQ(six->incidents[0].title(), "AutoIdent - Operational");
  EXPECT_TRUE(absl::StartsWith(six->incidents[0].id(), "item-"));
  EXPECT_EQ(six->incidents[0].events(0).description(), "AutoIdent is Operational");
  EXPECT_EQ(FromProto(six->incidents[0].start_time()), T("2025-03-05T07:00:00Z"));
  EXPECT_EQ(six->incidents[1].id(),
            "https://status.trustid.ch#/components/cYrN2XOAauybsbFs4g_od1WODDd97CHDL7VyE9fBeC4QXevqqgSUSWG_DKbEYLEF");
  EXPECT_EQ(six->incidents[5].title(), "VideoIdent - Operational");
  EXPECT_NE(six->incidents[5].id(), six->incidents[0].id());  // same date, another component

  // 50 items, ten of them repeated word for word (same component, state and date): 40.
  auto fifty = ParseFeed("https://status.inriver.com", Feed(*inriver));
  ASSERT_TRUE(fifty.ok()) << fifty.status();
  ASSERT_EQ(fifty->incidents.size(), 40u);
  int updates = 0;
  for (const auto& i : fifty->incidents) updates += i.events_size();
  EXPECT_EQ(updates, 40);
  EXPECT_EQ(fifty->incidents[0].title(), "Asset API - Informational");
  EXPECT_EQ(FromProto(fifty->incidents[0].start_time()), T("2024-11-06T14:03:23Z"));

  auto none = ParseFeed("https://status.trustid.ch", Feed(*empty));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->incidents.empty());
}

// gumbo's time grows with nesting depth times size: an item nesting 20,000 elements is
// refused before gumbo sees it, naming the item.
TEST(Feed, HostileNestingInAnItemIsAClearError) {
  std::string nested;
  for (int i = 0; i < 20000; ++i) nested += "&lt;div&gt;";
  auto page = ParseFeed("https://x", Feed(absl::StrCat("<rss><channel><item><guid>deep</guid><title>t</title>",
                                                       "<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><description>",
                                                       nested, "</description></item></channel></rss>")));
  ASSERT_FALSE(page.ok());
  EXPECT_TRUE(
      absl::StrContains(page.status().message(), "item 'deep': HTML of 100000 bytes nests elements deeper than 1024"))
      << page.status();
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
