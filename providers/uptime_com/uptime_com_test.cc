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
  EXPECT_FALSE(
      StatusPagePropsText("<p>createElement(StatusPageDisplayController, {\"a\": 1})</p>"));  // text, not a script
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
  EXPECT_TRUE(d.IsKnownHost("https://uptime.com/statuspage/acme"));
  EXPECT_FALSE(d.IsKnownHost("https://uptime.com/pricing"));
  EXPECT_FALSE(d.IsKnownHost("https://status.acme.example"));
  // The page's JSON is the probe; a home page carrying the state in its script is a marker.
  EXPECT_EQ(d.probe_url(kPage), std::string(kPage) + "/ajax");
  const std::string ajax = ReadRepoFile("providers/uptime_com/testdata/ajax.json");
  EXPECT_TRUE(d.ProbeMatches({std::string(kPage) + "/ajax", 200, "application/json", ajax}));
  EXPECT_FALSE(d.ProbeMatches({std::string(kPage) + "/ajax", 404, "application/json", ajax}));
  EXPECT_FALSE(d.ProbeMatches({std::string(kPage) + "/ajax", 200, "", R"({"data": {"components": []}})"}));
  EXPECT_FALSE(
      d.ProbeMatches({std::string(kPage) + "/ajax", 200, "", ReadRepoFile("providers/uptime_com/testdata/home.html")}));
  EXPECT_TRUE(d.HomePageMatches({kPage, 200, "", ReadRepoFile("providers/uptime_com/testdata/home.html")}));
  EXPECT_FALSE(d.HomePageMatches({kPage, 200, "", Page(R"({"statuspage": {"components": []}})")}));
  EXPECT_TRUE(d.HomePageMatches(
      {kPage, 200, "", Page(R"({"statuspage": {"components": [], "global_is_operational": true}})")}));
}

absl::StatusOr<ParsedPage> ParseAjax(const std::string& ajax, const std::string& history = "",
                                     int history_status = 200) {
  Documents documents = {{"ajax", {std::string(kPage) + "/ajax", 200, "application/json", ajax}}};
  if (!history.empty() || history_status != 200) {
    documents.Add("history",
                  {std::string(kPage) + "/statuspage/acme-cloud/history", history_status, "application/json", history});
  }
  return UptimeCom().Parse(kPage, documents);
}

TEST(UptimeCom, ThePagesJsonNamesItsHistory) {
  FetchPlan plan = UptimeCom().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.documents.size(), 1u);
  EXPECT_EQ(plan.documents[0].url, std::string(kPage) + "/ajax");
  ASSERT_EQ(plan.fallbacks.size(), 1u);
  EXPECT_EQ(plan.fallbacks[0].url, kPage);
  const Document ajax = {std::string(kPage) + "/ajax", 200, "",
                         ReadRepoFile("providers/uptime_com/testdata/ajax.json")};
  std::vector<DocumentToFetch> next = plan.follow_ups({{"ajax", ajax}});
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].role, "history");
  EXPECT_EQ(next[0].url, std::string(kPage) + "/statuspage/acme-cloud/history");
  // A page on uptime.com itself: its public_url is its own path.
  FetchPlan hosted =
      UptimeCom().Fetches("https://uptime.com/statuspage/acme-cloud", statusphere::v1::SCRAPE_KIND_CURRENT);
  EXPECT_EQ(hosted.follow_ups({{"ajax", ajax}})[0].url, "https://uptime.com/statuspage/acme-cloud/history");
  // Nothing named, nothing fetched.
  EXPECT_TRUE(plan.follow_ups({}).empty());
  EXPECT_TRUE(
      plan.follow_ups({{"ajax", {ajax.url, 200, "", R"({"data": {"components": [], "global_is_operational": true}})"}}})
          .empty());
}

