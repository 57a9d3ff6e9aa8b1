#include "providers/statushub/statushub.h"

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

absl::StatusOr<ParsedPage> ParseBody(const std::string& body) {
  return StatusHub().Parse("https://nordwind.statushub.io",
                           {{"statuses", {"https://nordwind.statushub.io/api/statuses", 200, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return ParseBody(ReadRepoFile(std::string("providers/statushub/testdata/") + name));
}

TEST(StatusHub, KnownHostsAndEndpoint) {
  StatusHub p;
  for (const char* page : {"https://nordwind.statushub.io", "https://wpenginestatus.com", "https://status.cloud.com"}) {
    EXPECT_TRUE(p.detection().IsKnownHost(page)) << page;
  }
  for (const char* page :
       {"https://app.statushub.io", "https://company.app.statushub.io", "https://app-eu1.statushub.io",
        "https://www.statushub.io", "https://statushub.io", "https://status.cloud.com/citrix",
        "https://nordwind.statushub.io.example", "https://status.example.com"}) {
    EXPECT_FALSE(p.detection().IsKnownHost(page)) << page;
  }
  EXPECT_EQ(UrlsOf(p.Fetches("https://wpenginestatus.com", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://wpenginestatus.com/api/statuses");
}

TEST(StatusHub, TheCountersAreOneComponentAndTheIndicator) {
  const std::pair<const char*, const char*> cases[] = {
      {"statuses-operational.json", "operational"},
      {"statuses-affected.json", "degraded_performance"},
      {"statuses-down.json", "partial_outage"},
      {"statuses-all-down.json", "major_outage"},
  };
  for (const auto& [fixture, status] : cases) {
    absl::StatusOr<ParsedPage> page = ParseFixture(fixture);
    ASSERT_TRUE(page.ok()) << fixture << ": " << page.status();
    ASSERT_EQ(page->components.size(), 1u) << fixture;
    EXPECT_EQ(page->components[0].id(), "services");
    EXPECT_EQ(page->components[0].status(), status) << fixture;
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
  }
  EXPECT_EQ(ParseFixture("statuses-down.json")->platform_indicator, "11 up, 1 affected, 2 down");
  // A hub counting no service says nothing about its state.
  absl::StatusOr<ParsedPage> empty =
      ParseBody(R"({"counters":{"count_status_1":0,"count_status_2":0,"count_status_3":0}})");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->components[0].status(), "unknown");
}

TEST(StatusHub, BadInputIsATypedError) {
  for (const char* body :
       {"{}", "[]", "<html></html>", R"({"counters":[]})", R"({"counters":{"count_status_1":1,"count_status_2":0}})",
        R"({"counters":{"count_status_1":"1","count_status_2":0,"count_status_3":0}})",
        R"({"counters":{"count_status_1":-1,"count_status_2":0,"count_status_3":0}})",
        R"({"counters":{"count_status_1":1.5,"count_status_2":0,"count_status_3":0}})"}) {
    absl::StatusOr<ParsedPage> page = ParseBody(body);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  absl::StatusOr<ParsedPage> missing = ParseBody(R"({"counters":{"count_status_1":1,"count_status_2":0}})");
  EXPECT_NE(missing.status().message().find("count_status_3"), std::string::npos) << missing.status();
  EXPECT_EQ(StatusHub().Parse("https://nordwind.statushub.io", {{"statuses", {"u", 503, "", ""}}}).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
