#include "providers/oracle_cloud/oracle_cloud.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://ocistatus.oraclecloud.com";

absl::Time T(const char* t) { return *ParseRfc3339(t); }

std::string Fixture(const std::string& name) { return ReadRepoFile("providers/oracle_cloud/testdata/" + name); }

absl::StatusOr<ParsedPage> Parse(const std::string& status, const std::string& feed) {
  return OracleCloud().Parse(
      kPage, {{"status", {"https://ocistatus.oraclecloud.com/api/v2/status.json", 200, "", status}},
              {"feed", {"https://ocistatus.oraclecloud.com/api/v2/incident-summary.rss", 200, "", feed}}});
}

TEST(OracleCloud, KnownHostAndEndpoints) {
  OracleCloud p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://ocistatus.oraclecloud.com"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.netsuite.com"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents),
            (std::vector<std::string>{"https://ocistatus.oraclecloud.com/api/v2/status.json",
                                      "https://ocistatus.oraclecloud.com/api/v2/incident-summary.rss"}));
}

TEST(OracleCloud, AllGood) {
  absl::StatusOr<ParsedPage> page = Parse(Fixture("status-none.json"), Fixture("incident-summary-empty.rss"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_EQ(page->platform_indicator, "none");
  ASSERT_EQ(page->components.size(), 1u);
  EXPECT_EQ(page->components[0].name(), "Oracle Cloud Infrastructure");
  EXPECT_EQ(page->components[0].status(), "operational");
}

TEST(OracleCloud, OpenIncidentWithItsUpdatesAndTheResolvedOne) {
  absl::StatusOr<ParsedPage> page = Parse(Fixture("status-minor.json"), Fixture("incident-summary-open.rss"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->lists_every_open_incident);
  EXPECT_EQ(page->components[0].status(), "degraded_performance");
  ASSERT_EQ(page->incidents.size(), 2u);
  const auto& open = page->incidents[0];
  EXPECT_EQ(open.id(), "ocid1.incident.oc1.iad.9034");
  EXPECT_EQ(open.title(), "Networking | US East (Ashburn)");
  EXPECT_EQ(open.status(), "identified");
  EXPECT_FALSE(IsSet(open.end_time()));
  ASSERT_EQ(open.events_size(), 2);
  EXPECT_EQ(FromProto(open.start_time()), T("2026-12-06T09:05:00Z"));
  const auto& resolved = page->incidents[1];
  EXPECT_EQ(resolved.status(), "resolved");
  EXPECT_EQ(resolved.events_size(), 3);
  EXPECT_EQ(FromProto(resolved.end_time()), T("2026-11-27T13:40:00Z"));
}

TEST(OracleCloud, MaintenanceAndResolvedHistory) {
  absl::StatusOr<ParsedPage> page =
      Parse(Fixture("status-maintenance.json"), Fixture("incident-summary-maintenance.rss"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components[0].status(), "under_maintenance");
  ASSERT_EQ(page->incidents.size(), 2u);
  EXPECT_EQ(page->incidents[0].impact(), "maintenance");
  EXPECT_EQ(page->incidents[0].status(), "in_progress");
  page = Parse(Fixture("status-none.json"), Fixture("incident-summary-resolved.rss"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_TRUE(IsSet(page->incidents[0].end_time()));
}

TEST(OracleCloud, BadInputIsATypedError) {
  const std::string feed = Fixture("incident-summary-empty.rss"), status = Fixture("status-none.json");
  EXPECT_EQ(Parse("{}", feed).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse("[1]", feed).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse(status, "{\"not\":\"xml\"}").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OracleCloud().Parse(kPage, {{"status", {"u", 503, "", ""}}}).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
