#include "providers/signalwire/signalwire.h"

#include <map>

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://status.signalwire.com";
constexpr char kUrl[] = "https://status.signalwire.com/api/components";

absl::StatusOr<ParsedPage> Parse(const std::string& body, int http_status = 200) {
  return SignalWire().Parse(kPage, {{"components", {kUrl, http_status, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return Parse(ReadRepoFile(std::string("providers/signalwire/testdata/") + name));
}

std::map<std::string, std::string> StatusOf(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(SignalWire, KnownHostAndEndpoint) {
  SignalWire p;
  EXPECT_TRUE(p.detection().IsKnownHost(kPage));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.status.signalwire.com.example"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0], kUrl);
}

TEST(SignalWire, EachStateMapsToComponents) {
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("components-operational.json");
    ASSERT_TRUE(page.ok()) << "components-operational.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 4u);
    EXPECT_EQ(StatusOf(*page)["Voice"], "operational");
    EXPECT_EQ(StatusOf(*page)["Messaging"], "operational");
    EXPECT_EQ(StatusOf(*page)["Video"], "operational");
    EXPECT_EQ(StatusOf(*page)["Dashboard"], "operational");
    EXPECT_TRUE(page->platform_indicator.empty());
  }
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("components-outage.json");
    ASSERT_TRUE(page.ok()) << "components-outage.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 4u);
    EXPECT_EQ(StatusOf(*page)["Voice"], "major_outage");
    EXPECT_EQ(StatusOf(*page)["Messaging"], "degraded_performance");
    EXPECT_EQ(StatusOf(*page)["Video"], "under_maintenance");
    EXPECT_EQ(StatusOf(*page)["Dashboard"], "partial_outage");
    EXPECT_TRUE(page->platform_indicator.empty());
  }
}

TEST(SignalWire, BadInputIsATypedError) {
  for (const char* body : {R"({})", R"([{"status":"Operational"}])", R"(<html></html>)"}) {
    EXPECT_EQ(Parse(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(Parse("", 503).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
