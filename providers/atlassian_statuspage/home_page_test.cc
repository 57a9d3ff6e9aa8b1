// Statuspage's home page as a fallback (home_page.h): on the real capture of Atlassian
// Access's page, and on testdata/home-outage.html, a page written for these tests in the
// markup of real pages with unresolved incidents.
#include "providers/atlassian_statuspage/home_page.h"

#include <map>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/atlassian_statuspage/atlassian_statuspage.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.acme-cloud.test";

// The API answering `status` to every document, then the home page.
Documents ApiThenHome(int status, std::string home, int home_status = 200) {
  const std::string page = kPage;
  const bool ok = status == 200;
  return {{"summary", {page + "/api/v2/summary.json", status, "", ok ? R"({"page":{"id":"p"},"components":[]})" : ""}},
          {"incidents", {page + "/api/v2/incidents.json", status, "", ok ? R"({"incidents":[]})" : ""}},
          {"scheduled-maintenances",
           {page + "/api/v2/scheduled-maintenances.json", status, "", ok ? R"({"scheduled_maintenances":[]})" : ""}},
          {"home", {page, home_status, "text/html", std::move(home)}}};
}

std::map<std::string, Incident> ById(const ParsedPage& page) {
  std::map<std::string, Incident> out;
  for (const Incident& i : page.incidents) out[i.id()] = i;
  return out;
}

TEST(StatuspageHomePage, AFallbackOfThePlan) {
  for (auto kind : {statusphere::v1::SCRAPE_KIND_CURRENT, statusphere::v1::SCRAPE_KIND_HISTORICAL}) {
    FetchPlan plan = AtlassianStatuspage().Fetches(kPage, kind);
    EXPECT_FALSE(plan.follow_ups);  // conditional requests stay on
    ASSERT_EQ(plan.fallbacks.size(), 1u);
    EXPECT_EQ(plan.fallbacks[0].role, "home");
    EXPECT_EQ(plan.fallbacks[0].url, kPage);
  }
}

TEST(StatuspageHomePage, AtlassianAccessCaptureGivesItsComponents) {
  // The capture is the page's HTML inside a Markdown code fence, read as it is.
  auto html = ReadSharedFixture("atlassian-statuspage/html/status.atlassian.com-access-home-2021.html.md");
  if (!html) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  for (int refused : {403, 404, 429}) {
    auto page = AtlassianStatuspage().Parse("https://access.status.atlassian.com", ApiThenHome(refused, *html));
    ASSERT_TRUE(page.ok()) << refused << ": " << page.status();
    EXPECT_TRUE(page->lists_every_open_incident);
    EXPECT_TRUE(page->incidents.empty());  // "All Systems Operational"
    ASSERT_EQ(page->components.size(), 6u);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"hqd5zdvzh5g1", "Domain Claims"},     {"vwb63rvhtqjn", "SAML-based SSO"},
        {"n6qsfr329pzh", "User Provisioning"}, {"b8gbm56ptvw5", "Account Management"},
        {"yf230szk5s8s", "Audit Logs"},        {"856c2dpnfnzq", "Signup"}};
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(page->components[i].id(), expected[i].first);
      EXPECT_EQ(page->components[i].name(), expected[i].second);
      EXPECT_EQ(page->components[i].status(), "operational");
      EXPECT_EQ(page->components[i].group(), "");
    }
  }
}