TEST(UptimeCom, TheAjaxDocumentGivesComponentsActiveIncidentsAndMaintenance) {
  auto page = ParseAjax(ReadRepoFile("providers/uptime_com/testdata/ajax.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  EXPECT_EQ(page->platform_indicator, "false");
  // Conservation: seven rows, the "Regions" heading aside; the empty group is a row of its own.
  ASSERT_EQ(page->components.size(), 7u);
  std::map<std::string, statusphere::v1::Component> by_name;
  for (const auto& c : page->components) by_name[c.name()] = c;
  EXPECT_EQ(by_name["US East"].status(), "partial_outage");
  EXPECT_EQ(by_name["US East"].group(), "Regions");
  EXPECT_EQ(by_name["US East"].id(), "12");
  EXPECT_EQ(by_name["AP South"].status(), "degraded_performance");
  EXPECT_EQ(by_name["Dashboard"].status(), "under_maintenance");
  EXPECT_EQ(by_name["Webhooks"].status(), "major_outage");
  EXPECT_EQ(by_name["Empty group"].status(), "operational");
  EXPECT_EQ(by_name.count("Regions"), 0u);

  ASSERT_EQ(page->incidents.size(), 3u);
  EXPECT_EQ(page->incidents[0].id(), "7001");
  EXPECT_EQ(page->incidents[0].impact(), "major");  // a partial outage
  EXPECT_EQ(page->incidents[0].status(), "identified");
  EXPECT_EQ(page->incidents[0].events_size(), 2);
  EXPECT_EQ(FromProto(page->incidents[0].start_time()), *ParseRfc3339("2026-04-02T09:50:00Z"));
  EXPECT_EQ(page->incidents[1].status(), "in_progress");
  EXPECT_EQ(page->incidents[2].status(), "scheduled");
  EXPECT_EQ(FromProto(page->incidents[2].scheduled_end_time()), *ParseRfc3339("2026-04-09T23:00:00Z"));
}

TEST(UptimeCom, TheHistoryAddsWhatHasEndedAndEveryUpdateOfWhatIsOpen) {
  auto page = ParseAjax(ReadRepoFile("providers/uptime_com/testdata/ajax.json"),
                        ReadRepoFile("providers/uptime_com/testdata/history.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 6u);  // three listed now, three past; the open one once
  std::map<std::string, Incident> by_id;
  for (const auto& i : page->incidents) by_id[i.id()] = i;
  const Incident& webhooks = by_id["6990"];
  EXPECT_EQ(webhooks.status(), "resolved");
  EXPECT_EQ(webhooks.impact(), "critical");  // its component was in major outage
  EXPECT_EQ(FromProto(webhooks.end_time()), *ParseRfc3339("2026-03-30T15:30:00Z"));
  ASSERT_EQ(webhooks.events_size(), 3);
  EXPECT_EQ(webhooks.events(0).title(), "Resolved");
  EXPECT_EQ(webhooks.events(2).description(), "Webhooks are delayed.");
  // A past window is completed at its end, though its last update said it was under way.
  const Incident& rotation = by_id["6980"];
  EXPECT_EQ(rotation.impact(), "maintenance");
  EXPECT_EQ(rotation.status(), "completed");
  EXPECT_EQ(FromProto(rotation.end_time()), *ParseRfc3339("2026-03-28T02:00:00Z"));
  // A past incident whose last update was not "resolved" is still over.
  EXPECT_EQ(by_id["6970"].status(), "resolved");
  EXPECT_EQ(FromProto(by_id["6970"].end_time()), *ParseRfc3339("2026-03-20T08:45:00Z"));
  // The open incident keeps the page's state, with the history's fuller updates.
  const Incident& open = by_id["7001"];
  EXPECT_EQ(open.status(), "identified");
  EXPECT_FALSE(IsSet(open.end_time()));
  EXPECT_EQ(open.events_size(), 3);

  // A history that does not answer leaves the page as the ajax document has it.
  auto without = ParseAjax(ReadRepoFile("providers/uptime_com/testdata/ajax.json"), "", 404);
  ASSERT_TRUE(without.ok()) << without.status();
  EXPECT_EQ(without->incidents.size(), 3u);
  auto broken = ParseAjax(ReadRepoFile("providers/uptime_com/testdata/ajax.json"), "{\"data\": []}");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(broken.status().message(), "/history")) << broken.status();
}

TEST(UptimeCom, TheHomePageStandsInWhenTheJsonIsRefused) {
  const std::string ajax_url = std::string(kPage) + "/ajax";
  const Document home = {kPage, 200, "text/html", ReadRepoFile("providers/uptime_com/testdata/home.html")};
  auto page = UptimeCom().Parse(kPage, {{"ajax", {ajax_url, 403, "", "denied"}}, {"home", home}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components.size(), 4u);
  EXPECT_EQ(page->incidents.size(), 3u);
  // Neither answers: both are named.
  auto neither = UptimeCom().Parse(kPage, {{"ajax", {ajax_url, 403, "", ""}}, {"home", {kPage, 200, "", "<p>hi</p>"}}});
  EXPECT_EQ(neither.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(neither.status().message(), "HTTP 403")) << neither.status();
  EXPECT_TRUE(absl::StrContains(neither.status().message(), "the home page instead")) << neither.status();
  auto alone = UptimeCom().Parse(kPage, {{"ajax", {ajax_url, 403, "", ""}}});
  EXPECT_EQ(alone.status().code(), absl::StatusCode::kUnavailable);
}

TEST(UptimeCom, TheRealAjaxDocument) {
  auto json = statusphere::testing::ReadSharedFixture(
      "uptime-com/status.uptime.com-statuspage-ajax-components-operational-trimmed-2026-09.json");
  if (!json) GTEST_SKIP() << "no shared fixtures (set STATUSPHERE_SHARED_DIR)";
  const Document ajax = {"https://status.uptime.com/ajax", 200, "application/json", *json};
  EXPECT_TRUE(UptimeCom().detection().ProbeMatches(ajax));
  auto page = UptimeCom().Parse("https://status.uptime.com", {{"ajax", ajax}});
  ASSERT_TRUE(page.ok()) << page.status();
  // Five rows: three ungrouped, two under "Check Servers" (trimmed by the capture's author).
  ASSERT_EQ(page->components.size(), 5u);
  for (const auto& c : page->components) EXPECT_EQ(c.status(), "operational") << c.name();
  EXPECT_EQ(page->components[3].name(), "AUTO (SingleLocationChecks)");
  EXPECT_EQ(page->components[3].group(), "Check Servers");
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_EQ(page->platform_indicator, "true");
  // Its history is named by its public_url.
  auto next = UptimeCom()
                  .Fetches("https://status.uptime.com", statusphere::v1::SCRAPE_KIND_CURRENT)
                  .follow_ups({{"ajax", ajax}});
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].url, "https://status.uptime.com/statuspage/uptime-status/history");
}

TEST(UptimeCom, BrokenPagesAreErrorsNamingTheDocument) {
  EXPECT_EQ(ParseHome("", 503).status().code(), absl::StatusCode::kUnavailable);
  for (
      const std::string& html : {
          std::string("<html>no controller</html>"),
          Page("{\"statuspage\": [1]}"),
          Page("{\"statuspage\": {\"components\": {}, \"global_is_operational\": true}}"),
          Page("{statuspage: {}}"),
          Page(
              R"({"statuspage": {"components": [], "global_is_operational": true, "active_incidents": [{"name": "no id", "starts_at": "2026-01-01T00:00:00Z"}]}})"),
          Page(
              R"({"statuspage": {"components": [], "global_is_operational": true, "active_incidents": [{"id": 1, "starts_at": "now"}]}})"),
          Page(R"({"statuspage": {"components": [], "global_is_operational": true, "active_incidents": [{"id": 1}]}})"),
          Page(
              R"({"statuspage": {"components": [], "global_is_operational": true, "active_incidents": [{"id": 1, "starts_at": "2026-01-01T00:00:00Z"}], "upcoming_maintenance": [{"id": 1, "starts_at": "2026-01-02T00:00:00Z"}]}})"),
      }) {
    auto page = ParseHome(html);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << html;
    EXPECT_TRUE(absl::StrContains(page.status().message(), kPage)) << page.status();
  }
  auto quiet = ParseHome(Page(
      R"({"statuspage": {"components": [{"id": 1, "name": "API", "status": "operational"}], "global_is_operational": true, "active_incidents": [], "upcoming_maintenance": []}})"));
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  ASSERT_EQ(quiet->components.size(), 1u);
  EXPECT_TRUE(quiet->incidents.empty());
}

}  // namespace
}  // namespace statusphere::providers
