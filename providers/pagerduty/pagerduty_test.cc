#include "providers/pagerduty/pagerduty.h"

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "providers/pagerduty/data_island.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;
using statusphere::v1::Incident;

constexpr char kCapture[] = "pagerduty/status.pagerduty.com-home-open-minor-incident-2023-12-15.html";

absl::StatusOr<ParsedPage> ParseHome(const std::string& html, int status = 200) {
  return PagerDuty().Parse("https://status.example.com",
                           {{"home", {"https://status.example.com", status, "text/html", html}}});
}

const Incident* Find(const ParsedPage& page, const std::string& id) {
  for (const auto& i : page.incidents) {
    if (i.id() == id) return &i;
  }
  return nullptr;
}

std::map<std::string, std::string> StatusByName(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(PagerDuty, OwnPageOpenIncidentImpactsItsServices) {
  auto page = ParseHome(ReadRepoFile("providers/pagerduty/testdata/home.html"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);
  ASSERT_EQ(page->incidents.size(), 2u);
  const Incident* open = Find(*page, "PINC001");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->title(), "Delayed webhooks");
  EXPECT_EQ(open->impact(), "major");  // the worst update severity
  EXPECT_EQ(open->status(), "investigating");
  EXPECT_FALSE(IsSet(open->end_time()));
  EXPECT_EQ(FromProto(open->start_time()), *ParseRfc3339("2026-03-02T10:15:00Z"));
  ASSERT_EQ(open->events_size(), 2);
  EXPECT_EQ(open->events(0).id(), "PUPD003");
  EXPECT_EQ(open->events(0).title(), "Investigating");
  EXPECT_EQ(open->events(0).description(), "Webhooks to the EU region are delayed by up to 10 minutes.");
  EXPECT_EQ(open->events(1).title(), "Detected");  // PagerDuty's word, an investigating status
  EXPECT_EQ(open->events(1).status(), "investigating");
  EXPECT_EQ(open->description(), open->events(0).description());  // no postmortem: the latest update
  ASSERT_EQ(open->components_size(), 2);
  EXPECT_EQ(open->components(0), "Webhooks (EU)");

  // Services: the inactive one is not on the page; each open impact sets its service's status.
  ASSERT_EQ(page->components.size(), 3u);
  EXPECT_EQ(page->components[0].id(), "PSVCWEU");  // the business service id impacts name
  EXPECT_EQ(page->components[0].group(), "Webhooks");
  EXPECT_EQ(page->components[2].group(), "");
  auto status = StatusByName(*page);
  EXPECT_EQ(status["Webhooks (EU)"], "major_outage");
  EXPECT_EQ(status["Webhooks (US)"], "degraded_performance");
  EXPECT_EQ(status["Log In"], "operational");  // its incident is resolved
  EXPECT_EQ(status.count("Retired API"), 0u);

  // The resolved one ends with its resolving update; its postmortem is its text and last update.
  const Incident* resolved = Find(*page, "PINC000");
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->status(), "resolved");
  EXPECT_EQ(resolved->impact(), "major");
  EXPECT_EQ(FromProto(resolved->end_time()), *ParseRfc3339("2026-02-18T08:30:00Z"));
  ASSERT_EQ(resolved->events_size(), 3);
  EXPECT_EQ(resolved->events(0).title(), "Postmortem");
  EXPECT_EQ(resolved->events(0).id(), "PPM0001");
  EXPECT_TRUE(absl::StrContains(resolved->description(), "A certificate expired & logins failed"))
      << resolved->description();
  EXPECT_EQ(resolved->events(1).title(), "Resolved");
}

