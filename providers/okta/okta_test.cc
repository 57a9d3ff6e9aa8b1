#include "providers/okta/okta.h"

#include <map>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

absl::Time T(const char* t) { return *ParseRfc3339(t); }

absl::StatusOr<ParsedPage> ParseHome(const std::string& body) {
  return Okta().Parse("https://status.okta.com", {{"home", {"https://status.okta.com", 200, "text/html", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return ParseHome(ReadRepoFile(std::string("providers/okta/testdata/") + name));
}

std::map<std::string, std::string> StatusOf(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(Okta, KnownHostAndEndpoint) {
  Okta p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.okta.com"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://okta.statuspage.io"));
  EXPECT_EQ(UrlsOf(p.Fetches("https://status.okta.com", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://status.okta.com");
}

TEST(Okta, AllGoodIsEveryCellOperational) {
  absl::StatusOr<ParsedPage> page = ParseFixture("home-all-good.html");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
  ASSERT_EQ(page->components.size(), 4u);
  for (const auto& [name, status] : StatusOf(*page)) EXPECT_EQ(status, "operational") << name;
}

TEST(Okta, OpenIncidentMarksItsCellsAndKeepsTheResolvedOne) {
  absl::StatusOr<ParsedPage> page = ParseFixture("home-incident-open.html");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 2u);
  const auto& open = page->incidents[0];
  EXPECT_EQ(open.id(), "a0B5w00000Yz7cDEAR");
  EXPECT_EQ(open.title(), "Sign-in failures for some users in US Cell 1 and OK12");
  EXPECT_EQ(open.impact(), "critical");  // Major Service Disruption
  EXPECT_EQ(open.status(), "investigating");
  EXPECT_EQ(FromProto(open.start_time()), T("2026-12-06T09:15:00Z"));  // "+0000" read as UTC
  EXPECT_FALSE(IsSet(open.end_time()));
  ASSERT_EQ(open.components_size(), 2);
  EXPECT_EQ(open.components(1), "OK12");
  ASSERT_EQ(open.events_size(), 1);
  EXPECT_EQ(open.events(0).description(), "We are investigating sign-in failures affecting some users.");
  EXPECT_EQ(FromProto(open.events(0).time()), T("2026-12-06T09:32:00Z"));
  EXPECT_EQ(open.description(), "Major Service Disruption: Authentication");

  const auto& resolved = page->incidents[1];
  EXPECT_EQ(resolved.impact(), "minor");  // Service Degradation
  EXPECT_EQ(resolved.status(), "resolved");
  EXPECT_EQ(FromProto(resolved.end_time()), T("2026-11-20T15:40:00Z"));

  auto status = StatusOf(*page);
  EXPECT_EQ(status["US Cell 1"], "major_outage");
  EXPECT_EQ(status["OK12"], "major_outage");
  EXPECT_EQ(status["US Cell 2"], "operational");  // its incident is resolved
}

TEST(Okta, PlannedOutageInProgressIsMaintenance) {
  absl::StatusOr<ParsedPage> page = ParseFixture("home-maintenance.html");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& m = page->incidents[0];
  EXPECT_EQ(m.impact(), "maintenance");
  EXPECT_EQ(m.status(), "in_progress");
  EXPECT_EQ(m.title(), "EU Cell 1 database maintenance");  // Title__c when there is no Incident_Title__c
  EXPECT_EQ(FromProto(m.scheduled_end_time()), T("2026-12-07T02:00:00Z"));
  EXPECT_FALSE(IsSet(m.end_time()));
  EXPECT_EQ(StatusOf(*page)["EU Cell 1"], "under_maintenance");
}

TEST(Okta, ResolvedHistoryWithoutPlannedOutages) {
  absl::StatusOr<ParsedPage> page = ParseFixture("home-resolved.html");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_TRUE(IsSet(page->incidents[0].end_time()));
  EXPECT_EQ(StatusOf(*page)["US Cell 2"], "operational");
}

TEST(Okta, BadInputIsATypedError) {
  for (
      const char* body : {
          "<html><body>Okta</body></html>",                                           // not Okta's page
          R"(<span data-id="incidents">{"Id":"x"}</span>)",                           // not a list
          R"(<span data-id="incidents">[{"Name":"no id"}]</span>)",                   // no Id
          R"(<span data-id="incidents">[{"Id":"a","Start_Time__c":"soon"}]</span>)",  // bad time
          R"(<span data-id="incidents">[{"Id":"a"}]</span>)",                         // no start
          R"(<span data-id="incidents">[{"Id":"a","CreatedDate":"2026-01-01"},{"Id":"a","CreatedDate":"2026-01-01"}]</span>)",
      }) {
    EXPECT_EQ(ParseHome(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  absl::StatusOr<ParsedPage> dated =
      ParseHome(R"(<span data-id="incidents">[{"Id":"a","CreatedDate":"2026-01-02"}]</span>)");
  ASSERT_TRUE(dated.ok()) << dated.status();
  EXPECT_EQ(FromProto(dated->incidents[0].start_time()), T("2026-01-02T00:00:00Z"));
}

}  // namespace
}  // namespace statusphere::providers
