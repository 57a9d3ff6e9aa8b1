#include "providers/openstatus/openstatus.h"

#include <map>
#include <string>
#include <vector>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://nordwind.openstatus.dev";

absl::Time Utc(const char* text) { return *ParseRfc3339(text); }
absl::StatusOr<ParsedPage> ParseFeed(const std::string& body) {
  return OpenStatus().Parse(kPage,
                            {{"feed", {"https://nordwind.openstatus.dev/feed/json", 200, "application/json", body}}});
}

TEST(OpenStatus, ItsHostsAndItsFeed) {
  FetchPlan plan = OpenStatus().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.documents.size(), 1u);
  EXPECT_EQ(plan.documents[0].url, "https://nordwind.openstatus.dev/feed/json");
  Detection d = OpenStatus().detection();
  EXPECT_TRUE(d.IsKnownHost("https://nordwind.openstatus.dev"));
  EXPECT_FALSE(d.IsKnownHost("https://api.openstatus.dev"));
  EXPECT_FALSE(d.IsKnownHost("https://www.openstatus.dev"));
  EXPECT_FALSE(d.IsKnownHost("https://openstatus.dev"));
  EXPECT_FALSE(d.probe_url);
}

TEST(OpenStatus, AllGood) {
  auto page = ParseFeed(R"({"title":"x","status":"success","updatedAt":"2026-03-03T08:00:00.000Z",
      "monitors":[{"id":1,"name":"API","status":"success"}],
      "pageComponents":[{"id":11,"name":"API","monitorId":1,"groupId":null}],"pageComponentGroups":[],
      "maintenances":[],"statusReports":[]})");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "success");
  ASSERT_EQ(page->components.size(), 1u);
  EXPECT_EQ(page->components[0].status(), "operational");
  EXPECT_TRUE(page->incidents.empty());
}

TEST(OpenStatus, ReportsOpenAndResolvedAndMaintenanceWindows) {
  auto page = ParseFeed(ReadRepoFile("providers/openstatus/testdata/feed.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "error");
  std::map<std::string, std::string> status_of, group_of;
  for (const auto& c : page->components) {
    status_of[c.name()] = c.status();
    group_of[c.name()] = c.group();
  }
  EXPECT_EQ(status_of, (std::map<std::string, std::string>{{"API", "major_outage"},
                                                           {"Website", "operational"},
                                                           {"Database", "under_maintenance"},
                                                           {"Support desk", "degraded_performance"}}));
  EXPECT_EQ(group_of["API"], "Platform");
  EXPECT_EQ(group_of["Website"], "");
  EXPECT_EQ(group_of["Support desk"], "Services");

  ASSERT_EQ(page->incidents.size(), 6u);
  std::map<std::string, const Incident*> by_id;
  for (const auto& i : page->incidents) by_id[i.id()] = &i;
  const Incident& api = *by_id.at("21");
  EXPECT_EQ(api.title(), "API errors in eu-west");
  EXPECT_EQ(api.impact(), "major");  // its component is in outage
  EXPECT_EQ(api.status(), "identified");
  EXPECT_FALSE(IsSet(api.end_time()));
  EXPECT_EQ(FromProto(api.start_time()), Utc("2026-03-02T09:41:00Z"));
  EXPECT_EQ(api.deep_link(), "https://nordwind.openstatus.dev/events/report/21");
  ASSERT_EQ(api.events_size(), 2);
  EXPECT_EQ(api.events(0).id(), "202");
  EXPECT_EQ(api.events(0).description(), "A faulty load balancer rule is being **rolled back**.");
  EXPECT_EQ(by_id.at("22")->impact(), "minor");
  const Incident& website = *by_id.at("20");
  EXPECT_EQ(website.status(), "resolved");
  EXPECT_EQ(FromProto(website.end_time()), Utc("2026-02-20T14:30:00Z"));
  EXPECT_EQ(website.events(0).title(), "Resolved");  // updates put newest first

  const Incident& db = *by_id.at("maintenance-31");
  EXPECT_EQ(db.impact(), "maintenance");
  EXPECT_EQ(db.status(), "in_progress");  // under way when the feed was made (10:00)
  EXPECT_EQ(FromProto(db.scheduled_end_time()), Utc("2026-03-02T11:30:00Z"));
  EXPECT_EQ((std::vector<std::string>(db.components().begin(), db.components().end())),
            (std::vector<std::string>{"Database"}));
  EXPECT_EQ(by_id.at("maintenance-30")->status(), "completed");
  EXPECT_EQ(FromProto(by_id.at("maintenance-30")->end_time()), Utc("2026-02-14T23:00:00Z"));
  EXPECT_EQ(by_id.at("maintenance-32")->status(), "scheduled");
  EXPECT_TRUE(page->lists_every_open_incident);
}

TEST(OpenStatus, BadInputIsATypedError) {
  for (const char* body :
       {"[]", "{}", R"({"pageComponents":[],"statusReports":{}})",
        R"({"pageComponents":[],"statusReports":[{"title":"no id"}]})",
        R"({"pageComponents":[],"statusReports":[{"id":1,"statusReportUpdates":[{"id":2,"date":"soon"}]}]})",
        R"({"pageComponents":[],"statusReports":[{"id":1}]})",
        R"({"pageComponents":[],"statusReports":[],"maintenances":[{"id":1,"from":"2026-03-02T09:30:00Z"}]})"}) {
    EXPECT_EQ(ParseFeed(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
  EXPECT_EQ(OpenStatus().Parse(kPage, {{"feed", {"u", 404, "", ""}}}).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
