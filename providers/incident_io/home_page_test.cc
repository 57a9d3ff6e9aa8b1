// incident.io's home page as a fallback (home_page.h): on the real captures of OpenAI's and
// Aiven's pages, and on testdata/home.html, a page of the same shape written for these tests.
#include "providers/incident_io/home_page.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/incident_io/incident_io.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Component;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.acme.test";

std::string Fixture(const std::string& name) { return ReadRepoFile("providers/incident_io/testdata/" + name); }

absl::Time At(absl::string_view rfc3339) {
  absl::Time t;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error)) << error;
  return t;
}

const Component* FindComponent(const ParsedPage& page, const std::string& name) {
  for (const Component& c : page.components) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}

const Incident* FindIncident(const ParsedPage& page, const std::string& id) {
  for (const Incident& i : page.incidents) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

// The first round as the scraper gives it when the APIs answer `status`, and the home page.
Documents ApisAnsweringThenHome(int status, std::string home_body, int home_status = 200) {
  const std::string page = kPage;
  return {{"summary", {page + "/api/v2/summary.json", status, "", status == 200 ? Fixture("summary.json") : ""}},
          {"incidents", {page + "/api/v2/incidents.json", status, "", status == 200 ? Fixture("incidents.json") : ""}},
          {"native-summary", {page + "/proxy/status.acme.test", status, "", ""}},
          {"home", {page, home_status, "text/html", std::move(home_body)}}};
}

TEST(IncidentIoHomePage, AFallbackOfThePlan) {
  FetchPlan plan = IncidentIo().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  EXPECT_FALSE(plan.follow_ups);
  ASSERT_EQ(plan.fallbacks.size(), 1u);
  EXPECT_EQ(plan.fallbacks[0].role, "home");
  EXPECT_EQ(plan.fallbacks[0].url, kPage);
}

TEST(IncidentIoHomePage, AivenCaptureGivesItsPartialOutage) {
  auto html = ReadSharedFixture("incident-io/status.aiven.io-home-partial-outage-2026-03-03.html");
  if (!html) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  for (int refused : {403, 404, 429}) {
    auto page = IncidentIo().Parse("https://status.aiven.io", ApisAnsweringThenHome(refused, *html));
    ASSERT_TRUE(page.ok()) << refused << ": " << page.status();
    EXPECT_TRUE(page->lists_every_open_incident);  // the summary's ongoing incidents and maintenances
    ASSERT_EQ(page->components.size(), 2u);
    EXPECT_EQ(page->components[0].name(), "Aiven");  // the structure's order
    EXPECT_EQ(page->components[0].id(), "01H0FX8N7BQQ0RCMXSG3YPD5WW");
    EXPECT_EQ(page->components[0].status(), "partial_outage");
    EXPECT_EQ(page->components[1].name(), "Support Ticketing System");
    EXPECT_EQ(page->components[1].status(), "operational");
    ASSERT_EQ(page->incidents.size(), 1u);
    const Incident& i = page->incidents[0];
    EXPECT_EQ(i.id(), "01KJNTSXKSNJJ8NWRKFWW9XT3K");
    EXPECT_EQ(i.title(), "Amazon Web Services (AWS) ME-CENTRAL-1 region status");
    EXPECT_EQ(i.status(), "monitoring");
    EXPECT_EQ(i.impact(), "major");  // partial_outage; its component impact's end_at is $undefined
    ASSERT_EQ(i.components_size(), 1);
    EXPECT_EQ(i.components(0), "Aiven");
    EXPECT_EQ(i.events_size(), 4);
    EXPECT_EQ(FromProto(i.start_time()), At("2026-03-01T23:12:45.176Z"));
    EXPECT_EQ(FromProto(i.events(0).time()), At("2026-03-03T03:01:31.058Z"));  // newest first
    EXPECT_FALSE(IsSet(i.end_time()));
    EXPECT_EQ(i.deep_link(), "https://status.aiven.io/incidents/01KJNTSXKSNJJ8NWRKFWW9XT3K");
  }
}

TEST(IncidentIoHomePage, OpenAiCaptureGivesItsMonitoredIncidentAndEveryComponent) {
  auto html = ReadSharedFixture("incident-io/status.openai.com-home-major-monitoring-2026-03-17.html");
  if (!html) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = IncidentIo().Parse("https://status.openai.com", ApisAnsweringThenHome(403, *html));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  ASSERT_EQ(page->components.size(), 31u);
  int operational = 0;
  for (const Component& c : page->components) operational += c.status() == "operational";
  EXPECT_EQ(operational, 31);  // the incident's impact on Login ended at 04:09
  // Three groups have a "Login"; the incident's is ChatGPT's.
  int logins = 0;
  const Component* chatgpt_login = nullptr;
  for (const Component& c : page->components) {
    logins += c.name() == "Login";
    if (c.id() == "01JMXBNJXG1S2D9V65P1ZZTD94") chatgpt_login = &c;
  }
  EXPECT_EQ(logins, 3);
  ASSERT_NE(chatgpt_login, nullptr);
  EXPECT_EQ(chatgpt_login->group(), "ChatGPT");
  EXPECT_EQ(FindComponent(*page, "FedRAMP")->group(), "FedRAMP");
  EXPECT_EQ(page->components[0].name(), "Chat Completions");
  EXPECT_EQ(page->components[0].group(), "APIs");
  ASSERT_EQ(page->incidents.size(), 1u);
  const Incident& i = page->incidents[0];
  EXPECT_EQ(i.id(), "01KKWW47249GJZZP9ZGR1PTHV5");
  EXPECT_EQ(i.title(), "Elevated errors for sign-in and account creation");
  EXPECT_EQ(i.status(), "monitoring");
  EXPECT_EQ(i.impact(), "minor");  // degraded_performance of Login
  ASSERT_EQ(i.components_size(), 1);
  EXPECT_EQ(i.components(0), "Login");
  ASSERT_EQ(i.events_size(), 5);
  EXPECT_EQ(i.events(0).status(), "monitoring");
  EXPECT_EQ(FromProto(i.events(0).time()), At("2026-03-17T05:21:16.023Z"));
  EXPECT_EQ(i.events(2).status(), "resolved");  // resolved once, then reopened
  EXPECT_EQ(i.events(4).status(), "identified");
  EXPECT_EQ(i.events(4).description(),
            "We have identified that users are experiencing elevated errors for sign-ins and account creations.\n\n"
            "We are working on implementing a mitigation.");
  EXPECT_EQ(FromProto(i.start_time()), At("2026-03-17T02:42:00Z"));  // its first update, before publishing
  EXPECT_FALSE(IsSet(i.end_time()));
}

TEST(IncidentIoHomePage, OwnFixtureReadAloneWhenTheApisAreRefused) {
  for (int refused : {403, 404, 429, 503}) {
    auto page = IncidentIo().Parse(kPage, ApisAnsweringThenHome(refused, Fixture("home.html")));
    ASSERT_TRUE(page.ok()) << refused << ": " << page.status();
    EXPECT_TRUE(page->lists_every_open_incident);
    ASSERT_EQ(page->components.size(), 3u);
    EXPECT_EQ(page->components[0].name(), "API");
    EXPECT_EQ(page->components[0].group(), "Platform");
    EXPECT_EQ(page->components[0].status(), "partial_outage");
    EXPECT_EQ(page->components[1].name(), "Dashboard");
    EXPECT_EQ(page->components[1].status(), "operational");
    EXPECT_EQ(page->components[2].name(), "Webhooks");
    EXPECT_EQ(page->components[2].group(), "");
    ASSERT_EQ(page->incidents.size(), 2u);
    const Incident* incident = FindIncident(*page, "01HZ000000000000000000INC1");
    ASSERT_NE(incident, nullptr);
    EXPECT_EQ(incident->title(), "Elevated API error rates");
    EXPECT_EQ(incident->status(), "identified");
    EXPECT_EQ(incident->impact(), "major");
    ASSERT_EQ(incident->events_size(), 2);
    EXPECT_EQ(incident->events(0).description(), "A bad deploy \u2014 rolling back.");  // \u2014 in the literal
    EXPECT_EQ(incident->events(1).description(), "We are investigating errors on <5% of calls.");  // \u003c
    const Incident* maintenance = FindIncident(*page, "01HZ000000000000000000MNT1");
    ASSERT_NE(maintenance, nullptr);
    EXPECT_EQ(maintenance->impact(), "maintenance");
    EXPECT_EQ(maintenance->status(), "scheduled");
    EXPECT_FALSE(IsSet(maintenance->end_time()));
  }
}

TEST(IncidentIoHomePage, StandsInForTheNativeSummaryWhenOnlyThatIsMissing) {
  Documents docs = ApisAnsweringThenHome(200, Fixture("home.html"));
  auto page = IncidentIo().Parse(kPage, docs);
  ASSERT_TRUE(page.ok()) << page.status();
  // The compatible API's incidents, and what only the home page has: the maintenance, the
  // groups, and that every open incident is listed.
  EXPECT_TRUE(page->lists_every_open_incident);
  EXPECT_NE(FindIncident(*page, "01HZ000000000000000000MNT1"), nullptr);
  auto api_only = IncidentIo().Parse(kPage, {{"summary", {"s", 200, "", Fixture("summary.json")}},
                                             {"incidents", {"i", 200, "", Fixture("incidents.json")}}});
  ASSERT_TRUE(api_only.ok()) << api_only.status();
  EXPECT_FALSE(api_only->lists_every_open_incident);
  EXPECT_EQ(page->incidents.size(), api_only->incidents.size() + 2);  // the home page's two are new
}

TEST(IncidentIoHomePage, BrokenOrMissingHomePageIsAClearError) {
  // The APIs refused and the home page refused too: both are said.
  auto refused = IncidentIo().Parse(kPage, ApisAnsweringThenHome(403, "", 403));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(refused.status().message(),
            "https://status.acme.test/api/v2/summary.json: HTTP 403; the home page instead: "
            "https://status.acme.test: HTTP 403");
  // A page that carries no summary.
  auto plain = IncidentIo().Parse(kPage, ApisAnsweringThenHome(403, "<html><body>Just a moment...</body></html>"));
  EXPECT_EQ(plain.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(plain.status().message().find("https://status.acme.test: no Next.js flight data"), std::string::npos)
      << plain.status();
  // Flight data whose summary is broken: an incident without an id.
  auto broken = IncidentIo().Parse(
      kPage,
      ApisAnsweringThenHome(
          403,
          R"(<script>self.__next_f.push([1,"0:[{\"summary\":{\"ongoing_incidents\":[{\"name\":\"x\"}]}}]\n"])</script>)"));
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("an incident has no id"), std::string::npos) << broken.status();
  // A chunk that is no literal.
  auto garbled =
      IncidentIo().Parse(kPage, ApisAnsweringThenHome(403, "<script>self.__next_f.push([1,\"abc])</script>"));
  EXPECT_EQ(garbled.status().code(), absl::StatusCode::kInvalidArgument);
  // With the APIs answering, a home page without a summary is done without.
  auto extra = IncidentIo().Parse(kPage, ApisAnsweringThenHome(200, "<html></html>"));
  EXPECT_TRUE(extra.ok()) << extra.status();
}

}  // namespace
}  // namespace statusphere::providers
