#include "providers/paypal/paypal.h"

#include <map>

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://www.paypal-status.com";
constexpr char kUrl[] = "https://www.paypal-status.com/api/v1/components";

absl::StatusOr<ParsedPage> Parse(const std::string& body, int http_status = 200) {
  return PayPal().Parse(kPage, {{"components", {kUrl, http_status, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return Parse(ReadRepoFile(std::string("providers/paypal/testdata/") + name));
}

std::map<std::string, std::string> StatusOf(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(PayPal, KnownHostAndEndpoint) {
  PayPal p;
  EXPECT_TRUE(p.detection().IsKnownHost(kPage));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.www.paypal-status.com.example"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0], kUrl);
}

TEST(PayPal, EachStateMapsToComponents) {
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("components-operational.json");
    ASSERT_TRUE(page.ok()) << "components-operational.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 4u);
    EXPECT_EQ(StatusOf(*page)["PayPal products"], "operational");
    EXPECT_EQ(StatusOf(*page)["PayPal APIs"], "operational");
    EXPECT_EQ(StatusOf(*page)["PayPal products (sandbox)"], "operational");
    EXPECT_EQ(StatusOf(*page)["PayPal APIs (sandbox)"], "operational");
    EXPECT_TRUE(page->platform_indicator.empty());
  }
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("components-disruption.json");
    ASSERT_TRUE(page.ok()) << "components-disruption.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 4u);
    EXPECT_EQ(StatusOf(*page)["PayPal products"], "partial_outage");
    EXPECT_EQ(StatusOf(*page)["PayPal APIs"], "major_outage");
    EXPECT_EQ(StatusOf(*page)["PayPal products (sandbox)"], "under_maintenance");
    EXPECT_EQ(StatusOf(*page)["PayPal APIs (sandbox)"], "operational");
    EXPECT_TRUE(page->platform_indicator.empty());
  }
  {
    absl::StatusOr<ParsedPage> page = ParseFixture("components-maintenance.json");
    ASSERT_TRUE(page.ok()) << "components-maintenance.json: " << page.status();
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_EQ(page->components.size(), 4u);
    EXPECT_EQ(StatusOf(*page)["PayPal products"], "under_maintenance");
    EXPECT_EQ(StatusOf(*page)["PayPal APIs"], "operational");
    EXPECT_EQ(StatusOf(*page)["PayPal products (sandbox)"], "operational");
    EXPECT_EQ(StatusOf(*page)["PayPal APIs (sandbox)"], "operational");
    EXPECT_TRUE(page->platform_indicator.empty());
  }
}

TEST(PayPal, BadInputIsATypedError) {
  for (const char* body : {R"({})", R"({"result":{}})", R"([])", R"(<html></html>)"}) {
    EXPECT_EQ(Parse(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(Parse("", 503).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
