#include "providers/salesforce/salesforce.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Component;
using statusphere::v1::Incident;

constexpr char kPreviewUrl[] = "https://api.status.salesforce.com/v1/instances/status/preview";
constexpr char kTextsUrl[] = "https://api.status.salesforce.com/v1/localizations";
constexpr char kPage[] = "https://status.salesforce.com";

absl::Time T(const char* t) { return *ParseRfc3339(t); }

std::vector<Documents::Entry> PreviewAndTexts(const std::string& preview, const std::string& texts,
                                              int texts_status = 200) {
  return {{"instances", {kPreviewUrl, 200, "application/json", preview}},
          {"localizations", {kTextsUrl, texts_status, "application/json", texts}}};
}

std::string Own(const std::string& name) { return ReadRepoFile("providers/salesforce/testdata/" + name); }

const Incident* Find(const ParsedPage& page, const std::string& id) {
  for (const auto& i : page.incidents) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

const Component* FindComponent(const ParsedPage& page, const std::string& key) {
  for (const auto& c : page.components) {
    if (c.id() == key) return &c;
  }
  return nullptr;
}

std::vector<std::string> ComponentsOf(const Incident& i) { return {i.components().begin(), i.components().end()}; }

TEST(SalesforceTrust, KnownHostsAndEndpoints) {
  SalesforceTrust p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.salesforce.com"));
  EXPECT_TRUE(p.detection().IsKnownHost("https://api.status.salesforce.com/v1/instances"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://status.salesforce.com.example.org"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://trust.salesforce.com"));
  for (auto kind : {statusphere::v1::SCRAPE_KIND_CURRENT, statusphere::v1::SCRAPE_KIND_HISTORICAL}) {
    EXPECT_EQ(UrlsOf(p.Fetches(kPage, kind).documents), (std::vector<std::string>{kPreviewUrl, kTextsUrl}));
  }
}

TEST(SalesforceTrust, RealCaptureHasOneOpenIncidentOnNa137) {
  auto preview = ReadSharedFixture("salesforce/salesforce-trust-v1-instances-status-preview-incident-2021-01.json");
  auto texts = ReadSharedFixture("salesforce/salesforce-trust-v1-localizations.json");
  if (!preview || !texts) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = SalesforceTrust().Parse(kPage, PreviewAndTexts(*preview, *texts));
  ASSERT_TRUE(page.ok()) << page.status();
  // 1528 instances, 65 of them retired (isActive false).
  EXPECT_EQ(page->components.size(), 1463u);
  EXPECT_EQ(FindComponent(*page, "POD5"), nullptr);
  const Component* na137 = FindComponent(*page, "NA137");
  ASSERT_NE(na137, nullptr);
  EXPECT_EQ(na137->status(), "degraded_performance");
  EXPECT_EQ(na137->group(), "North America");
  int operational = 0;
  for (const auto& c : page->components) operational += c.status() == "operational";
  EXPECT_EQ(operational, 1462);

  ASSERT_EQ(page->incidents.size(), 1u);
  const Incident& i = page->incidents[0];
  EXPECT_EQ(i.id(), "5968");
  EXPECT_EQ(i.title(), "Performance Degradation - Asynchronous Processing");
  EXPECT_TRUE(absl::StartsWith(i.description(), "The Salesforce Technology Team is working to isolate"))
      << i.description();
  EXPECT_EQ(i.impact(), "minor");
  EXPECT_EQ(i.status(), "investigating");
  EXPECT_EQ(i.deep_link(), "https://status.salesforce.com/incidents/5968");
  EXPECT_EQ(FromProto(i.start_time()), T("2020-07-29T16:08:00Z"));  // the impact's start, before createdAt
  EXPECT_FALSE(IsSet(i.end_time()));
  EXPECT_EQ(i.events_size(), 0);
  EXPECT_EQ(ComponentsOf(i), std::vector<std::string>{"NA137"});
}

TEST(SalesforceTrust, RealCaptureWithoutTextsFallsBackToTheTypeKey) {
  auto preview = ReadSharedFixture("salesforce/salesforce-trust-v1-instances-status-preview-incident-2021-01.json");
  if (!preview) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = SalesforceTrust().Parse(kPage, PreviewAndTexts(*preview, "", 404));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_EQ(page->incidents[0].title(), "Performance degradation asynchronous processing subset");
  EXPECT_EQ(FindComponent(*page, "NA137")->group(), "NA");
}

TEST(SalesforceTrust, RealLocalizationsNameTheEventTypes) {
  auto texts = ReadSharedFixture("salesforce/salesforce-trust-v1-localizations.json");
  if (!texts) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  const std::string preview = R"([{"key":"NA1","status":"OK","Incidents":[{"id":5,
      "IncidentImpacts":[{"startTime":"2020-07-01T10:00:00Z","endTime":null,"type":"x","severity":"minor"}],
      "IncidentEvents":[{"type":"issueIsolatedDatabaseTier","message":"","createdAt":"2020-07-01T10:30:00Z"}]}]}])";
  auto page = SalesforceTrust().Parse(kPage, PreviewAndTexts(preview, *texts));
  ASSERT_TRUE(page.ok()) << page.status();
  const auto& e = page->incidents[0].events(0);
  EXPECT_EQ(e.title(), "Issue Isolated");
  EXPECT_EQ(e.status(), "identified");
  EXPECT_TRUE(absl::StartsWith(e.description(), "We have isolated the issue to the database tier")) << e.description();
}

