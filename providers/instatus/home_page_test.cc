// Instatus's home page (home_page.h): on the real capture of mastodon.social's page, and on
// testdata/home.html, a page of the same shape written for these tests.
#include "providers/instatus/home_page.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "providers/instatus/instatus.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.acme.test";

std::string Fixture(const std::string& name) { return ReadRepoFile("providers/instatus/testdata/" + name); }

absl::Time At(absl::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

const Incident* Find(const ParsedPage& page, const std::string& id) {
  for (const Incident& i : page.incidents) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

Documents Scrape(int api_status, std::string summary, std::string home, int home_status = 200) {
  const std::string page = kPage;
  return {{"summary", {page + "/summary.json", api_status, "", std::move(summary)}},
          {"components", {page + "/v3/components.json", api_status, "", R"({"components":[]})"}},
          {"home", {page, home_status, "text/html", std::move(home)}}};
}

TEST(InstatusHomePage, FetchedOnEveryScrape) {
  EXPECT_EQ(UrlsOf(Instatus().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents),
            (std::vector<std::string>{"https://status.acme.test/summary.json",
                                      "https://status.acme.test/v3/components.json", "https://status.acme.test"}));
}

TEST(InstatusHomePage, MastodonCaptureGivesItsMajorOutage) {
  auto html = ReadSharedFixture("instatus/status.mastodon.social-home-major-outage-with-components-2025-12-17.html");
  if (!html) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  for (int refused : {403, 404, 429}) {
    auto page = Instatus().Parse("https://status.mastodon.social", Scrape(refused, "", *html));
    ASSERT_TRUE(page.ok()) << refused << ": " << page.status();
    EXPECT_TRUE(page->lists_every_open_incident);
    ASSERT_EQ(page->components.size(), 4u);  // in the page's order
    EXPECT_EQ(page->components[0].name(), "Website & API");
    EXPECT_EQ(page->components[0].status(), "major_outage");
    EXPECT_EQ(page->components[1].name(), "Background queues");
    EXPECT_EQ(page->components[1].status(), "major_outage");
    EXPECT_EQ(page->components[2].name(), "Media storage");
    EXPECT_EQ(page->components[2].status(), "operational");
    EXPECT_EQ(page->components[3].name(), "Streaming API");
    EXPECT_EQ(page->components[3].status(), "major_outage");
    EXPECT_EQ(page->components[3].id(), "cldkniuwz117322x1mugxlrqqgg");
    ASSERT_EQ(page->incidents.size(), 2u);
    const Incident* sidekiq = Find(*page, "cmk1b5pf4026zxderxh5yval0");
    ASSERT_NE(sidekiq, nullptr);
    EXPECT_EQ(sidekiq->title(), "Connectivity/timeout issues with sidekiq");
    EXPECT_EQ(sidekiq->status(), "monitoring");
    EXPECT_EQ(sidekiq->impact(), "critical");  // its impact says OPERATIONAL, its components MAJOROUTAGE
    ASSERT_EQ(sidekiq->components_size(), 2);
    EXPECT_EQ(sidekiq->components(0), "Website & API");
    EXPECT_EQ(sidekiq->components(1), "Background queues");
    ASSERT_EQ(sidekiq->events_size(), 2);
    EXPECT_EQ(sidekiq->events(0).status(), "monitoring");
    EXPECT_EQ(FromProto(sidekiq->events(0).time()), At("2026-01-07T06:42:57.784Z"));
    EXPECT_EQ(sidekiq->events(1).status(), "investigating");
    EXPECT_EQ(sidekiq->events(1).description().rfind("There appears to be an issue with connection timeouts", 0), 0u);
    EXPECT_EQ(FromProto(sidekiq->start_time()), At("2025-12-17T14:00:00Z"));
    EXPECT_FALSE(IsSet(sidekiq->end_time()));
    EXPECT_EQ(sidekiq->deep_link(), "https://status.mastodon.social/cmk1b5pf4026zxderxh5yval0");
    // An earlier outage, from the uptime bars' notices.
    const Incident* hetzner = Find(*page, "cmm2j0zlx0hkf9d6cvtyjzqe6");
    ASSERT_NE(hetzner, nullptr);
    EXPECT_EQ(hetzner->title(), "Hetzner Outage");
    EXPECT_EQ(hetzner->status(), "resolved");
    EXPECT_EQ(hetzner->impact(), "critical");
    EXPECT_EQ(FromProto(hetzner->start_time()), At("2026-02-25T21:08:32.240Z"));
    EXPECT_EQ(FromProto(hetzner->end_time()), At("2026-02-25T21:35:12.885Z"));
    EXPECT_EQ(hetzner->events_size(), 1);
  }
}

TEST(InstatusHomePage, OwnFixtureReadAloneWhenSummaryIsRefused) {
  auto page = Instatus().Parse(kPage, Scrape(403, "", Fixture("home.html")));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  ASSERT_EQ(page->components.size(), 4u);  // the archived one is not on the page
  EXPECT_EQ(page->components[0].name(), "Website");
  EXPECT_EQ(page->components[1].name(), "Public API");  // the site's language, "en", before "default"
  EXPECT_EQ(page->components[1].status(), "partial_outage");
  EXPECT_EQ(page->components[2].name(), "Database");
  EXPECT_EQ(page->components[2].group(), "Infrastructure");
  EXPECT_EQ(page->components[3].name(), "Queue");
  EXPECT_EQ(page->components[3].group(), "Infrastructure");
  EXPECT_EQ(page->components[3].status(), "degraded_performance");
  ASSERT_EQ(page->incidents.size(), 3u);
  const Incident* errors = Find(*page, "clinc000000000000000000001");
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ(errors->title(), "Elevated API errors");
  EXPECT_EQ(errors->status(), "identified");
  EXPECT_EQ(errors->impact(), "major");
  ASSERT_EQ(errors->events_size(), 2);
  EXPECT_EQ(errors->events(0).description(), "A failing node was found; replacing it.");
  EXPECT_EQ(errors->events(1).description(), "Looking into API errors.");  // from its HTML
  const Incident* upgrade = Find(*page, "clmnt000000000000000000001");
  ASSERT_NE(upgrade, nullptr);
  EXPECT_EQ(upgrade->impact(), "maintenance");
  EXPECT_EQ(upgrade->status(), "scheduled");
  EXPECT_EQ(FromProto(upgrade->scheduled_start_time()), At("2026-02-12T22:00:00Z"));
  EXPECT_EQ(FromProto(upgrade->scheduled_end_time()), At("2026-02-13T00:00:00Z"));  // 120 minutes
  const Incident* login = Find(*page, "clinc000000000000000000000");
  ASSERT_NE(login, nullptr);
  EXPECT_EQ(login->status(), "resolved");
  EXPECT_EQ(login->impact(), "critical");
  EXPECT_EQ(FromProto(login->end_time()), At("2026-02-01T10:30:00Z"));
}

TEST(InstatusHomePage, AddsItsFactsToTheSummary) {
  // summary.json knows the incident without components or texts, and not the old outage.
  const std::string summary = R"({"page":{"name":"Acme","status":"HASISSUES"},
    "activeIncidents":[{"id":"clinc000000000000000000001","name":"Elevated API errors","started":"2026-02-10T08:00:00.000Z",
      "status":"IDENTIFIED","impact":"OPERATIONAL","url":"https://status.acme.test/clinc000000000000000000001",
      "updatedAt":"2026-02-10T08:45:00.000Z"}]})";
  auto api_only = Instatus().Parse(kPage, Scrape(200, summary, "", 404));
  ASSERT_TRUE(api_only.ok()) << api_only.status();
  ASSERT_EQ(api_only->incidents.size(), 1u);
  EXPECT_EQ(api_only->incidents[0].impact(), "none");
  EXPECT_EQ(api_only->incidents[0].events_size(), 1);

  auto page = Instatus().Parse(kPage, Scrape(200, summary, Fixture("home.html")));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 3u);
  const Incident& errors = page->incidents[0];
  EXPECT_EQ(errors.id(), "clinc000000000000000000001");
  EXPECT_EQ(errors.impact(), "major");
  EXPECT_EQ(errors.components_size(), 2);
  ASSERT_EQ(errors.events_size(), 2);
  EXPECT_EQ(errors.events(0).description(), "A failing node was found; replacing it.");
  EXPECT_NE(Find(*page, "clinc000000000000000000000"), nullptr);
  EXPECT_EQ(page->components.size(), 4u);  // components.json listed none
}

