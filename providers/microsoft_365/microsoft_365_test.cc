#include "providers/microsoft_365/microsoft_365.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://status.cloud.microsoft";

absl::Time T(const char* t) { return *ParseRfc3339(t); }

absl::StatusOr<ParsedPage> ParseBody(const std::string& body) {
  return Microsoft365().Parse(kPage, {{"feed", {"https://status.cloud.microsoft/api/feed/mac", 200, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return ParseBody(ReadRepoFile(std::string("providers/microsoft_365/testdata/") + name));
}

TEST(Microsoft365, KnownHostAndEndpoint) {
  Microsoft365 p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.cloud.microsoft"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://azure.status.microsoft"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://status.cloud.microsoft/api/feed/mac");
}

TEST(Microsoft365, TheStandingNoticeIsNoIncident) {
  for (const char* fixture : {"feed-available.xml", "feed-empty.xml"}) {
    absl::StatusOr<ParsedPage> page = ParseFixture(fixture);
    ASSERT_TRUE(page.ok()) << fixture << ": " << page.status();
    EXPECT_TRUE(page->incidents.empty()) << fixture;
    EXPECT_TRUE(page->lists_every_open_incident);
    ASSERT_EQ(page->components.size(), 1u);
    EXPECT_EQ(page->components[0].status(), "operational");
  }
  EXPECT_EQ(ParseFixture("feed-available.xml")->platform_indicator, "Available");
}

TEST(Microsoft365, DegradationIsAnOpenIncident) {
  absl::StatusOr<ParsedPage> page = ParseFixture("feed-degradation.xml");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& i = page->incidents[0];
  EXPECT_EQ(i.id(), "MO1187422");
  EXPECT_EQ(i.title(), "Users may be unable to access the Microsoft 365 admin center");
  EXPECT_EQ(i.status(), "investigating");
  EXPECT_EQ(i.impact(), "minor");
  EXPECT_EQ(FromProto(i.start_time()), T("2026-12-06T09:48:00Z"));
  EXPECT_FALSE(IsSet(i.end_time()));
  ASSERT_EQ(i.events_size(), 1);
  EXPECT_EQ(i.events(0).title(), "Service degradation");
  EXPECT_EQ(i.events(0).description(),
            "We're investigating reports that admins cannot load Service health. More information: status.");
  EXPECT_EQ(page->components[0].status(), "degraded_performance");
  EXPECT_EQ(page->platform_indicator, "ServiceDegradation");
}

TEST(Microsoft365, RestoredClosesTheSameIncident) {
  absl::StatusOr<ParsedPage> page = ParseFixture("feed-restored.xml");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& i = page->incidents[0];
  EXPECT_EQ(i.id(), "MO1187422");  // the degradation's guid: one incident
  EXPECT_EQ(i.status(), "resolved");
  EXPECT_EQ(FromProto(i.end_time()), T("2026-12-06T11:55:00Z"));
  EXPECT_EQ(i.events(0).title(), "Service restored");
  EXPECT_EQ(page->components[0].status(), "operational");
}

TEST(Microsoft365, UnmappedWordsAreNeverGreenAndBadInputIsTyped) {
  absl::StatusOr<ParsedPage> page = ParseBody(
      "<rss><channel><item><title>x</title><pubDate>Sun, 06 Dec 2026 09:48:00 "
      "Z</pubDate><status>Outage</status></item></channel></rss>");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_TRUE(page->incidents[0].id().rfind("item-", 0) == 0) << page->incidents[0].id();  // no guid: derived
  EXPECT_EQ(page->components[0].status(), "degraded_performance");
  for (const char* body :
       {"{}", "<feed/>", "<rss><channel><item><status>ServiceDegradation</status></item></channel></rss>",
        "<rss><channel><item><pubDate>soon</pubDate><status>ServiceDegradation</status></item></channel></rss>"}) {
    EXPECT_EQ(ParseBody(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

}  // namespace
}  // namespace statusphere::providers
