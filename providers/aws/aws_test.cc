#include "providers/aws/aws.h"

#include <map>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

std::string ToUtf16Le(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

TEST(Aws, LegacyDataJsonCapture) {
  auto body = statusphere::testing::ReadSharedFixture("aws/aws-status-data-2022-07-03.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  Aws p;
  auto page = p.Parse("https://status.aws.amazon.com",
                      {{"events", {"https://status.aws.amazon.com/data.json", 200, "", *body}}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 86u);
  std::map<std::string, int> impacts;
  for (const auto& i : page->incidents) {
    ++impacts[i.impact()];
    EXPECT_TRUE(IsSet(i.end_time())) << i.id();  // every archived event is [RESOLVED]
    EXPECT_FALSE(absl::StartsWith(i.title(), "[RESOLVED]"));
  }
  EXPECT_EQ(impacts["minor"], 72);
  EXPECT_EQ(impacts["major"], 11);
  EXPECT_EQ(impacts["critical"], 3);
  const auto& first = page->incidents[0];
  EXPECT_EQ(first.id(), "internetconnectivity-us-east-2-1624564393");
  EXPECT_EQ(first.title(), "Internet Connectivity");
  ASSERT_EQ(first.components_size(), 1);
  EXPECT_EQ(first.components(0), "AWS Internet Connectivity (Ohio)");
  ASSERT_GE(first.events_size(), 1);
  // "12:53 PM PDT" on 2021-06-24 is 19:53 UTC.
  EXPECT_EQ(FromProto(first.events(0).time()), *ParseRfc3339("2021-06-24T19:53:00Z"));
  EXPECT_TRUE(absl::StartsWith(first.events(0).description(), "Between 12:15 PM and 12:21 PM PDT"));
}

TEST(Aws, CurrentEventsServedAsUtf16) {
  const std::string json =
      R"([{"arn":"arn:aws:health:us-east-1::event/EC2/X/1","date":"1750000000","region_name":"N. Virginia",
    "status":"2","service":"ec2-us-east-1","service_name":"Amazon EC2","summary":"Increased API error rates",
    "event_log":[{"summary":"Investigating","message":"We are investigating.","status":"2","timestamp":1750000000},
                 {"summary":"Update","message":"Recovering.","status":"1","timestamp":1750003600}]}])";
  Aws p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://health.aws.amazon.com/health/status"));
  EXPECT_EQ(
      UrlsOf(
          p.Fetches("https://health.aws.amazon.com/health/status", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
      "https://health.aws.amazon.com/public/currentevents");
  auto page = p.Parse("https://health.aws.amazon.com/health/status", {{"events", {"u", 200, "", ToUtf16Le(json)}}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& i = page->incidents[0];
  EXPECT_EQ(i.impact(), "major");
  EXPECT_EQ(i.components(0), "Amazon EC2 (N. Virginia)");
  EXPECT_EQ(i.events_size(), 2);
  EXPECT_FALSE(IsSet(i.end_time()));
}

TEST(Aws, Utf16DecodingHandlesSurrogatesAndPassesUtf8Through) {
  EXPECT_EQ(Utf16ToUtf8IfMarked("plain"), "plain");
  EXPECT_EQ(Utf16ToUtf8IfMarked(std::string("\xFF\xFE\x3D\xD8\x00\xDE", 6)), "\xF0\x9F\x98\x80");  // U+1F600
  EXPECT_EQ(Utf16ToUtf8IfMarked(std::string("\xFF\xFE\x00\xD8", 4)), "\xEF\xBF\xBD");              // lone surrogate
  EXPECT_EQ(Utf16ToUtf8IfMarked(std::string("\xFE\xFF\x00\x41", 4)), "A");                         // big endian
}

TEST(Aws, BadInputIsATypedError) {
  Aws p;
  for (const char* body : {"{}", "[{\"summary\":\"no arn\"}]", "[{\"arn\":\"a\",\"date\":\"0\"}]", "<html/>"}) {
    EXPECT_FALSE(p.Parse("https://health.aws.amazon.com", {{"events", {"u", 200, "", body}}}).ok()) << body;
  }
  EXPECT_TRUE(
      p.Parse("https://health.aws.amazon.com", {{"events", {"u", 200, "", ToUtf16Le("[]")}}})->incidents.empty());
}

// Found by fuzz/aws_fuzz: a float epoch out of int64's range was converted anyway
// (undefined behaviour); log entries with absurd times are skipped like undated ones.
TEST(Aws, HugeFloatEpochsAreRejectedNotConverted) {
  Aws p;
  EXPECT_FALSE(
      p.Parse("https://health.aws.amazon.com", {{"events", {"u", 200, "", R"([{"arn":"a","date":1e300}])"}}}).ok());
  auto page = p.Parse(
      "https://health.aws.amazon.com",
      {{"events",
        {"u", 200, "", R"([{"arn":"a","date":1.7e9,"event_log":[{"timestamp":-1e300},{"timestamp":1.7e9}]}])"}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->incidents[0].events_size(), 1);
}

}  // namespace
}  // namespace statusphere::providers