TEST(InstatusHomePage, BrokenOrMissingHomePageIsAClearError) {
  auto refused = Instatus().Parse(kPage, Scrape(403, "", "", 403));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(
      refused.status().message(),
      "https://status.acme.test/summary.json: HTTP 403; the home page instead: https://status.acme.test: HTTP 403");
  auto plain = Instatus().Parse(kPage, Scrape(429, "", "<html><body>Too many requests</body></html>"));
  EXPECT_EQ(plain.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(plain.status().message().find("no Next.js flight data"), std::string::npos) << plain.status();
  auto broken = Instatus().Parse(
      kPage,
      Scrape(403, "",
             R"(<script>self.__next_f.push([1,"0:{\"site\":{},\"activeIncidents\":[{\"name\":\"x\"}]}\n"])</script>)"));
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("an incident has no id"), std::string::npos) << broken.status();
  // With summary.json answering, a home page without site data is done without...
  const std::string summary = R"({"page":{"status":"UP"}})";
  EXPECT_TRUE(Instatus().Parse(kPage, Scrape(200, summary, "<html></html>")).ok());
  // ...but site data that is broken is an error.
  EXPECT_FALSE(
      Instatus()
          .Parse(kPage, Scrape(200, summary,
                               R"(<script>self.__next_f.push([1,"0:{\"site\":{},\"activeIncidents\":7}\n"])</script>)"))
          .ok());
}

