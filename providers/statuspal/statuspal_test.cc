#include "providers/statuspal/statuspal.h"

#include <map>
#include <string>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Incident;

absl::StatusOr<ParsedPage> ParseSummary(absl::string_view page_url, const std::string& body) {
  return Statuspal().Parse(page_url, {{"summary", {Statuspal::SummaryUrl(page_url), 200, "application/json", body}}});
}

absl::Time Utc(const char* text) { return *ParseRfc3339(text); }

std::map<std::string, const Incident*> ById(const ParsedPage& page) {
  std::map<std::string, const Incident*> out;
  for (const auto& i : page.incidents) out[i.id()] = &i;
  return out;
}

std::map<std::string, int> StatusCounts(const ParsedPage& page) {
  std::map<std::string, int> out;
  for (const auto& c : page.components) ++out[c.status()];
  return out;
}

TEST(Statuspal, SummaryUrlOfHostedAndCustomDomains) {
  EXPECT_EQ(Statuspal::SummaryUrl("https://ascentlogistics.statuspal.io"),
            "https://statuspal.io/api/v2/status_pages/ascentlogistics/summary");
  EXPECT_EQ(Statuspal::SummaryUrl("https://beispiel.statuspal.eu"),
            "https://statuspal.eu/api/v2/status_pages/beispiel/summary");
  EXPECT_EQ(Statuspal::SummaryUrl("https://exoscalestatus.com"),
            "https://exoscalestatus.com/api/v2/status_pages/exoscalestatus/summary");
  Detection d = Statuspal().detection();
  EXPECT_TRUE(d.IsKnownHost("https://exoscalestatus.statuspal.eu"));
  EXPECT_FALSE(d.IsKnownHost("https://statuspal.io"));
  EXPECT_FALSE(d.IsKnownHost("https://status.example.com"));
}