TEST(PagerDuty, RealCaptureOfStatusPagerDutyCom) {
  auto html = ReadSharedFixture(kCapture);
  if (!html) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto page = ParseHome(*html);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 81u);  // 1 open, 80 resolved
  int open = 0, with_postmortem = 0, events = 0;
  std::map<std::string, int> impacts;
  for (const auto& i : page->incidents) {
    open += !IsSet(i.end_time());
    ++impacts[i.impact()];
    events += i.events_size();
    with_postmortem += !i.events().empty() && i.events(0).status() == "postmortem";
    EXPECT_FALSE(i.description().empty()) << i.id();
  }
  EXPECT_EQ(open, 1);
  EXPECT_EQ(with_postmortem, 59);
  EXPECT_EQ(events, 321 + 59);  // every update, and each postmortem
  EXPECT_EQ(impacts["minor"], 47);
  EXPECT_EQ(impacts["critical"], 16);  // an update of severity "outage"
  EXPECT_EQ(impacts["none"], 15);      // "all good" throughout
  EXPECT_EQ(impacts["major"], 3);

  const Incident* current = Find(*page, "P1VQT26");
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current->title(), "Inconsistent Service Statuses");
  EXPECT_EQ(current->impact(), "minor");
  EXPECT_EQ(current->status(), "investigating");
  EXPECT_EQ(current->events_size(), 3);
  EXPECT_EQ(FromProto(current->start_time()), *ParseRfc3339("2023-12-14T21:57:30Z"));
  EXPECT_EQ(current->events(2).title(), "Detected");
  ASSERT_EQ(current->components_size(), 2);
  EXPECT_EQ(current->components(0), "Services (US)");

  const Incident* oldest = Find(*page, "PIDEMD8");
  ASSERT_NE(oldest, nullptr);
  EXPECT_EQ(oldest->title(), "Delayed Incident Notifications");
  EXPECT_EQ(FromProto(oldest->start_time()), *ParseRfc3339("2022-06-21T07:01:09Z"));
  EXPECT_EQ(FromProto(oldest->end_time()), *ParseRfc3339("2022-06-21T07:24:46Z"));

  // 65 services, one inactive; the open incident's two are degraded, the rest operational.
  ASSERT_EQ(page->components.size(), 64u);
  std::map<std::string, int> statuses;
  int grouped = 0;
  for (const auto& c : page->components) {
    ++statuses[c.status()];
    grouped += !c.group().empty();
  }
  EXPECT_EQ(statuses["degraded_performance"], 2);
  EXPECT_EQ(statuses["operational"], 62);
  EXPECT_EQ(grouped, 61);
  auto status = StatusByName(*page);
  EXPECT_EQ(status["Services (EU)"], "degraded_performance");
  EXPECT_EQ(status["SMS (EU)"], "operational");
  EXPECT_EQ(page->components[0].id(), "PO7AD07");
}

TEST(PagerDuty, DetectionProbesTheHomePageForTheIsland) {
  const Detection d = PagerDuty().detection();
  EXPECT_FALSE(d.IsKnownHost("https://status.pagerduty.com"));
  EXPECT_EQ(d.probe_url("https://status.example.com"), "https://status.example.com");
  const std::string home = ReadRepoFile("providers/pagerduty/testdata/home.html");
  EXPECT_TRUE(d.ProbeMatches({"https://status.example.com", 200, "text/html", home}));
  EXPECT_FALSE(d.ProbeMatches({"https://status.example.com", 404, "text/html", home}));
  // Another app's JSON island, or the island in a script of another type, is not PagerDuty's.
  EXPECT_FALSE(d.ProbeMatches({"u", 200, "", R"(<script id="data" type="application/json">{"props":{}}</script>)"}));
  EXPECT_FALSE(d.ProbeMatches(
      {"u", 200, "",
       R"(<script id="data">{"summary":{"post_status_page_services":[],"open_incidents":[]}}</script>)"}));
  EXPECT_TRUE(d.ProbeMatches(
      {"u", 200, "",
       R"(<script id="data" type="application/json">{"summary":{"post_status_page_services":[],"open_incidents":[]}}</script>)"}));
}

TEST(PagerDuty, AHomePageOverTheParseBudgetIsReportedAsRefusedNotAsMissingData) {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  auto page = ParseHome(html);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kResourceExhausted) << page.status();
  EXPECT_TRUE(absl::StrContains(page.status().message(), "https://status.example.com: HTML of 25000 bytes nests"))
      << page.status();
}

TEST(PagerDuty, BrokenPagesAreErrorsNamingTheDocument) {
  EXPECT_EQ(ParseHome("", 503).status().code(), absl::StatusCode::kUnavailable);
  for (
      const char* html : {
          "<html><body>Maintenance</body></html>",
          R"(<script id="data" type="application/json">{"summary":</script>)",
          R"(<script id="data" type="application/json">[1,2]</script>)",
          R"(<script id="data" type="application/json">{"summary":{"post_status_page_services":[],"open_incidents":[{"title":"no id","updates":[]}]}}</script>)",
          R"(<script id="data" type="application/json">{"summary":{"post_status_page_services":[],"open_incidents":[{"id":"P1","updates":[{"reported_at":"soon"}]}]}}</script>)",
          R"(<script id="data" type="application/json">{"summary":{"post_status_page_services":[],"open_incidents":[{"id":"P1","updates":[]}]}}</script>)",
          R"(<script id="data" type="application/json">{"summary":{"post_status_page_services":[],"open_incidents":[{"id":"P1","updates":[{"reported_at":"2026-01-01T00:00:00Z"}]}],"resolved_incidents":[{"id":"P1","updates":[{"reported_at":"2026-01-01T00:00:00Z"}]}]}}</script>)",
      }) {
    auto page = ParseHome(html);
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << html;
    EXPECT_TRUE(absl::StrContains(page.status().message(), "https://status.example.com")) << page.status();
  }
  // A page with no incidents at all is a quiet page, not an error.
  auto quiet = ParseHome(
      R"(<script id="data" type="application/json">{"summary":{"post_status_page_services":[{"external_business_service_id":"PX","name":"API"}],"open_incidents":[],"resolved_incidents":[]}}</script>)");
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  ASSERT_EQ(quiet->components.size(), 1u);
  EXPECT_EQ(quiet->components[0].status(), "operational");
}

}  // namespace
}  // namespace statusphere::providers
