#include "providers/broadcom/broadcom.h"

#include <map>

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://status.broadcom.com";
constexpr char kUrl[] = "https://status.broadcom.com/api/v1/status";

absl::StatusOr<ParsedPage> Parse(const std::string& body, int http_status = 200) {
  return Broadcom().Parse(kPage, {{"status", {kUrl, http_status, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return Parse(ReadRepoFile(std::string("providers/broadcom/testdata/") + name));
}

std::map<std::string, std::string> StatusOf(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(Broadcom, KnownHostAndEndpoint) {
  Broadcom p;
  EXPECT_TRUE(p.detection().IsKnownHost(kPage));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.status.broadcom.com.example"));
  // A product's own page under the host is not the home page this reads.
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.broadcom.com/services/rally"));
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.broadcom.com/"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0], kUrl);
}

TEST(Broadcom, EachStateMapsToComponents) {
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("status-operational.json");
    ASSERT_TRUE(page.ok()) << "status-operational.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 1u);
    EXPECT_EQ(StatusOf(*page)["Broadcom"], "operational");
    EXPECT_EQ(page->platform_indicator, "operational");
  }
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("status-degraded.json");
    ASSERT_TRUE(page.ok()) << "status-degraded.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 1u);
    EXPECT_EQ(StatusOf(*page)["Broadcom"], "degraded_performance");
    EXPECT_EQ(page->platform_indicator, "degraded");
  }
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("status-maintenance.json");
    ASSERT_TRUE(page.ok()) << "status-maintenance.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 1u);
    EXPECT_EQ(StatusOf(*page)["Broadcom"], "under_maintenance");
    EXPECT_EQ(page->platform_indicator, "under-maintenance");
  }
}

TEST(Broadcom, BadInputIsATypedError) {
  for (const char* body :
       {R"({})", R"({"page":{"state_text":"x"}})", R"({"page":"operational"})", R"(<html></html>)"}) {
    EXPECT_EQ(Parse(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(Parse("", 503).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
