#include "providers/algolia/algolia.h"

#include <map>

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://status.algolia.com";
constexpr char kUrl[] = "https://status.algolia.com/2/status/service/all/period/current";

absl::StatusOr<ParsedPage> Parse(const std::string& body, int http_status = 200) {
  return Algolia().Parse(kPage, {{"status", {kUrl, http_status, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return Parse(ReadRepoFile(std::string("providers/algolia/testdata/") + name));
}

std::map<std::string, std::string> StatusOf(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(Algolia, KnownHostAndEndpoint) {
  Algolia p;
  EXPECT_TRUE(p.detection().IsKnownHost(kPage));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.status.algolia.com.example"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0], kUrl);
}

TEST(Algolia, EachStateMapsToComponents) {
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("current-operational.json");
    ASSERT_TRUE(page.ok()) << "current-operational.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 1u);
    EXPECT_EQ(StatusOf(*page)["Algolia"], "operational");
    EXPECT_EQ(page->platform_indicator, "operational");
  }
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("current-degraded.json");
    ASSERT_TRUE(page.ok()) << "current-degraded.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 1u);
    EXPECT_EQ(StatusOf(*page)["Algolia"], "degraded_performance");
    EXPECT_EQ(page->platform_indicator, "degraded_performance");
  }
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("current-major-outage.json");
    ASSERT_TRUE(page.ok()) << "current-major-outage.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 1u);
    EXPECT_EQ(StatusOf(*page)["Algolia"], "major_outage");
    EXPECT_EQ(page->platform_indicator, "major_outage");
  }
}

TEST(Algolia, BadInputIsATypedError) {
  for (const char* body : {R"({})", R"({"global":{}})", R"([])", R"(<html></html>)"}) {
    EXPECT_EQ(Parse(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(Parse("", 503).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
