#include "providers/apple/apple.h"

#include <map>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://www.apple.com/support/systemstatus";

absl::Time T(const char* t) { return *ParseRfc3339(t); }

absl::StatusOr<ParsedPage> Parse(const std::string& body) {
  return Apple().Parse(
      kPage, {{"status", {"https://www.apple.com/support/systemstatus/data/system_status_en_US.js", 200, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return Parse(ReadRepoFile(std::string("providers/apple/testdata/") + name));
}

std::map<std::string, std::string> StatusOf(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(Apple, KnownHostsAndEndpoints) {
  Apple p;
  EXPECT_TRUE(p.detection().IsKnownHost(kPage));
  EXPECT_TRUE(p.detection().IsKnownHost("https://developer.apple.com/system-status"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://www.apple.com/iphone"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://www.apple.com/support/systemstatus/data/system_status_en_US.js");
  EXPECT_EQ(
      UrlsOf(p.Fetches("https://developer.apple.com/system-status", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
      "https://www.apple.com/support/systemstatus/data/developer/system_status_en_US.js");
}

TEST(Apple, AllGoodIsEveryServiceOperational) {
  absl::StatusOr<ParsedPage> page = ParseFixture("system_status-all-good.js");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
  ASSERT_EQ(page->components.size(), 5u);
  for (const auto& [name, s] : StatusOf(*page)) EXPECT_EQ(s, "operational") << name;
}

TEST(Apple, OneEventUnderTwoServicesIsOneIncident) {
  absl::StatusOr<ParsedPage> page = ParseFixture("system_status-outage.js");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 2u);
  const auto& wallet = page->incidents[0];  // services in the document's order
  EXPECT_EQ(wallet.id(), "1500011111");
  EXPECT_EQ(wallet.status(), "resolved");
  EXPECT_EQ(FromProto(wallet.end_time()), T("2026-12-04T18:12:00Z"));
  const auto& mail = page->incidents[1];
  EXPECT_EQ(mail.id(), "1500012345");
  EXPECT_EQ(mail.title(), "Users may be unable to send or receive iCloud Mail.");
  EXPECT_EQ(mail.impact(), "major");
  EXPECT_EQ(mail.status(), "investigating");
  EXPECT_EQ(FromProto(mail.start_time()), T("2026-12-06T07:40:00Z"));  // epoch milliseconds
  EXPECT_FALSE(IsSet(mail.end_time()));
  ASSERT_EQ(mail.components_size(), 2);
  EXPECT_EQ(mail.components(1), "iCloud Drive");
  EXPECT_EQ(mail.description(), "Affected: iCloud Mail, iCloud Drive");
  ASSERT_EQ(mail.events_size(), 1);
  EXPECT_EQ(mail.events(0).description(),
            "Users may be unable to send or receive iCloud Mail.\nSome users are affected");
  auto status = StatusOf(*page);
  EXPECT_EQ(status["iCloud Mail"], "major_outage");
  EXPECT_EQ(status["iCloud Drive"], "major_outage");
  EXPECT_EQ(status["Apple Pay & Wallet"], "operational");
}

TEST(Apple, MaintenanceOngoingAndUpcoming) {
  absl::StatusOr<ParsedPage> page = ParseFixture("system_status-maintenance.js");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 2u);
  EXPECT_EQ(page->incidents[0].impact(), "maintenance");
  EXPECT_EQ(page->incidents[0].status(), "in_progress");
  EXPECT_EQ(FromProto(page->incidents[0].scheduled_end_time()), T("2026-12-07T01:00:00Z"));
  EXPECT_EQ(page->incidents[1].status(), "scheduled");
  auto status = StatusOf(*page);
  EXPECT_EQ(status["App Store"], "under_maintenance");
  EXPECT_EQ(status["Siri"], "operational");  // upcoming only
}

TEST(Apple, ResolvedHistory) {
  absl::StatusOr<ParsedPage> page = ParseFixture("system_status-resolved.js");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_TRUE(IsSet(page->incidents[0].end_time()));
}

TEST(Apple, BadInputIsATypedError) {
  for (
      const char* body : {
          "jsonCallback();",
          "{}",
          "[]",
          R"({"services":[{"events":[]}]})",
          R"({"services":[{"serviceName":"S","events":[{"statusType":"Outage","eventStatus":"ongoing","epochStartDate":1765000000000}]}]})",
          R"({"services":[{"serviceName":"S","events":[{"messageId":"1","eventStatus":"ongoing"}]}]})",
          R"({"services":[{"serviceName":"S","events":[{"messageId":"1","eventStatus":"later","epochStartDate":1765000000000}]}]})",
          R"({"services":[{"serviceName":"S","events":[{"messageId":"1","eventStatus":"ongoing","epochStartDate":"x"}]}]})",
      }) {
    EXPECT_EQ(Parse(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

}  // namespace
}  // namespace statusphere::providers
