#include "providers/google_cloud/google_cloud.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadSharedFixture;

TEST(GoogleCloud, Capture2022) {
  auto body = ReadSharedFixture("google-cloud/gcp-incidents-2022-07-03.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  GoogleCloud p;
  ASSERT_TRUE(p.detection().IsKnownHost("https://status.cloud.google.com"));
  auto page = p.Parse("https://status.cloud.google.com",
                      {{"incidents", {"https://status.cloud.google.com/incidents.json", 200, "", *body}}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 157u);
  int critical = 0, major = 0, minor = 0, open = 0;
  for (const auto& i : page->incidents) {
    critical += i.impact() == "critical";
    major += i.impact() == "major";
    minor += i.impact() == "minor";
    open += !IsSet(i.end_time());
  }
  EXPECT_EQ(critical, 20);
  EXPECT_EQ(major, 118);
  EXPECT_EQ(minor, 19);
  EXPECT_EQ(open, 0);
  const auto& first = page->incidents[0];
  EXPECT_EQ(first.id(), "TaA75H7XA1DQyM2ReK2f");
  EXPECT_EQ(first.title(), "[Google BigQuery] Lower throughput from the Read API");
  EXPECT_EQ(first.deep_link(), "https://status.cloud.google.com/incidents/TaA75H7XA1DQyM2ReK2f");
  EXPECT_EQ(FromProto(first.start_time()), *ParseRfc3339("2022-07-01T13:37:44Z"));
  EXPECT_EQ(FromProto(first.end_time()), *ParseRfc3339("2022-07-01T19:25:45Z"));
  ASSERT_EQ(first.components_size(), 1);
  EXPECT_EQ(first.components(0), "Google BigQuery");
  ASSERT_EQ(first.events_size(), 5);
  EXPECT_EQ(first.events(0).title(), "Resolved");
  EXPECT_TRUE(absl::StartsWith(first.events(0).description(), "The issue with Google BigQuery has been resolved"));
}

TEST(GoogleCloud, BadInputIsATypedError) {
  GoogleCloud p;
  for (const char* body : {"{\"incidents\":[]}", "[{\"external_desc\":\"no id\"}]", "[{\"id\":\"a\"}]",
                           "[{\"id\":\"a\",\"begin\":\"1900-01-01T00:00:00Z\"}]", "[1,2", "<html/>"}) {
    EXPECT_FALSE(p.Parse("https://status.cloud.google.com", {{"incidents", {"u", 200, "", body}}}).ok()) << body;
  }
  EXPECT_TRUE(p.Parse("https://status.cloud.google.com", {{"incidents", {"u", 200, "", "[]"}}})->incidents.empty());
}

// The server rejects a report naming an incident twice: the parser says so first.
TEST(GoogleCloud, AnIncidentListedTwiceIsATypedError) {
  GoogleCloud p;
  const char* incident = R"({"id":"a","begin":"2026-01-01T00:00:00Z"})";
  auto page = p.Parse("https://status.cloud.google.com",
                      {{"incidents", {"u", 200, "", absl::StrCat("[", incident, ",", incident, "]")}}});
  ASSERT_FALSE(page.ok());
  EXPECT_NE(page.status().message().find("'a' is listed twice"), std::string::npos) << page.status();
}

}  // namespace
}  // namespace statusphere::providers