TEST(StatuspageHomePage, OwnPageGivesIncidentsMaintenancesAndGroupedComponents) {
  for (int refused : {403, 404, 429, 500}) {
    auto page = AtlassianStatuspage().Parse(
        kPage, ApiThenHome(refused, ReadRepoFile("providers/atlassian_statuspage/testdata/home-outage.html")));
    ASSERT_TRUE(page.ok()) << refused << ": " << page.status();
    EXPECT_TRUE(page->lists_every_open_incident);
    // The group's own row and the "Visit ..." placeholder are not components.
    ASSERT_EQ(page->components.size(), 3u);
    EXPECT_EQ(page->components[0].id(), "api0000000a1");
    EXPECT_EQ(page->components[0].name(), "API");
    EXPECT_EQ(page->components[0].status(), "partial_outage");
    EXPECT_EQ(page->components[0].group(), "");
    EXPECT_EQ(page->components[1].name(), "Database");
    EXPECT_EQ(page->components[1].group(), "Storage");
    EXPECT_EQ(page->components[1].status(), "under_maintenance");
    EXPECT_EQ(page->components[2].name(), "Object storage");
    EXPECT_EQ(page->components[2].group(), "Storage");
    EXPECT_EQ(page->components[2].status(), "operational");  // from its colour: no data-component-status

    ASSERT_EQ(page->incidents.size(), 3u);
    auto by_id = ById(*page);
    const Incident& outage = by_id["k3t9zq1m4xyb"];
    EXPECT_EQ(outage.title(), "Elevated API error rates & timeouts");
    EXPECT_EQ(outage.impact(), "major");
    EXPECT_EQ(outage.status(), "identified");
    EXPECT_EQ(outage.deep_link(), "https://status.acme-cloud.test/incidents/k3t9zq1m4xyb");
    ASSERT_EQ(outage.events_size(), 2);
    EXPECT_EQ(outage.events(0).title(), "Identified");
    EXPECT_EQ(outage.events(0).description(), "A faulty load balancer was found.\nWe are replacing it.");
    EXPECT_EQ(FromProto(outage.events(0).time()), absl::FromUnixSeconds(1764204300));
    EXPECT_EQ(outage.events(1).status(), "investigating");
    EXPECT_EQ(outage.events(1).description(), "We are investigating errors on the API.");
    EXPECT_EQ(FromProto(outage.start_time()), absl::FromUnixSeconds(1764202500));
    EXPECT_FALSE(IsSet(outage.end_time()));

    const Incident& failover = by_id["m8w2v7c5d0fh"];
    EXPECT_EQ(failover.impact(), "maintenance");
    EXPECT_EQ(failover.status(), "in_progress");
    ASSERT_EQ(failover.events_size(), 1);
    // No data-datetime-unix: its printed stamp, "Nov 27, 00:30 UTC", in the render time's year.
    EXPECT_EQ(FromProto(failover.events(0).time()), absl::FromUnixSeconds(1764203400));
    EXPECT_EQ(failover.events(0).description(), "Scheduled maintenance is currently in progress.");

    const Incident& upgrade = by_id["s4n6p2r8t1qa"];
    EXPECT_EQ(upgrade.impact(), "maintenance");
    EXPECT_EQ(upgrade.status(), "scheduled");
    EXPECT_EQ(upgrade.title(), "Network upgrade");
    EXPECT_EQ(by_id.count("p1a2s3t4o5l6"), 0u);  // a past incident of the list below, not open
  }
}

TEST(StatuspageHomePage, NotReadWhenTheApiAnswers) {
  auto page = AtlassianStatuspage().Parse(
      kPage, ApiThenHome(200, ReadRepoFile("providers/atlassian_statuspage/testdata/home-outage.html")));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->components.empty());
}

TEST(StatuspageHomePage, ParsedAloneWhenItIsTheOnlyDocument) {
  auto page = AtlassianStatuspage().Parse(
      kPage,
      {{"home", {kPage, 200, "text/html", ReadRepoFile("providers/atlassian_statuspage/testdata/home-outage.html")}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->incidents.size(), 3u);
  EXPECT_EQ(page->components.size(), 3u);
}

TEST(StatuspageHomePage, BrokenOrMissingHomePageIsAClearError) {
  auto refused = AtlassianStatuspage().Parse(kPage, ApiThenHome(403, "", 403));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(refused.status().message(),
            "https://status.acme-cloud.test/api/v2/summary.json: HTTP 403; the home page instead: "
            "https://status.acme-cloud.test: HTTP 403");
  auto other = AtlassianStatuspage().Parse(kPage, ApiThenHome(403, "<html><body><h1>Access denied</h1></body></html>"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(other.status().message(),
            "https://status.acme-cloud.test/api/v2/summary.json: HTTP 403; the home page instead: "
            "https://status.acme-cloud.test: not a Statuspage home page (no page status, components or incidents)");
  for (
      const char* broken : {
          // An incident without its link, so without its id.
          R"(<div class="unresolved-incidents"><div class="unresolved-incident impact-minor"><div class="incident-title">x</div>
              <div class="update"><strong>Investigating</strong> - y <small><span data-datetime-unix="1764202500000"></span></small></div></div></div>)",
          // An update without any time.
          R"(<div class="unresolved-incidents"><div class="unresolved-incident impact-minor"><a href="/incidents/abc">x</a>
              <div class="update"><strong>Investigating</strong> - y</div></div></div>)",
          // A time that is not one.
          R"(<div class="unresolved-incidents"><div class="unresolved-incident impact-minor"><a href="/incidents/abc">x</a>
              <div class="update"><strong>Investigating</strong> - y <small><span data-datetime-unix="soon"></span></small></div></div></div>)",
          // The same incident twice.
          R"(<meta name="issued" content="1764205200"><div class="unresolved-incidents">
              <div class="unresolved-incident"><a href="/incidents/abc">x</a><div class="update"><strong>Update</strong> - y</div></div>
              <div class="unresolved-incident"><a href="/incidents/abc">x</a><div class="update"><strong>Update</strong> - y</div></div></div>)",
      }) {
    auto page = AtlassianStatuspage().Parse(kPage, ApiThenHome(429, broken));
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << broken;
  }
}

}  // namespace
}  // namespace statusphere::providers
