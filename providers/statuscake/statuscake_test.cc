#include "providers/statuscake/statuscake.h"

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://uptime.statuscake.com/?TestID=Nw3xAmpl3Q";

absl::StatusOr<ParsedPage> ParseBody(const std::string& body) {
  return StatusCake().Parse(
      kPage, {{"report",
               {"https://app.statuscake.com/Workfloor/PublicReportHandler.php?PublicID=Nw3xAmpl3Q", 200, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return ParseBody(ReadRepoFile(std::string("providers/statuscake/testdata/") + name));
}

TEST(StatusCake, APagesPublicIdAndItsReport) {
  StatusCake p;
  EXPECT_EQ(StatusCake::PublicId(kPage), "Nw3xAmpl3Q");
  EXPECT_EQ(StatusCake::PublicId("https://uptime.statuscake.com?lang=en&TestID=abc123"), "abc123");
  EXPECT_EQ(StatusCake::PublicId("https://status.mailchimp.com"), "58JncZazfp");
  for (const char* page : {"https://uptime.statuscake.com",
                           "https://uptime.statuscake.com/?TestID=", "https://uptime.statuscake.com/?TestID=a%26b",
                           "https://status.mailchimp.com/history", "https://status.example.com/?TestID=abc123"}) {
    EXPECT_EQ(StatusCake::PublicId(page), "") << page;
    EXPECT_FALSE(p.detection().IsKnownHost(page)) << page;
  }
  EXPECT_TRUE(p.detection().IsKnownHost(kPage));
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.mailchimp.com"));
  EXPECT_EQ(UrlsOf(p.Fetches("https://status.mailchimp.com", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://app.statuscake.com/Workfloor/PublicReportHandler.php?PublicID=58JncZazfp");
}

// A copy of a report page on this machine (the end-to-end test's) serves the report's path
// itself, and is never taken for a StatusCake page by detection.
TEST(StatusCake, APageOnThisMachineReadsItsReportRelativeToItself) {
  StatusCake p;
  EXPECT_EQ(
      UrlsOf(
          p.Fetches("http://127.0.0.1:8123/sc?TestID=Nw3xAmpl3Q", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
      "http://127.0.0.1:8123/sc/Workfloor/PublicReportHandler.php?PublicID=Nw3xAmpl3Q");
  EXPECT_EQ(UrlsOf(p.Fetches("http://localhost:8123/?TestID=abc", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "http://localhost:8123/Workfloor/PublicReportHandler.php?PublicID=abc");
  EXPECT_FALSE(p.detection().IsKnownHost("http://127.0.0.1:8123/sc?TestID=Nw3xAmpl3Q"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://app.statuscake.com/Workfloor/PublicReportHandler.php?PublicID=Nw3xAmpl3Q");
}

TEST(StatusCake, TheTestsAreOneComponentAndTheIndicator) {
  const std::pair<const char*, const char*> cases[] = {
      {"report-up.json", "operational"},
      {"report-one-down.json", "partial_outage"},
      {"report-all-down.json", "major_outage"},
      {"report-empty.json", "unknown"},
  };
  for (const auto& [fixture, status] : cases) {
    absl::StatusOr<ParsedPage> page = ParseFixture(fixture);
    ASSERT_TRUE(page.ok()) << fixture << ": " << page.status();
    ASSERT_EQ(page->components.size(), 1u) << fixture;
    EXPECT_EQ(page->components[0].status(), status) << fixture;
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
  }
  EXPECT_EQ(ParseFixture("report-one-down.json")->platform_indicator, "2 up, 1 down");
  // A word stts does not read (a paused test) says nothing, and keeps one down from being all.
  absl::StatusOr<ParsedPage> paused = ParseBody(R"({"TestData":[{"Status":"Paused"},{"Status":"Down"}]})");
  ASSERT_TRUE(paused.ok()) << paused.status();
  EXPECT_EQ(paused->components[0].status(), "partial_outage");
  EXPECT_EQ(ParseBody(R"({"TestData":[{"Status":"Paused"}]})")->components[0].status(), "unknown");
}

TEST(StatusCake, BadInputIsATypedError) {
  for (const char* body : {"{}", "[]", "<html></html>", R"({"TestData":{}})", R"({"TestData":["Up"]})"}) {
    EXPECT_EQ(ParseBody(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(StatusCake().Parse(kPage, {{"report", {"u", 503, "", ""}}}).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
