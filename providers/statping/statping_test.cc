#include "providers/statping/statping.h"

#include <map>
#include <string>
#include <vector>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/testing/provider_test_helpers.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ById;
using statusphere::testing::Utc;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.nordwind.example";

std::string Own(const std::string& name) { return statusphere::testing::OwnFixture("statping", name); }
Document Ok(const std::string& path, const std::string& body) {
  return statusphere::testing::JsonAt(kPage, path, body);
}

Documents Everything() {
  return {{"services", Ok("/api/services", Own("services.json"))},
          {"groups", Ok("/api/groups", Own("groups.json"))},
          {"messages", Ok("/api/messages", Own("messages.json"))}};
}

TEST(Statping, FetchesServicesGroupsAndMessages) {
  FetchPlan plan = Statping().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.documents.size(), 3u);
  EXPECT_EQ(plan.documents[0].url, "https://status.nordwind.example/api/services");
  EXPECT_EQ(plan.documents[1].url, "https://status.nordwind.example/api/groups");
  EXPECT_EQ(plan.documents[2].url, "https://status.nordwind.example/api/messages");
}

TEST(Statping, AllGood) {
  auto page = Statping().Parse(kPage, {{"services", Ok("/api/services", R"([
      {"id":2,"name":"Website","group_id":0,"online":true,"last_success":"2026-03-02T09:41:00Z"}])")},
                                       {"groups", Ok("/api/groups", "null")},
                                       {"messages", Ok("/api/messages", "[]")}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 1u);
  EXPECT_EQ(page->components[0].status(), "operational");
  EXPECT_EQ(page->components[0].group(), "");
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
}

TEST(Statping, AnOpenIncidentAResolvedOneAndMaintenanceWindows) {
  auto page = Statping().Parse(kPage, Everything());
  ASSERT_TRUE(page.ok()) << page.status();
  std::map<std::string, std::string> status_of, group_of;
  for (const auto& c : page->components) {
    status_of[c.name()] = c.status();
    group_of[c.name()] = c.group();
  }
  EXPECT_EQ(status_of, (std::map<std::string, std::string>{
                           {"Public API", "major_outage"}, {"Website", "operational"}, {"Mail relay", "operational"}}));
  EXPECT_EQ(group_of["Public API"], "Platform");
  EXPECT_EQ(group_of["Website"], "Web");
  EXPECT_EQ(group_of["Mail relay"], "");

  ASSERT_EQ(page->incidents.size(), 5u);  // two incidents, three messages (one listed twice)
  auto by_id = ById(*page);
  const Incident& open = *by_id.at("7");
  EXPECT_EQ(open.title(), "API answers 503");
  EXPECT_EQ(open.description(), "Requests to the public API fail.");
  EXPECT_EQ(open.impact(), "major");  // its service is down now
  EXPECT_EQ(open.status(), "update");
  EXPECT_FALSE(IsSet(open.end_time()));
  EXPECT_EQ(FromProto(open.start_time()), Utc("2026-03-02T09:39:00Z"));
  EXPECT_EQ(open.deep_link(), "https://status.nordwind.example/service/1");
  ASSERT_EQ(open.events_size(), 2);
  EXPECT_EQ(open.events(0).id(), "12");
  EXPECT_EQ(open.events(0).title(), "Update");
  EXPECT_EQ(open.events(1).title(), "Investigating");
  EXPECT_EQ(open.events(1).description(), "We are looking into failing API requests.");

  // Updates out of order are put newest first; "Resolved" ends it at that update.
  const Incident& slow = *by_id.at("4");
  EXPECT_EQ(slow.status(), "resolved");
  EXPECT_EQ(FromProto(slow.end_time()), Utc("2026-02-11T09:30:00Z"));
  EXPECT_EQ(slow.events(0).id(), "8");

  // Windows judged against the newest check time the services carry (09:42).
  const Incident& db = *by_id.at("message-2");
  EXPECT_EQ(db.impact(), "maintenance");
  EXPECT_EQ(db.status(), "in_progress");
  EXPECT_EQ(db.components_size(), 0);  // service 0: the whole page
  EXPECT_EQ(FromProto(db.scheduled_start_time()), Utc("2026-03-02T09:00:00Z"));
  EXPECT_EQ(FromProto(db.scheduled_end_time()), Utc("2026-03-02T11:00:00Z"));
  EXPECT_FALSE(IsSet(db.end_time()));
  const Incident& network = *by_id.at("message-1");
  EXPECT_EQ(network.status(), "completed");
  EXPECT_EQ(FromProto(network.end_time()), Utc("2026-02-01T23:00:00Z"));
  EXPECT_EQ(network.description(), "Core switches are replaced.");
  EXPECT_EQ((std::vector<std::string>(network.components().begin(), network.components().end())),
            (std::vector<std::string>{"Mail relay"}));
  EXPECT_EQ(by_id.at("message-3")->status(), "scheduled");
}

TEST(Statping, DetectedByItsPagesMarkup) {
  Detection d = Statping().detection();
  EXPECT_FALSE(d.probe_url);  // no probe: no fetch more for the platforms probed before it
  EXPECT_TRUE(d.HomePageMatches({kPage, 200, "text/html", Own("home.html")}));
  EXPECT_TRUE(d.HomePageMatches({kPage, 200, "text/html", R"(<div id="app" class="statping_container"></div>)"}));
  EXPECT_FALSE(d.HomePageMatches({kPage, 200, "text/html", R"(<div id="app"></div><p>statping_container</p>)"}));
  EXPECT_FALSE(d.HomePageMatches(
      {kPage, 200, "text/html", R"(<script src="https://assets.statping.com.evil.test/x.js"></script>)"}));
}

TEST(Statping, BadInputIsATypedError) {
  for (
      const char* body :
      {"{}", R"([{"name":"no id"}])", R"([{"id":1,"incidents":[{"id":2,"created_at":"soon"}]}])",
       R"([{"id":1,"incidents":[{"title":"no id"}]}])",
       R"([{"id":1,"incidents":[{"id":2,"created_at":"2026-01-01T00:00:00Z"},{"id":2,"created_at":"2026-01-01T00:00:00Z"}]}])"}) {
    EXPECT_EQ(Statping().Parse(kPage, {{"services", Ok("/api/services", body)}}).status().code(),
              absl::StatusCode::kInvalidArgument)
        << body;
  }
  EXPECT_EQ(Statping().Parse(kPage, {{"services", {"u", 401, "", ""}}}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(
      Statping()
          .Parse(kPage, {{"services", Ok("/api/services", "[]")}, {"messages", Ok("/api/messages", R"([{"id":1}])")}})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace statusphere::providers
