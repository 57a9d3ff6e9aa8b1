// GetUptime through the real gateway: /api/v1/uptime's JSON field names (camelCase, as the
// dashboard reads them), the figures of a seeded history, and its 400 and 404 messages.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/gateway/http_client.h"
#include "tests/gateway/rest_assertions.h"
#include "tests/gateway/seed.h"
#include "tests/gateway/stack.h"

namespace statusphere::testing {
namespace {

using nlohmann::json;

constexpr char kPage[] = "https://status.example.com";

class GatewayUptimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = std::make_unique<GatewayStack>("GatewayUptimeTest");
    absl::Status started = stack_->StartServer();
    ASSERT_TRUE(started.ok()) << started;
    started = stack_->StartGateway();
    ASSERT_TRUE(started.ok()) << started;
    Seeder seeder(stack_->server_address(), kAdminToken);
    ASSERT_TRUE(seeder.AddPage("Example", kPage).ok());
    ASSERT_TRUE(seeder.AddPage("Unscraped", "https://unscraped.example.com").ok());
    // Days before today, so that the figures do not depend on the time the test runs.
    today_ = absl::FromCivil(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()), absl::UTCTimeZone());
    const absl::Time yesterday = today_ - absl::Hours(24);
    const absl::Time three_days_ago = today_ - absl::Hours(72);
    absl::Status reported =
        seeder.ReportIncidents(kPage, {
                                          {"crit",
                                           "critical",
                                           yesterday + absl::Hours(10),
                                           yesterday + absl::Hours(11) + absl::Minutes(30),
                                           {{"Resolved", "Back.", yesterday + absl::Hours(11) + absl::Minutes(30)}},
                                           {"API"}},
                                          {"minor",
                                           "minor",
                                           three_days_ago + absl::Hours(1),
                                           three_days_ago + absl::Hours(2),
                                           {{"Resolved", "Fine.", three_days_ago + absl::Hours(2)}}},
                                          // Ended long before any window asked here.
                                          {"ancient",
                                           "critical",
                                           today_ - absl::Hours(24 * 400),
                                           today_ - absl::Hours(24 * 399),
                                           {{"Resolved", "Old.", today_ - absl::Hours(24 * 399)}}},
                                      });
    ASSERT_TRUE(reported.ok()) << reported;
  }

  void TearDown() override {
    if (HasFailure() && stack_) std::cerr << stack_->Logs();
    stack_.reset();
  }

  RestResponse GetPath(const std::string& path) { return Get(stack_->Url(path)); }

  std::unique_ptr<GatewayStack> stack_;
  absl::Time today_;
};

TEST_F(GatewayUptimeTest, FieldNamesAndFiguresOfASeededHistory) {
  const json body = JsonOk(GetPath("/api/v1/uptime?statusPageUrl=https://status.example.com&days=7"), "uptime");
  for (const char* field :
       {"statusPageUrl", "days", "windowStart", "windowEnd", "page", "components", "impacts", "isIndexed"}) {
    EXPECT_TRUE(body.contains(field)) << field << " in " << body.dump();
  }
  EXPECT_EQ(body["statusPageUrl"], kPage);
  EXPECT_EQ(body["days"], 7);
  EXPECT_EQ(body["isIndexed"], true);
  EXPECT_EQ(body["windowStart"],
            absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", today_ - absl::Hours(24 * 6), absl::UTCTimeZone()));

  const json& page = body["page"];
  for (const char* field :
       {"name", "group", "days", "uptimePercent", "majorOutageMinutes", "partialOutageMinutes", "maintenanceMinutes"}) {
    EXPECT_TRUE(page.contains(field)) << field << " in " << page.dump();
  }
  ASSERT_EQ(page["days"].size(), 7u);
  const json& yesterday = page["days"][5];
  for (const char* field :
       {"date", "majorOutageMinutes", "partialOutageMinutes", "maintenanceMinutes", "incidentCount"}) {
    EXPECT_TRUE(yesterday.contains(field)) << field << " in " << yesterday.dump();
  }
  EXPECT_EQ(yesterday["date"], absl::FormatTime("%Y-%m-%d", today_ - absl::Hours(24), absl::UTCTimeZone()));
  EXPECT_EQ(yesterday["majorOutageMinutes"], 90);
  EXPECT_EQ(yesterday["incidentCount"], 1);
  EXPECT_EQ(page["days"][3]["partialOutageMinutes"], 60);
  EXPECT_EQ(page["majorOutageMinutes"], 90);
  EXPECT_EQ(page["partialOutageMinutes"], 60);
  EXPECT_LT(page["uptimePercent"].get<double>(), 100.0);
  EXPECT_GT(page["uptimePercent"].get<double>(), 98.0);

  // The seeder reports no components: the one row is the name the incident gives.
  ASSERT_EQ(body["components"].size(), 1u);
  EXPECT_EQ(body["components"][0]["name"], "API");
  EXPECT_EQ(body["components"][0]["majorOutageMinutes"], 90);
  EXPECT_EQ(body["components"][0]["partialOutageMinutes"], 0);

  ASSERT_EQ(body["impacts"].size(), 5u);
  const json& critical = body["impacts"][0];
  for (const char* field : {"impact", "incidentCount", "resolvedCount", "meanTimeToResolveMinutes"}) {
    EXPECT_TRUE(critical.contains(field)) << field << " in " << critical.dump();
  }
  EXPECT_EQ(critical["impact"], "critical");
  EXPECT_EQ(critical["incidentCount"], 1);  // the ancient one is outside the window
  EXPECT_EQ(critical["resolvedCount"], 1);
  EXPECT_EQ(critical["meanTimeToResolveMinutes"], 90.0);
  EXPECT_EQ(body["impacts"][2]["impact"], "minor");
  EXPECT_EQ(body["impacts"][2]["meanTimeToResolveMinutes"], 60.0);
}

TEST_F(GatewayUptimeTest, DaysDefaultTo90AndAnUnscrapedPageIsAllUp) {
  const json body = JsonOk(GetPath("/api/v1/uptime?statusPageUrl=https://status.example.com"), "default days");
  EXPECT_EQ(body["days"], 90);
  EXPECT_EQ(body["page"]["days"].size(), 90u);
  const json fresh = JsonOk(GetPath("/api/v1/uptime?statusPageUrl=https://unscraped.example.com&days=1"), "fresh");
  EXPECT_EQ(fresh["isIndexed"], false);
  EXPECT_EQ(fresh["page"]["uptimePercent"], 100.0);
  EXPECT_TRUE(fresh["components"].is_array());
  EXPECT_TRUE(fresh["components"].empty());
}

TEST_F(GatewayUptimeTest, BadRequestsSayWhatIsWrong) {
  const std::string base = "/api/v1/uptime?statusPageUrl=https://status.example.com&days=";
  for (const std::string days : {"abc", "-1", "0", "366", "7.5"}) {
    EXPECT_EQ(ErrorMessage(GetPath(base + days), 400, days),
              "days: '" + days + "' is not a whole number of days from 1 to 365");
  }
  EXPECT_EQ(ErrorMessage(GetPath("/api/v1/uptime"), 400, "no url"), "statusPageUrl is required");
  const std::string unknown =
      ErrorMessage(GetPath("/api/v1/uptime?statusPageUrl=https://nope.example.com"), 404, "unknown");
  EXPECT_TRUE(absl::StrContains(unknown, "nope.example.com")) << unknown;
}

}  // namespace
}  // namespace statusphere::testing
