#include "providers/oracle_netsuite/oracle_netsuite.h"

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://status.netsuite.com";

absl::StatusOr<ParsedPage> Parse(const std::string& body, int http_status = 200) {
  return OracleNetSuite().Parse(
      kPage, {{"status", {"https://status.netsuite.com/api/v2/status.json", http_status, "", body}}});
}

TEST(OracleNetSuite, KnownHostAndEndpoint) {
  OracleNetSuite p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.netsuite.com"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://ocistatus.oraclecloud.com"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://status.netsuite.com/api/v2/status.json");
}

TEST(OracleNetSuite, EachIndicatorIsTheComponentsStatus) {
  const std::pair<const char*, const char*> cases[] = {
      {"none", "operational"}, {"major", "partial_outage"}, {"maintenance", "under_maintenance"}};
  for (const auto& [indicator, status] : cases) {
    absl::StatusOr<ParsedPage> page =
        Parse(ReadRepoFile(std::string("providers/oracle_netsuite/testdata/status-") + indicator + ".json"));
    ASSERT_TRUE(page.ok()) << indicator << ": " << page.status();
    EXPECT_EQ(page->platform_indicator, indicator);
    ASSERT_EQ(page->components.size(), 1u);
    EXPECT_EQ(page->components[0].name(), "NetSuite");
    EXPECT_EQ(page->components[0].status(), status) << indicator;
    EXPECT_TRUE(page->incidents.empty());
  }
}

TEST(OracleNetSuite, BadInputIsATypedError) {
  for (const char* body : {"{}", "{\"status\":\"none\"}", "[]", "<html/>"}) {
    EXPECT_EQ(Parse(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(Parse("", 404).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Parse(R"({"status":{"indicator":"elevated"}})")->components[0].status(), "unknown");
}

}  // namespace
}  // namespace statusphere::providers
