#include "providers/stripe/stripe.h"

#include "gtest/gtest.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return Stripe().Parse("https://status.stripe.com",
                        {{"current",
                          {"https://status.stripe.com/current/full", 200, "",
                           ReadRepoFile(std::string("providers/stripe/testdata/") + name)}}});
}

TEST(Stripe, KnownHostAndEndpoint) {
  Stripe p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.stripe.com"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.stripe.example"));
  EXPECT_EQ(UrlsOf(p.Fetches("https://status.stripe.com", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://status.stripe.com/current/full");
}

TEST(Stripe, EachStateIsTheComponentsStatusAndTheIndicator) {
  const std::pair<const char*, const char*> cases[] = {
      {"current-full-up.json", "operational"},
      {"current-full-degraded.json", "degraded_performance"},
      {"current-full-down.json", "major_outage"},
      {"current-full-paused.json", "under_maintenance"},
  };
  for (const auto& [fixture, status] : cases) {
    absl::StatusOr<ParsedPage> page = ParseFixture(fixture);
    ASSERT_TRUE(page.ok()) << fixture << ": " << page.status();
    ASSERT_EQ(page->components.size(), 1u) << fixture;
    EXPECT_EQ(page->components[0].name(), "Stripe");
    EXPECT_EQ(page->components[0].status(), status) << fixture;
    EXPECT_TRUE(page->incidents.empty());
    EXPECT_TRUE(page->lists_every_open_incident);
  }
  EXPECT_EQ(ParseFixture("current-full-down.json")->platform_indicator, "down");
}

TEST(Stripe, BadInputIsATypedError) {
  Stripe p;
  for (const char* body : {"{\"message\":\"no state\"}", "[]", "<html></html>", "{\"UptimeStatus\":3}"}) {
    absl::StatusOr<ParsedPage> page = p.Parse("https://status.stripe.com", {{"current", {"u", 200, "", body}}});
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(p.Parse("https://status.stripe.com", {{"current", {"u", 503, "", ""}}}).status().code(),
            absl::StatusCode::kUnavailable);
  // An unknown word is kept as the indicator and read as an unknown component state.
  absl::StatusOr<ParsedPage> page =
      p.Parse("https://status.stripe.com", {{"current", {"u", 200, "", "{\"UptimeStatus\":\"busy\"}"}}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->components[0].status(), "unknown");
}

}  // namespace
}  // namespace statusphere::providers