TEST(Statuspal, TwoOpenMajorIncidentsOnNestedServices) {
  auto body = ReadSharedFixture("statuspal/ascentlogistics-v2-summary-two-major-incidents-2022-04-20.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  EXPECT_TRUE(Statuspal().detection().ProbeMatches({"u", 200, "application/json", *body}));
  auto page = ParseSummary("https://ascentlogistics.statuspal.io", *body);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  ASSERT_EQ(page->components.size(), 24u);  // 6 services and their 18 children
  EXPECT_EQ(StatusCounts(*page), (std::map<std::string, int>{{"operational", 21}, {"major_outage", 3}}));
  EXPECT_EQ(page->components[0].name(), "Ascent Websites");
  EXPECT_EQ(page->components[0].group(), "");
  EXPECT_EQ(page->components[1].name(), "Main Ascent Website");
  EXPECT_EQ(page->components[1].group(), "Ascent Websites");
  ASSERT_EQ(page->incidents.size(), 2u);
  const Incident& down = page->incidents[0];
  EXPECT_EQ(down.id(), "82138");
  EXPECT_EQ(down.title(), "Service PEAK - Customer API  Production seems to be down");
  EXPECT_EQ(down.impact(), "major");
  EXPECT_EQ(down.status(), "investigating");
  EXPECT_FALSE(IsSet(down.end_time()));
  EXPECT_EQ(down.deep_link(), "https://ascentlogistics.statuspal.io/incidents/82138");
  // UTC as Statuspal's API writes it (the page's America/Detroit is for display).
  EXPECT_EQ(FromProto(down.start_time()), Utc("2022-04-20T18:27:16Z"));
  ASSERT_EQ(down.components_size(), 2);
  EXPECT_EQ(down.components(0), "PEAK");
  EXPECT_EQ(down.components(1), "PEAK - Customer API  Production");
  ASSERT_EQ(down.events_size(), 1);
  EXPECT_EQ(down.events(0).id(), "151204");
  EXPECT_EQ(down.events(0).title(), "Investigating");
  EXPECT_EQ(down.events(0).description(),
            "According to our monitoring system this service has become unresponsive, we're investigating.");
  EXPECT_EQ(page->incidents[1].id(), "82137");
  EXPECT_EQ(FromProto(page->incidents[1].start_time()), Utc("2022-04-20T18:24:41Z"));
}

TEST(Statuspal, EmergencyMaintenanceInProgressAndAnUpcomingWindow) {
  auto body = ReadSharedFixture("statuspal/exoscalestatus-v2-summary-emergency-maintenance-in-progress-2025-10.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseSummary("https://exoscalestatus.com", *body);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components.size(), 83u);
  EXPECT_EQ(StatusCounts(*page), (std::map<std::string, int>{{"operational", 73}, {"under_maintenance", 10}}));
  ASSERT_EQ(page->incidents.size(), 2u);
  auto by_id = ById(*page);
  const Incident& emergency = *by_id.at("209618");
  EXPECT_EQ(emergency.impact(), "maintenance");
  EXPECT_EQ(emergency.status(), "in_progress");
  EXPECT_FALSE(IsSet(emergency.end_time()));
  EXPECT_FALSE(IsSet(emergency.scheduled_end_time()));  // ends_at null: no announced end
  EXPECT_EQ(FromProto(emergency.scheduled_start_time()), Utc("2025-10-17T11:44:56Z"));
  EXPECT_EQ(emergency.components_size(), 10);
  EXPECT_EQ(emergency.components(0), "AT-VIE-2");
  ASSERT_EQ(emergency.events_size(), 1);
  EXPECT_EQ(emergency.events(0).id(), "443931");
  EXPECT_EQ(emergency.events(0).title(), "Update");  // Statuspal's "essential"
  EXPECT_EQ(emergency.events(0).description().rfind("As part of our ongoing commitment", 0), 0u);
  const Incident& test = *by_id.at("208172");
  EXPECT_EQ(test.title(), "Datacenter power generator test");
  EXPECT_EQ(test.impact(), "maintenance");
  EXPECT_EQ(test.status(), "scheduled");
  EXPECT_EQ(FromProto(test.scheduled_start_time()), Utc("2025-11-13T21:00:00Z"));
  EXPECT_EQ(FromProto(test.scheduled_end_time()), Utc("2025-11-14T05:00:00Z"));
  EXPECT_FALSE(IsSet(test.end_time()));
}

TEST(Statuspal, OperationalPageWithAnOpenEndedUpcomingWindow) {
  auto body = ReadSharedFixture("statuspal/exoscalestatus-v2-summary-operational-upcoming-maintenance-2023-09.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseSummary("https://exoscalestatus.com", *body);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(StatusCounts(*page), (std::map<std::string, int>{{"operational", 52}}));
  ASSERT_EQ(page->incidents.size(), 1u);
  const Incident& window = page->incidents[0];
  EXPECT_EQ(window.id(), "80061");
  EXPECT_EQ(window.status(), "scheduled");
  EXPECT_EQ(FromProto(window.scheduled_start_time()), Utc("2023-09-20T07:00:00Z"));
  EXPECT_FALSE(IsSet(window.scheduled_end_time()));
  EXPECT_EQ(window.components_size(), 7);
  ASSERT_EQ(window.events_size(), 1);
  EXPECT_EQ(window.events(0).title(), "Scheduled");
  EXPECT_EQ(FromProto(window.events(0).time()), Utc("2023-09-12T09:26:08Z"));  // posted_at
}

TEST(Statuspal, PerformanceIncidentWithTwoUpdates) {
  auto body = ReadSharedFixture("statuspal/exoscalestatus-v2-summary-performance-incident-2025-07-18.json");
  if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseSummary("https://exoscalestatus.com", *body);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(StatusCounts(*page), (std::map<std::string, int>{{"operational", 81}, {"degraded_performance", 2}}));
  ASSERT_EQ(page->incidents.size(), 1u);
  const Incident& slow = page->incidents[0];
  EXPECT_EQ(slow.id(), "198647");
  EXPECT_EQ(slow.impact(), "minor");
  EXPECT_EQ(slow.status(), "monitoring");
  EXPECT_FALSE(IsSet(slow.end_time()));
  EXPECT_EQ(FromProto(slow.start_time()), Utc("2025-07-18T08:18:26Z"));
  ASSERT_EQ(slow.events_size(), 2);
  EXPECT_EQ(slow.events(0).title(), "Monitoring");
  EXPECT_EQ(slow.events(0).description(), "The issue has been identified. Mitigation has been applied.");
  EXPECT_EQ(slow.events(1).title(), "Investigating");
  EXPECT_EQ((std::vector<std::string>(slow.components().begin(), slow.components().end())),
            (std::vector<std::string>{"CH-DK-2", "Network Internet Transit Connectivity"}));
}

TEST(Statuspal, GermanPageWithEveryKindOfEntry) {
  auto page = ParseSummary("https://beispiel.statuspal.eu", ReadRepoFile("providers/statuspal/testdata/summary.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 5u);
  EXPECT_EQ(page->components[2].name(), "Objektspeicher");  // three levels deep
  EXPECT_EQ(page->components[2].group(), "Speicher");
  EXPECT_EQ(page->components[2].status(), "major_outage");
  EXPECT_EQ(page->components[1].status(), "degraded_performance");
  EXPECT_EQ(page->components[3].status(), "under_maintenance");
  EXPECT_EQ(page->components[4].status(), "operational");
  ASSERT_EQ(page->incidents.size(), 6u);
  auto by_id = ById(*page);
  const Incident& storage = *by_id.at("5001");
  EXPECT_EQ(storage.title(), "Objektspeicher nicht erreichbar");
  EXPECT_EQ(storage.status(), "monitoring");
  EXPECT_EQ(storage.events(0).description(), "Eine Korrektur wurde eingespielt; wir beobachten die Lage.");
  EXPECT_EQ(storage.events(1).description(), "Wir untersuchen Störungen beim Zugriff auf den Objektspeicher.");
  EXPECT_EQ(storage.components_size(), 3);
  // Still listed, but its latest update resolved it: closed at that update.
  const Incident& mail = *by_id.at("5000");
  EXPECT_EQ(mail.status(), "resolved");
  EXPECT_EQ(FromProto(mail.end_time()), Utc("2026-03-01T23:30:00Z"));
  // An info notice: no outage, its body read from the HTML when there is no text.
  const Incident& notice = *by_id.at("5002");
  EXPECT_EQ(notice.impact(), "none");
  EXPECT_EQ(notice.status(), "update");
  EXPECT_EQ(notice.events(0).description(), "Ab dem 1. April gilt die neue Preisliste.");
  const Incident& emergency = *by_id.at("5003");
  EXPECT_EQ(emergency.impact(), "maintenance");
  EXPECT_EQ(emergency.status(), "in_progress");
  EXPECT_EQ((std::vector<std::string>(emergency.components().begin(), emergency.components().end())),
            (std::vector<std::string>{"Netzwerk"}));
  EXPECT_FALSE(IsSet(by_id.at("5004")->scheduled_end_time()));  // open end
  const Incident& db = *by_id.at("5005");
  EXPECT_EQ(FromProto(db.scheduled_end_time()), Utc("2026-04-11T22:00:00Z"));
  ASSERT_EQ(db.events_size(), 1);  // no updates: the announcement itself
  EXPECT_EQ(db.events(0).title(), "Scheduled");
  EXPECT_EQ(db.deep_link(), "https://beispiel.statuspal.eu/incidents/5005");
}

TEST(Statuspal, BadInputIsATypedError) {
  for (const char* body :
       {"[]", "{}", R"({"status_page":{},"services":{}})",
        R"({"status_page":{},"services":[],"incidents":[{"title":"no id"}]})",
        R"({"status_page":{},"services":[],"incidents":[{"id":1}]})",
        R"({"status_page":{},"services":[],"incidents":[{"id":1,"starts_at":"yesterday"}]})",
        R"({"status_page":{},"services":[],"incidents":[{"id":1,"starts_at":"1970-01-01T00:00:00"}]})",
        R"({"status_page":{},"services":[],"incidents":[{"id":1,"starts_at":"2026-01-01T00:00:00"},
                                                                          {"id":1,"starts_at":"2026-01-01T00:00:00"}]})"}) {
    auto page = ParseSummary("https://x.statuspal.io", body);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_FALSE(Statuspal().Parse("https://x.statuspal.io", {{"summary", {"u", 404, "", ""}}}).ok());
  EXPECT_TRUE(ParseSummary("https://x.statuspal.io", R"({"status_page":{},"services":[]})").ok());
  EXPECT_FALSE(Statuspal().detection().ProbeMatches({"u", 200, "", R"({"services":[]})"}));
}

}  // namespace
}  // namespace statusphere::providers