TEST(SalesforceTrust, OwnFixtureComponents) {
  auto page =
      SalesforceTrust().Parse(kPage, PreviewAndTexts(Own("instances-status-preview.json"), Own("localizations.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 3u);  // XY4 is retired
  EXPECT_EQ(page->components[0].name(), "XY1");
  EXPECT_EQ(page->components[0].status(), "major_outage");
  EXPECT_EQ(page->components[0].group(), "North America");
  EXPECT_EQ(page->components[1].status(), "degraded_performance");
  EXPECT_EQ(page->components[1].group(), "EMEA");  // no text for it: the code itself
  EXPECT_EQ(page->components[2].status(), "under_maintenance");
}

TEST(SalesforceTrust, AnIncidentListedUnderTwoInstancesIsOneOpenIncident) {
  auto page =
      SalesforceTrust().Parse(kPage, PreviewAndTexts(Own("instances-status-preview.json"), Own("localizations.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->incidents.size(), 4u);
  const Incident* i = Find(*page, "901");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(ComponentsOf(*i), (std::vector<std::string>{"XY1", "XY2"}));
  EXPECT_EQ(i->title(), "Service Disruption - Login");  // the English text, not the German one listed first
  EXPECT_EQ(i->description(), "Some users cannot log in to this instance.");
  EXPECT_EQ(i->impact(), "major");  // the worse of its two impacts
  EXPECT_EQ(FromProto(i->start_time()), T("2026-03-02T10:00:00Z"));
  EXPECT_FALSE(IsSet(i->end_time()));  // one impact is still open
  EXPECT_EQ(i->status(), "monitoring");
  ASSERT_EQ(i->events_size(), 2);
  EXPECT_EQ(i->events(0).title(), "Monitoring");  // newest first
  EXPECT_EQ(i->events(0).id(), "12");
  EXPECT_EQ(i->events(0).description(), "A fix is out & we are watching the login rate.");
  EXPECT_EQ(i->events(1).title(), "Investigating");
  EXPECT_EQ(i->events(1).status(), "investigating");
  EXPECT_EQ(i->events(1).description(), "Engineers are looking for the cause.");  // empty message: the template
  EXPECT_EQ(FromProto(i->events(1).time()), T("2026-03-02T10:25:00Z"));
}

TEST(SalesforceTrust, AnIncidentEndsWhenItsLastImpactEnds) {
  auto page =
      SalesforceTrust().Parse(kPage, PreviewAndTexts(Own("instances-status-preview.json"), Own("localizations.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  const Incident* i = Find(*page, "902");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->impact(), "minor");
  EXPECT_EQ(i->status(), "resolved");
  EXPECT_EQ(FromProto(i->start_time()), T("2026-02-20T07:45:00Z"));
  EXPECT_EQ(FromProto(i->end_time()), T("2026-02-20T09:10:00Z"));
  EXPECT_EQ(i->title(), "Slow reports test");  // no text for the type: the key, readable
  EXPECT_EQ(i->description(), "Reports ran slowly for some customers.");
  ASSERT_EQ(i->events_size(), 1);
  EXPECT_EQ(i->events(0).title(), "Slow reports update");
  EXPECT_EQ(i->events(0).status(), "update");
}

TEST(SalesforceTrust, Maintenances) {
  auto page =
      SalesforceTrust().Parse(kPage, PreviewAndTexts(Own("instances-status-preview.json"), Own("localizations.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  const Incident* planned = Find(*page, "maintenance-901");  // apart from incident 901
  ASSERT_NE(planned, nullptr);
  EXPECT_EQ(planned->impact(), "maintenance");
  EXPECT_EQ(planned->title(), "Planned database upgrade");
  EXPECT_EQ(planned->deep_link(), "https://status.salesforce.com/maintenances/901");
  EXPECT_EQ(planned->status(), "scheduled");
  EXPECT_EQ(FromProto(planned->start_time()), T("2026-03-10T02:00:00Z"));
  EXPECT_EQ(FromProto(planned->scheduled_start_time()), T("2026-03-10T02:00:00Z"));
  EXPECT_EQ(FromProto(planned->scheduled_end_time()), T("2026-03-10T04:00:00Z"));
  EXPECT_FALSE(IsSet(planned->end_time()));
  ASSERT_EQ(planned->events_size(), 1);
  EXPECT_EQ(planned->events(0).title(), "Scheduled");
  EXPECT_EQ(planned->events(0).status(), "scheduled");

  const Incident* running = Find(*page, "maintenance-77");
  ASSERT_NE(running, nullptr);
  EXPECT_EQ(running->title(), "Maintenance 77");
  EXPECT_EQ(running->status(), "in_progress");
  EXPECT_EQ(FromProto(running->start_time()), T("2026-03-02T01:05:00Z"));  // when the work began
  EXPECT_EQ(ComponentsOf(*running), std::vector<std::string>{"XY3"});
}

TEST(SalesforceTrust, ACompletedMaintenance) {
  const std::string preview = R"([{"key":"XY9","status":"OK","Maintenances":[{"id":"m1","name":"Patch",
      "plannedStartTime":"2026-01-05T01:00:00Z","plannedEndTime":"2026-01-05T02:00:00Z",
      "MaintenanceImpacts":[{"startTime":"2026-01-05T01:02:00Z","endTime":"2026-01-05T01:40:00Z"}]}]}])";
  auto page = SalesforceTrust().Parse(kPage, PreviewAndTexts(preview, "[]"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_EQ(page->incidents[0].id(), "maintenance-m1");
  EXPECT_EQ(page->incidents[0].status(), "completed");
  EXPECT_EQ(FromProto(page->incidents[0].end_time()), T("2026-01-05T01:40:00Z"));
}

TEST(SalesforceTrust, BadInputIsATypedErrorNamingTheUrl) {
  SalesforceTrust p;
  for (const char* body : {
           "<!DOCTYPE html><html><body>Trust</body></html>",
           "{\"instances\":[]}",
           "[{\"key\":\"NA1\",\"status\":\"OK\"",  // truncated
           "[1]",
           "[{\"status\":\"OK\"}]",
           "[{\"key\":\"NA1\"},{\"key\":\"NA1\"}]",
           "[{\"key\":\"NA1\",\"Incidents\":{}}]",
           "[{\"key\":\"NA1\",\"Incidents\":[\"5968\"]}]",
           "[{\"key\":\"NA1\",\"Incidents\":[{\"id\":true,\"createdAt\":\"2020-07-29T19:04:35Z\"}]}]",
           "[{\"key\":\"NA1\",\"Incidents\":[{\"id\":1}]}]",  // no time at all
           "[{\"key\":\"NA1\",\"Incidents\":[{\"id\":1,\"createdAt\":5}]}]",
           "[{\"key\":\"NA1\",\"Incidents\":[{\"id\":1,\"IncidentImpacts\":[{\"startTime\":\"1900-01-01T00:00:00Z\"}]}]"
           "}]",
           "[{\"key\":\"NA1\",\"Incidents\":[{\"id\":1,\"IncidentImpacts\":{}}]}]",
           "[{\"key\":\"NA1\",\"Incidents\":[{\"id\":1,\"createdAt\":\"2020-07-29T19:04:35Z\","
           "\"IncidentEvents\":[{\"createdAt\":\"yesterday\"}]}]}]",
           "[{\"key\":\"NA1\",\"Maintenances\":[{\"id\":2,\"plannedStartTime\":\"9999-01-01T00:00:00Z\"}]}]",
           "[{\"key\":\"NA1\",\"Maintenances\":[{\"name\":\"no id\",\"createdAt\":\"2020-07-29T19:04:35Z\"}]}]",
       }) {
    auto page = p.Parse(kPage, PreviewAndTexts(body, "[]"));
    ASSERT_FALSE(page.ok()) << body;
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_TRUE(absl::StrContains(page.status().message(), kPreviewUrl)) << page.status();
  }
  auto broken_texts = p.Parse(kPage, PreviewAndTexts("[]", "<html>maintenance</html>"));
  ASSERT_FALSE(broken_texts.ok());
  EXPECT_TRUE(absl::StrContains(broken_texts.status().message(), kTextsUrl)) << broken_texts.status();
  EXPECT_EQ(p.Parse(kPage, {{"instances", {kPreviewUrl, 503, "", ""}}, {"localizations", {kTextsUrl, 200, "", "[]"}}})
                .status()
                .code(),
            absl::StatusCode::kUnavailable);
  EXPECT_FALSE(p.Parse(kPage, {{"instances", {kPreviewUrl, 200, "", "[]"}}}).ok());
  auto empty = p.Parse(kPage, PreviewAndTexts("[]", "[]"));
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->incidents.empty());
  EXPECT_TRUE(empty->components.empty());
}

}  // namespace
}  // namespace statusphere::providers
