#include "providers/common/counted_services.h"

#include "gtest/gtest.h"
#include "providers/common/host.h"

namespace statusphere::providers {
namespace {

std::string StatusOf(ServiceCounts counts) { return CountedServicesPage("s", "S", counts, "").components[0].status(); }

TEST(CountedServices, ThePageIsAsBadAsItsWorstService) {
  EXPECT_EQ(StatusOf({.up = 3}), "operational");
  EXPECT_EQ(StatusOf({.up = 3, .affected = 1}), "degraded_performance");
  EXPECT_EQ(StatusOf({.up = 3, .affected = 1, .down = 1}), "partial_outage");
  EXPECT_EQ(StatusOf({.down = 2}), "major_outage");
  // A service in a state nobody names keeps one down from being the whole page.
  EXPECT_EQ(StatusOf({.down = 2, .other = 1}), "partial_outage");
  EXPECT_EQ(StatusOf({.other = 4}), "unknown");
  EXPECT_EQ(StatusOf({}), "unknown");
  const ParsedPage page = CountedServicesPage("services", "Services", {.up = 1}, "1 up");
  ASSERT_EQ(page.components.size(), 1u);
  EXPECT_EQ(page.components[0].id(), "services");
  EXPECT_EQ(page.components[0].name(), "Services");
  EXPECT_EQ(page.platform_indicator, "1 up");
  EXPECT_TRUE(page.incidents.empty());
  EXPECT_TRUE(page.lists_every_open_incident);
}

TEST(Host, LoopbackPagesAreThisMachinesOnly) {
  for (const char* page :
       {"http://127.0.0.1:8123/hp", "http://127.0.0.1", "http://localhost:8123", "http://127.1.2.3/x"}) {
    EXPECT_TRUE(IsLoopback(page)) << page;
  }
  for (const char* page : {"https://nordwind.hyperping.app", "https://127.0.0.1.example.com",
                           "https://localhost.example", "https://status.example.com/127.0.0.1"}) {
    EXPECT_FALSE(IsLoopback(page)) << page;
  }
}

}  // namespace
}  // namespace statusphere::providers