// Pages of the build before the App Router: __NEXT_DATA__'s props.pageProps.
TEST(InstatusHomePage, TheOlderBuildsNextDataIsReadAsTheFlightDataIs) {
  auto page = ParseInstatusHomePage(kPage, kPage, Fixture("home-next-data.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  EXPECT_EQ(page->platform_indicator, "HASISSUES");  // the site's status, as summary.json's page.status
  // Conservation: five components, one archived (not shown), groups aside.
  ASSERT_EQ(page->components.size(), 4u);
  EXPECT_EQ(page->components[0].name(), "API");
  EXPECT_EQ(page->components[0].group(), "Core");
  EXPECT_EQ(page->components[0].status(), "partial_outage");
  EXPECT_EQ(page->components[2].status(), "under_maintenance");
  EXPECT_EQ(page->components[3].name(), "Email");
  // The active incident (once, though the notices repeat it), the maintenance, the ended notice.
  ASSERT_EQ(page->incidents.size(), 3u);
  const Incident* open = Find(*page, "cli-1");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->status(), "identified");
  EXPECT_EQ(open->impact(), "major");
  ASSERT_EQ(open->events_size(), 2);
  EXPECT_EQ(open->events(0).description(), "A bad node.");
  ASSERT_EQ(open->components_size(), 1);
  EXPECT_EQ(open->components(0), "API");
  const Incident* window = Find(*page, "clm-1");
  ASSERT_NE(window, nullptr);
  EXPECT_EQ(window->impact(), "maintenance");
  EXPECT_EQ(FromProto(window->scheduled_end_time()), At("2023-03-01T15:00:00Z"));
  // A notice names its components by id only: named from the site's components.
  const Incident* ended = Find(*page, "cli-0");
  ASSERT_NE(ended, nullptr);
  EXPECT_EQ(ended->status(), "resolved");
  EXPECT_EQ(FromProto(ended->end_time()), At("2023-02-20T10:30:00Z"));
  ASSERT_EQ(ended->components_size(), 2);
  EXPECT_EQ(ended->components(0), "Email");
  EXPECT_EQ(ended->components(1), "Web app");

  auto quiet = ParseInstatusHomePage(kPage, kPage, Fixture("home-next-data-quiet.html"));
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  ASSERT_EQ(quiet->components.size(), 2u);
  EXPECT_EQ(quiet->components[0].name(), "Streaming");  // by order
  ASSERT_EQ(quiet->incidents.size(), 1u);
  EXPECT_EQ(quiet->incidents[0].components(0), "Website");
}

TEST(InstatusHomePage, TheOlderBuildIsDetectedAndStandsInForARefusedSummary) {
  const Detection d = Instatus().detection();
  EXPECT_TRUE(d.HomePageMatches({kPage, 200, "text/html", Fixture("home-next-data.html")}));
  EXPECT_TRUE(d.HomePageMatches({kPage, 200, "text/html", Fixture("home-next-data-quiet.html")}));
  // Another Next.js page of the same router is not an Instatus page.
  EXPECT_FALSE(d.HomePageMatches(
      {kPage, 200, "text/html",
       R"(<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"posts":[]}}}</script>)"}));
  auto page = Instatus().Parse(kPage, Scrape(403, "", Fixture("home-next-data.html")));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components.size(), 4u);
  EXPECT_EQ(page->incidents.size(), 3u);
  auto broken =
      ParseInstatusHomePage(kPage, kPage, R"(<script id="__NEXT_DATA__" type="application/json">{"props": </script>)");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument) << broken.status();
}

}  // namespace
}  // namespace statusphere::providers
