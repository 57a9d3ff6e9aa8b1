#include "providers/uptime_com/uptime_com.h"

#include <map>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "providers/uptime_com/page_props.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.acme.example";

absl::StatusOr<ParsedPage> ParseHome(const std::string& html, int status = 200) {
  return UptimeCom().Parse(kPage, {{"home", {kPage, status, "text/html", html}}});
}

std::string Page(const std::string& props) {
  return "<script>ReactDOM.render(createElement(StatusPageDisplayController, " + props + "), el);</script>";
}

TEST(UptimeCom, TheControllersPropsAreCutOutWithBracesInsideStrings) {
  auto props = StatusPagePropsText(ReadRepoFile("providers/uptime_com/testdata/home.html"));
  ASSERT_TRUE(props.has_value());
  EXPECT_EQ(props->front(), '{');
  EXPECT_EQ(props->back(), '}');
  EXPECT_TRUE(absl::StrContains(*props, R"(API errors \"500\" for {some} users)"));
  EXPECT_FALSE(StatusPagePropsText("<p>createElement(StatusPageDisplayController, {\"a\": 1})</p>"));  // text, not a script
  EXPECT_FALSE(StatusPagePropsText("<script>createElement(StatusPageDisplayController, {\"a\": \"}</script>"));
  EXPECT_FALSE(StatusPagePropsText("<script>createElement(StatusPageDisplayController)</script>"));
  EXPECT_EQ(*StatusPagePropsText(Page(R"({"a": "\\", "b": {}})")), R"({"a": "\\", "b": {}})");
}

TEST(UptimeCom, ComponentsInGroupsActiveIncidentsAndMaintenance) {
  auto page = ParseHome(ReadRepoFile("providers/uptime_com/testdata/home.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  // The group is a heading; its two components carry its name.
  ASSERT_EQ(page->components.size(), 4u);
  EXPECT_EQ(page->components[0].id(), "102");
  EXPECT_EQ(page->components[0].name(), "API");
  EXPECT_EQ(page->components[0].group(), "Platform");
  EXPECT_EQ(page->components[0].status(), "major_outage");
  EXPECT_EQ(page->components[1].status(), "degraded_performance");
  EXPECT_EQ(page->components[2].name(), "Billing");
  EXPECT_EQ(page->components[2].group(), "");
  EXPECT_EQ(page->components[2].status(), "under_maintenance");
  EXPECT_EQ(page->components[3].status(), "operational");

  ASSERT_EQ(page->incidents.size(), 3u);
  const Incident& incident = page->incidents[0];
  EXPECT_EQ(incident.id(), "9001");
  EXPECT_EQ(incident.title(), "API errors \"500\" for {some} users");
  EXPECT_EQ(incident.impact(), "critical");  // a component in major outage
  EXPECT_EQ(incident.status(), "identified");
  EXPECT_FALSE(IsSet(incident.end_time()));
  EXPECT_EQ(FromProto(incident.start_time()), *ParseRfc3339("2026-03-02T09:00:00Z"));
  ASSERT_EQ(incident.events_size(), 2);
  EXPECT_EQ(incident.events(0).id(), "78");  // newest first
  EXPECT_EQ(incident.events(0).title(), "Identified");
  EXPECT_EQ(incident.events(0).description(), "A bad deploy; rolling back.");
  EXPECT_EQ(incident.description(), "A bad deploy; rolling back.");
  ASSERT_EQ(incident.components_size(), 2);

  const Incident& under_way = page->incidents[1];
  EXPECT_EQ(under_way.impact(), "maintenance");
  EXPECT_EQ(under_way.status(), "in_progress");
  EXPECT_EQ(FromProto(under_way.scheduled_end_time()), *ParseRfc3339("2026-03-02T12:00:00Z"));
  EXPECT_FALSE(IsSet(under_way.end_time()));
  const Incident& upcoming = page->incidents[2];
  EXPECT_EQ(upcoming.id(), "9003");
  EXPECT_EQ(upcoming.status(), "scheduled");
  EXPECT_EQ(FromProto(upcoming.scheduled_start_time()), *ParseRfc3339("2026-03-09T22:00:00Z"));
  ASSERT_EQ(upcoming.events_size(), 1);
  EXPECT_EQ(upcoming.events(0).description(), "Brief interruptions are expected.");
}

TEST(UptimeCom, Detection) {
  const Detection d = UptimeCom().detection();
  EXPECT_TRUE(d.IsKnownHost("https://status.uptime.com"));
  EXPECT_FALSE(d.IsKnownHost("https://status.acme.example"));
  EXPECT_TRUE(d.ProbeMatches({kPage, 200, "", ReadRepoFile("providers/uptime_com/testdata/home.html")}));
  EXPECT_FALSE(d.ProbeMatches({kPage, 404, "", ReadRepoFile("providers/uptime_com/testdata/home.html")}));
  EXPECT_FALSE(d.ProbeMatches({kPage, 200, "", Page(R"({"statuspage": {"components": []}})")}));
  EXPECT_TRUE(d.ProbeMatches({kPage, 200, "", Page(R"({"statuspage": {"components": [], "global_is_operational": true}})")}));
}

TEST(UptimeCom, BrokenPagesAreErrorsNamingTheDocument) {
  EXPECT_EQ(ParseHome("", 503).status().code(), absl::StatusCode::kUnavailable);
  for (const std::string& html : {
           std::string("<html>no controller</html>"),
           Page("{\"statuspage\": [1]}"),
           Page("{\"statuspage\": {\"components\": {}, \"global_is_operational\": true}}"),
           Page("{statuspage: {}}"),
           Page(R"({"statuspage": {"components": [], "global_is_operational": true, "active_incidents": [{"name": "no id", "starts_at": "2026-01-01T00:00:00Z"}]}})"),
           Page(R"({"statuspage": {"components": [], "global_is_operational": true, "active_incidents": [{"id": 1, "starts_at": "now"}]}})"),
           Page(R"({"statuspage": {"components": [], "global_is_operational": true, "active_incidents": [{"id": 1}]}})"),
           Page(R"({"statuspage": {"components": [], "global_is_operational": true, "active_incidents": [{"id": 1, "starts_at": "2026-01-01T00:00:00Z"}], "upcoming_maintenance": [{"id": 1, "starts_at": "2026-01-02T00:00:00Z"}]}})"),
       }) {
    auto page = ParseHome(html);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << html;
    EXPECT_TRUE(absl::StrContains(page.status().message(), kPage)) << page.status();
  }
  auto quiet = ParseHome(Page(R"({"statuspage": {"components": [{"id": 1, "name": "API", "status": "operational"}], "global_is_operational": true, "active_incidents": [], "upcoming_maintenance": []}})"));
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  ASSERT_EQ(quiet->components.size(), 1u);
  EXPECT_TRUE(quiet->incidents.empty());
}

}  // namespace
}  // namespace statusphere::providers
