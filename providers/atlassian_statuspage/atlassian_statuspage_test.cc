#include "providers/atlassian_statuspage/atlassian_statuspage.h"

#include <map>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "providers/atlassian_statuspage/history_html.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::testing::ReadSharedFixture;

constexpr char kPage[] = "https://status.example.com";

std::vector<Documents::Entry> Api(const std::string& summary, const std::string& incidents,
                                  const std::string& maintenances, int maintenance_status = 200) {
  return {{"summary", {std::string(kPage) + "/api/v2/summary.json", 200, "application/json", summary}},
          {"incidents", {std::string(kPage) + "/api/v2/incidents.json", 200, "application/json", incidents}},
          {"scheduled-maintenances",
           {std::string(kPage) + "/api/v2/scheduled-maintenances.json", maintenance_status, "application/json",
            maintenances}}};
}

std::string Own(const std::string& name) { return ReadRepoFile("providers/atlassian_statuspage/testdata/" + name); }

absl::Time T(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return t;
}

std::map<std::string, statusphere::v1::Incident> ById(const ParsedPage& page) {
  std::map<std::string, statusphere::v1::Incident> out;
  for (const auto& i : page.incidents) out[i.id()] = i;
  return out;
}

TEST(AtlassianStatuspage, FetchesTheJsonApi) {
  AtlassianStatuspage p;
  auto urls = UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents);
  ASSERT_EQ(urls.size(), 3u);
  EXPECT_EQ(urls[0], "https://status.example.com/api/v2/summary.json");
  EXPECT_EQ(urls[2], "https://status.example.com/api/v2/scheduled-maintenances.json");
  auto backfill = UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_HISTORICAL).documents);
  ASSERT_EQ(backfill.size(), 8u);
  EXPECT_EQ(backfill[3], "https://status.example.com/history.atom");
  EXPECT_EQ(backfill[4], "https://status.example.com/history?page=1");
  EXPECT_EQ(backfill[7], "https://status.example.com/history?page=4");
}

TEST(AtlassianStatuspage, BackfillAddsFeedIncidentsAndPrefersTheJsonCopy) {
  AtlassianStatuspage p;
  std::vector<Documents::Entry> docs =
      Api(Own("summary.json"), Own("incidents.json"), Own("scheduled-maintenances.json"));
  docs.push_back(
      {"history-feed", {std::string(kPage) + "/history.atom", 200, "application/atom+xml", R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><id>tag:status.example.com,2005:Incident/1</id><published>2024-01-01T10:00:00Z</published>
    <link rel="alternate" type="text/html" href="https://status.example.com/incidents/ancient1"/>
    <title>An old outage</title>
    <content type="html">&lt;p&gt;&lt;small&gt;Jan &lt;var data-var='date'&gt;1&lt;/var&gt;, &lt;var data-var='time'&gt;10:00&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - Fixed.&lt;/p&gt;</content></entry>
  <entry><id>tag:status.example.com,2005:Incident/2</id><published>2025-02-01T13:00:00Z</published>
    <link rel="alternate" type="text/html" href="https://status.example.com/incidents/old1"/>
    <title>Feed title of old1</title><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry>
</feed>)"}});
  auto page = p.Parse(kPage, docs);
  ASSERT_TRUE(page.ok()) << page.status();
  auto incidents = ById(*page);
  ASSERT_EQ(incidents.size(), 4u);
  EXPECT_EQ(incidents["ancient1"].title(), "An old outage");
  EXPECT_TRUE(IsSet(incidents["ancient1"].end_time()));
  EXPECT_EQ(incidents["old1"].title(), "Delayed webhooks");  // the JSON copy won
  // A page without a feed still backfills from its JSON.
  docs[3] = {"history-feed", {std::string(kPage) + "/history.atom", 404, "text/html", "nope"}};
  EXPECT_EQ(p.Parse(kPage, docs)->incidents.size(), 3u);
}

TEST(AtlassianStatuspage, OwnFixtureComponentsIncidentsAndMaintenance) {
  AtlassianStatuspage p;
  auto page = p.Parse(kPage, Api(Own("summary.json"), Own("incidents.json"), Own("scheduled-maintenances.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "major");  // the summary's status.indicator
  // Groups are headings, placeholders are dropped, unknown statuses become "unknown".
  ASSERT_EQ(page->components.size(), 3u);
  EXPECT_EQ(page->components[0].name(), "API");
  EXPECT_EQ(page->components[0].group(), "Core");
  EXPECT_EQ(page->components[0].status(), "partial_outage");
  EXPECT_EQ(page->components[2].status(), "unknown");

  auto incidents = ById(*page);
  ASSERT_EQ(incidents.size(), 3u);
  const auto& open = incidents["open1"];
  EXPECT_EQ(open.impact(), "major");
  EXPECT_EQ(open.status(), "identified");
  EXPECT_EQ(FromProto(open.start_time()), T("2025-03-01T08:55:00Z"));
  EXPECT_FALSE(IsSet(open.end_time()));
  EXPECT_EQ(open.deep_link(), "https://stspg.io/abc");
  ASSERT_EQ(open.components_size(), 1);
  EXPECT_EQ(open.components(0), "API");
  ASSERT_EQ(open.events_size(), 2);
  EXPECT_EQ(open.events(0).title(), "Identified");
  EXPECT_EQ(open.events(0).description(), "We found the cause & are fixing it.\nMore soon.");

  const auto& old = incidents["old1"];
  EXPECT_EQ(old.status(), "postmortem");
  EXPECT_EQ(FromProto(old.end_time()), T("2025-02-01T13:00:00Z"));
  EXPECT_EQ(old.description(), "Root cause: a full queue.");
  EXPECT_EQ(FromProto(old.events(2).time()), T("2025-02-01T11:58:00Z"));  // display_at, backdated
  EXPECT_EQ(old.deep_link(), "https://status.example.com/incidents/old1");

  const auto& mnt = incidents["mnt1"];
  EXPECT_EQ(mnt.impact(), "maintenance");
  EXPECT_EQ(FromProto(mnt.scheduled_start_time()), T("2025-03-10T02:00:00Z"));
  EXPECT_EQ(FromProto(mnt.scheduled_end_time()), T("2025-03-10T04:00:00Z"));
  EXPECT_FALSE(IsSet(mnt.end_time()));
}

TEST(AtlassianStatuspage, MissingMaintenanceEndpointIsFine) {
  AtlassianStatuspage p;
  auto page = p.Parse(kPage, Api(Own("summary.json"), Own("incidents.json"), "not found", 404));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->incidents.size(), 2u);
}

// A saved summary.json alone (statusphere-parse) is its components and unresolved
// incidents; the roles not given are not read.
TEST(AtlassianStatuspage, ASummaryAloneParsesToWhatItHolds) {
  AtlassianStatuspage p;
  auto page = p.Parse(kPage, {{"summary", {"summary.json", 200, "", Own("summary.json")}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components.size(), 3u);
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_EQ(page->incidents[0].id(), "open1");
  EXPECT_TRUE(page->lists_every_open_incident);
  // Without the summary, the incidents do not tell which open ones are all of them.
  page = p.Parse(kPage, {{"incidents", {"incidents.json", 200, "", Own("incidents.json")}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_FALSE(page->lists_every_open_incident);
}

TEST(AtlassianStatuspage, GitHubCapture2026) {
  auto summary = ReadSharedFixture("atlassian-statuspage/githubstatus-summary-2026-07-31.json");
  auto incidents = ReadSharedFixture("atlassian-statuspage/githubstatus-incidents-2026-07-31.json");
  if (!summary || !incidents) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  AtlassianStatuspage p;
  auto page = p.Parse("https://www.githubstatus.com", Api(*summary, *incidents, "{\"scheduled_maintenances\":[]}"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->lists_every_open_incident);  // summary.json lists every unresolved incident
  EXPECT_EQ(page->platform_indicator, "none");
  EXPECT_EQ(page->components.size(), 11u);  // 12 minus the "Visit www.githubstatus.com" placeholder
  for (const auto& c : page->components) {
    EXPECT_EQ(c.status(), "operational");
    EXPECT_FALSE(absl::StartsWith(c.name(), "Visit "));
  }
  ASSERT_EQ(page->incidents.size(), 50u);
  int critical = 0, major = 0, minor = 0, none = 0;
  for (const auto& i : page->incidents) {
    critical += i.impact() == "critical";
    major += i.impact() == "major";
    minor += i.impact() == "minor";
    none += i.impact() == "none";
    EXPECT_TRUE(IsSet(i.end_time())) << i.id();  // all 50 are resolved
    // Retroactive incidents (posted after the fact) back-date created_at but not started_at:
    // the start is the earlier of the two, so it never lies after the end.
    EXPECT_GE(FromProto(i.end_time()), FromProto(i.start_time())) << i.id();
  }
  EXPECT_EQ(critical, 11);
  EXPECT_EQ(major, 10);
  EXPECT_EQ(minor, 26);
  EXPECT_EQ(none, 3);
  auto by_id = ById(*page);
  const auto& first = by_id["9tpgqq1h4bs7"];
  EXPECT_EQ(first.title(), "Copilot model Claude Fable 5 experiencing elevated errors");
  EXPECT_EQ(first.impact(), "minor");
  EXPECT_EQ(first.events_size(), 4);
  EXPECT_EQ(FromProto(first.start_time()), T("2026-07-30T09:07:42.413Z"));
  EXPECT_EQ(FromProto(first.end_time()), T("2026-07-30T10:12:15.489Z"));
  EXPECT_EQ(first.deep_link(), "https://stspg.io/45g8r57kv3n9");
  const auto& last = by_id["rhqcgg8lg6mm"];
  EXPECT_EQ(last.impact(), "critical");
  EXPECT_EQ(last.events_size(), 5);
  EXPECT_EQ(last.events(last.events_size() - 1).status(), "investigating");
}

// The single-incident documents (/api/v2/incidents/<code>.json objects), each read as the
// only incident of incidents.json.
TEST(AtlassianStatuspage, GitHubSingleIncidentCaptures) {
  struct Expected {
    const char* file;
    const char* id;
    const char* impact;
    int updates;
    const char* start;
    const char* end;
    std::vector<std::string> components;
  };
  const Expected cases[] = {
      {"githubstatus-incident-8vfyvq16hzh9-actions-critical.json",
       "8vfyvq16hzh9",
       "critical",
       18,
       "2026-07-19T23:34:03.450Z",
       "2026-07-20T04:44:03.085Z",
       {"API Requests", "Issues", "Actions", "Pages"}},
      {"githubstatus-incident-gqx5l06jjxhp.json",
       "gqx5l06jjxhp",
       "critical",
       8,
       "2023-06-29T17:52:11.466Z",
       "2023-06-29T18:36:19Z",
       {"Git Operations", "API Requests", "Webhooks", "Issues", "Pull Requests", "Actions", "Packages", "Pages",
        "Codespaces", "Copilot"}},
      {"githubstatus-incident-1cdsggtd2q5k.json",
       "1cdsggtd2q5k",
       "none",
       3,
       "2023-02-02T11:29:38.489Z",
       "2023-02-02T11:55:38.490Z",
       {}},
  };
  for (const Expected& want : cases) {
    auto body = ReadSharedFixture(std::string("atlassian-statuspage/") + want.file);
    if (!body) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
    auto json = nlohmann::json::parse(*body);
    const nlohmann::json incident = json.contains("incident") ? json["incident"] : json;
    const std::string incidents = nlohmann::json{{"incidents", nlohmann::json::array({incident})}}.dump();
    auto page = AtlassianStatuspage().Parse(
        "https://www.githubstatus.com",
        Api(R"({"page":{"id":"kctbh9vrtdwd"},"components":[]})", incidents, R"({"scheduled_maintenances":[]})"));
    ASSERT_TRUE(page.ok()) << want.file << ": " << page.status();
    ASSERT_EQ(page->incidents.size(), 1u) << want.file;
    const auto& i = page->incidents[0];
    EXPECT_EQ(i.id(), want.id);
    EXPECT_EQ(i.impact(), want.impact) << want.file;
    EXPECT_EQ(i.status(), "resolved") << want.file;
    EXPECT_EQ(i.events_size(), want.updates) << want.file;
    EXPECT_EQ(FromProto(i.start_time()), T(want.start)) << want.file;  // started_at, a few ms before created_at
    EXPECT_EQ(FromProto(i.end_time()), T(want.end)) << want.file;
    EXPECT_EQ(std::vector<std::string>(i.components().begin(), i.components().end()), want.components) << want.file;
    EXPECT_EQ(i.events(0).title(), "Resolved");
    EXPECT_EQ(i.events(i.events_size() - 1).title(), "Investigating");
    for (const auto& e : i.events()) EXPECT_FALSE(e.description().empty()) << want.file << " " << e.id();
  }
}

TEST(AtlassianStatuspage, GitHubActiveIncident2022) {
  auto summary = ReadSharedFixture("atlassian-statuspage/githubstatus-summary-active-incident-2022-11-25.json");
  if (!summary) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  AtlassianStatuspage p;
  auto page = p.Parse("https://www.githubstatus.com", Api(*summary, "{\"incidents\":[]}", "{}"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "minor");
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& i = page->incidents[0];
  EXPECT_EQ(i.id(), "ljwdk6qml8z8");
  EXPECT_EQ(i.impact(), "major");
  EXPECT_EQ(i.status(), "investigating");
  EXPECT_FALSE(IsSet(i.end_time()));
  EXPECT_EQ(i.events_size(), 7);
}

TEST(AtlassianStatuspage, ClaudeMaintenanceWindowsAndCloudAmqpUnderMaintenance) {
  auto maint =
      ReadSharedFixture("atlassian-statuspage/status.claude.com-scheduled-maintenances-2entries-sortedkeys.json");
  auto cloudamqp = ReadSharedFixture("atlassian-statuspage/cloudamqp-summary-under-maintenance-2020-07-16.json");
  if (!maint || !cloudamqp) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  AtlassianStatuspage p;
  auto page = p.Parse("https://status.claude.com", Api("{\"page\":{}}", "{\"incidents\":[]}", *maint));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "");  // a summary without a status says none
  auto by_id = ById(*page);
  ASSERT_EQ(by_id.size(), 2u);
  const auto& m = by_id["x017628t2rl5"];
  EXPECT_EQ(m.impact(), "maintenance");
  EXPECT_EQ(m.status(), "completed");
  EXPECT_EQ(FromProto(m.scheduled_start_time()), T("2025-08-29T01:25:00Z"));
  EXPECT_EQ(FromProto(m.scheduled_end_time()), T("2025-08-29T02:40:00Z"));
  EXPECT_TRUE(IsSet(m.end_time()));
  EXPECT_EQ(m.events_size(), 4);

  auto amqp = p.Parse("https://status.cloudamqp.com", Api(*cloudamqp, "{\"incidents\":[]}", "{}"));
  ASSERT_TRUE(amqp.ok()) << amqp.status();
  EXPECT_EQ(amqp->platform_indicator, "maintenance");
  int under_maintenance = 0;
  for (const auto& c : amqp->components) under_maintenance += c.status() == "under_maintenance";
  EXPECT_EQ(under_maintenance, 1);
  ASSERT_EQ(amqp->incidents.size(), 1u);
  EXPECT_EQ(amqp->incidents[0].id(), "qy6n39trpl7l");
  EXPECT_EQ(amqp->incidents[0].status(), "in_progress");
}

// Cloudflare's untrimmed summary: 475 components (8 of them group headers), a minor
// incident being monitored, 12 maintenances scheduled and one in progress.
TEST(AtlassianStatuspage, CloudflareCaptureWith475ComponentsAndThirteenMaintenances) {
  auto summary =
      ReadSharedFixture("atlassian-statuspage/cloudflarestatus-summary-475-components-13-maintenances-2026-04-21.json");
  if (!summary) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  AtlassianStatuspage p;
  auto page = p.Parse("https://www.cloudflarestatus.com", {{"summary", {"summary.json", 200, "", *summary}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "minor");
  std::map<std::string, int> by_status;
  for (const auto& c : page->components) ++by_status[c.status()];
  // Counted over the members; the headers' own statuses (5 partial, 1 in maintenance, 1
  // degraded) summarize them.
  EXPECT_EQ(by_status["operational"], 421);
  EXPECT_EQ(by_status["partial_outage"], 28);
  EXPECT_EQ(by_status["under_maintenance"], 17);
  EXPECT_EQ(by_status["degraded_performance"], 1);
  EXPECT_EQ(page->components.size(), 467u);  // the 8 group headers name their members' group
  auto by_id = ById(*page);
  ASSERT_EQ(by_id.size(), 14u);
  const auto& warp = by_id["j83g99d13dv7"];
  EXPECT_EQ(warp.title(), "WARP connectivity");
  EXPECT_EQ(warp.impact(), "minor");
  EXPECT_EQ(warp.status(), "monitoring");
  EXPECT_FALSE(IsSet(warp.end_time()));
  EXPECT_EQ(warp.events_size(), 3);
  int scheduled = 0, in_progress = 0;
  for (const auto& [id, i] : by_id) {
    if (i.impact() != "maintenance") continue;
    scheduled += i.status() == "scheduled";
    in_progress += i.status() == "in_progress";
  }
  EXPECT_EQ(scheduled, 12);
  EXPECT_EQ(in_progress, 1);
  EXPECT_EQ(by_id["741j5syzznv3"].status(), "in_progress");
  EXPECT_EQ(by_id["741j5syzznv3"].events_size(), 3);
}

TEST(AtlassianStatuspage, BadInputIsATypedErrorNeverACrash) {
  AtlassianStatuspage p;
  const std::string good_incidents = Own("incidents.json");
  struct Case {
    std::string summary, incidents;
    const char* expect;
  };
  const std::string garbage(10 << 20, '\x9c');
  std::string deep(100000, '[');
  for (const Case& c : std::vector<Case>{
           {"{\"page\":{}, \"components\":[", good_incidents, "not valid JSON"},    // truncated
           {"<html><body>Status</body></html>", good_incidents, "not valid JSON"},  // HTML, not JSON
           {"[1,2,3]", good_incidents, "expected a JSON object"},
           {"{\"foo\":1}", good_incidents, "not a Statuspage summary"},
           {"{\"page\":{},\"incidents\":\"many\"}", good_incidents, "not an array"},
           {"{\"page\":{}}", "{\"incidents\":[{\"id\":\"a\",\"created_at\":12}]}", "not a time string"},
           {"{\"page\":{}}", "{\"incidents\":[{\"id\":\"a\",\"created_at\":\"0000-01-01T00:00:00Z\"}]}", "absurd"},
           {"{\"page\":{}}", "{\"incidents\":[{\"id\":\"a\",\"created_at\":\"99999-01-01T00:00:00Z\"}]}", "absurd"},
           {"{\"page\":{}}", "{\"incidents\":[{\"id\":\"a\",\"created_at\":\"last tuesday\"}]}", "RFC 3339"},
           {"{\"page\":{}}", "{\"incidents\":[{\"name\":\"no id\"}]}", "no id"},
           {"{\"page\":{}}", "{\"incidents\":[{\"id\":\"a\"}]}", "no start time"},
           {"{\"page\":{}}", "{\"nothing\":[]}", "no 'incidents'"},
           {garbage, good_incidents, "not valid JSON"},
           {deep, good_incidents, "deeper"},
           {"{\"page\":{}, \"name\":\"\xff\xfe\"}", good_incidents, "not valid JSON"},  // invalid UTF-8
       }) {
    auto page = p.Parse(kPage, Api(c.summary, c.incidents, "{}"));
    ASSERT_FALSE(page.ok()) << c.expect;
    EXPECT_TRUE(absl::StrContains(page.status().message(), c.expect)) << page.status().message();
  }
  auto http_error = p.Parse(kPage, {{"summary", {"u1", 503, "", ""}},
                                    {"incidents", {"u2", 200, "", good_incidents}},
                                    {"scheduled-maintenances", {"u3", 200, "", "{}"}}});
  EXPECT_TRUE(absl::StrContains(http_error.status().message(), "HTTP 503"));
  EXPECT_FALSE(p.Parse(kPage, {}).ok());
}

// Found by fuzz/atlassian_statuspage_fuzz: "group" that is not a boolean (as in Instatus's
// components) threw from nlohmann's value() and ended the scraper.
TEST(AtlassianStatuspage, AGroupFieldThatIsNotABooleanIsNotAGroup) {
  AtlassianStatuspage p;
  auto page = p.Parse(kPage, Api(R"({"page":{},"components":[{"id":"a","name":"API","group":{"id":"g"}},
                                                                   {"id":"b","name":"Web","group":"yes"}]})",
                                 R"({"incidents":[]})", "{}"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 2u);
  EXPECT_EQ(page->components[0].name(), "API");
}

// Found by fuzz/atlassian_statuspage_fuzz: bytes that are not UTF-8 in the history feed
// reached proto3 strings, and the server would have rejected the whole report.
TEST(AtlassianStatuspage, FeedTextThatIsNotUtf8IsRepaired) {
  AtlassianStatuspage p;
  std::vector<Documents::Entry> documents = Api(R"({"page":{}})", R"({"incidents":[]})", "{}");
  documents.push_back({"history-feed",
                       {std::string(kPage) + "/history.atom", 200, "application/atom+xml",
                        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>tag:x,2005:Incident/1\xE9</id>"
                        "<title>Caf\xE9 down</title><published>2026-07-01T10:00:00Z</published></entry></feed>"}});
  auto page = p.Parse(kPage, documents);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_EQ(page->incidents[0].id(), "tag:x,2005:Incident/1\xEF\xBF\xBD");
  EXPECT_EQ(page->incidents[0].title(), "Caf\xEF\xBF\xBD down");
}

TEST(AtlassianStatuspage, DetectionNeedsTheShapeNotJustA200) {
  AtlassianStatuspage p;
  const Detection detection = p.detection();
  EXPECT_TRUE(detection.IsKnownHost("https://acme.statuspage.io"));
  EXPECT_FALSE(detection.IsKnownHost("https://status.acme.com"));
  EXPECT_EQ(p.detection().probe_url(kPage), "https://status.example.com/api/v2/summary.json");
  EXPECT_TRUE(detection.ProbeMatches({"u", 200, "application/json", Own("summary.json")}));
  EXPECT_FALSE(detection.ProbeMatches({"u", 200, "text/html", "<html>single page app</html>"}));
  EXPECT_FALSE(detection.ProbeMatches({"u", 200, "application/json", "{\"data\":{}}"}));
  EXPECT_FALSE(detection.ProbeMatches({"u", 404, "application/json", Own("summary.json")}));
}

TEST(HistoryHtml, ReadsTheEmbeddedHistoryInThePagesTimeZone) {
  absl::StatusOr<std::vector<statusphere::v1::Incident>> incidents = ParseHistoryHtml(kPage, Own("history-page1.html"));
  ASSERT_TRUE(incidents.ok()) << incidents.status();
  ASSERT_EQ(incidents->size(), 3u);
  const auto& api = (*incidents)[0];
  EXPECT_EQ(api.id(), "abc123xyz789");
  EXPECT_EQ(api.title(), "Degraded API & webhooks");
  EXPECT_EQ(api.impact(), "major");
  EXPECT_EQ(api.description(), "This incident has been resolved.");
  EXPECT_EQ(api.deep_link(), "https://status.example.com/incidents/abc123xyz789");
  EXPECT_EQ(api.status(), "resolved");
  // 23:10 PST on New Year's Eve 2025 is 07:10 UTC on 1 January 2026; it ended the next year.
  EXPECT_EQ(FromProto(api.start_time()), T("2026-01-01T07:10:00Z"));
  EXPECT_EQ(FromProto(api.end_time()), T("2026-01-01T09:30:00Z"));
  const auto& maintenance = (*incidents)[1];
  EXPECT_EQ(maintenance.impact(), "maintenance");
  EXPECT_EQ(maintenance.status(), "completed");
  EXPECT_EQ(FromProto(maintenance.start_time()), T("2025-12-05T10:00:00Z"));
  EXPECT_EQ(FromProto(maintenance.end_time()), T("2025-12-05T12:00:00Z"));
  EXPECT_EQ(FromProto((*incidents)[2].start_time()), T("2025-11-03T17:00:00Z"));  // PST again after 2 Nov
}

TEST(HistoryHtml, TimestampsAndBadPages) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  auto range = ParseHistoryTimestamp("Aug 26, 15:11 - 18:01 UTC", 2024, utc);
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->start, T("2024-08-26T15:11:00Z"));
  EXPECT_EQ(*range->end, T("2024-08-26T18:01:00Z"));
  range = ParseHistoryTimestamp("Aug 31, 22:10 - Sep 1, 02:30 UTC", 2024, utc);
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(*range->end, T("2024-09-01T02:30:00Z"));
  EXPECT_FALSE(ParseHistoryTimestamp("Aug 26, 15:11", 2024, utc)->end.has_value());
  EXPECT_FALSE(ParseHistoryTimestamp("26, 15:11", 2024, utc).has_value());              // no month
  EXPECT_FALSE(ParseHistoryTimestamp("Aug 26, 25:11", 2024, utc).has_value());          // no such hour
  EXPECT_FALSE(ParseHistoryTimestamp("Aug 26, 15:11 - 14:00", 2024, utc).has_value());  // ends before it starts

  EXPECT_EQ(ParseHistoryHtml(kPage, "<html><body><p>Custom page</p></body></html>").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ParseHistoryHtml(kPage, "<div data-react-class=\"HistoryIndex\" data-react-props=\"{&quot;months\"></div>")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseHistoryHtml(kPage,
                             "<div data-react-class=\"HistoryIndex\" data-react-props=\"{&quot;months&quot;:"
                             "[{&quot;year&quot;:1066,&quot;incidents&quot;:[]}]}\"></div>")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AtlassianStatuspage, BackfillMergesHtmlHistoryFeedAndJson) {
  AtlassianStatuspage p;
  std::vector<Documents::Entry> docs =
      Api(Own("summary.json"), Own("incidents.json"), Own("scheduled-maintenances.json"));
  // The feed knows one history incident with its updates, but not its impact.
  docs.push_back(
      {"history-feed", {std::string(kPage) + "/history.atom", 200, "application/atom+xml", R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><id>tag:status.example.com,2005:Incident/9</id><published>2025-11-03T17:00:00Z</published>
    <updated>2025-11-03T17:45:00Z</updated>
    <link rel="alternate" type="text/html" href="https://status.example.com/incidents/nov3login001"/>
    <title>Login errors</title>
    <content type="html">&lt;p&gt;&lt;small&gt;Nov &lt;var data-var='date'&gt;3&lt;/var&gt;, &lt;var data-var='time'&gt;09:45&lt;/var&gt; PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - Fixed.&lt;/p&gt;</content>
  </entry>
</feed>)"}});
  docs.push_back(
      {"history-page", {std::string(kPage) + "/history?page=1", 200, "text/html", Own("history-page1.html")}});
  docs.push_back({"history-page", {std::string(kPage) + "/history?page=2", 404, "text/html", "Not found"}});
  docs.push_back(
      {"history-page", {std::string(kPage) + "/history?page=3", 200, "text/html", "<html><body>custom</body></html>"}});
  absl::StatusOr<ParsedPage> page = p.Parse(kPage, docs);
  ASSERT_TRUE(page.ok()) << page.status();
  auto by_id = ById(*page);
  ASSERT_TRUE(by_id.count("abc123xyz789"));  // only in the HTML history
  ASSERT_TRUE(by_id.count("nov3login001"));
  EXPECT_EQ(by_id["nov3login001"].impact(), "minor");  // from the HTML history
  EXPECT_EQ(by_id["nov3login001"].events_size(), 1);   // from the feed
  EXPECT_EQ(by_id["abc123xyz789"].impact(), "major");
  // A history page that is not HTML history at all fails the backfill, naming it.
  docs.push_back({"history-page",
                  {std::string(kPage) + "/history?page=4", 200, "text/html",
                   "<div data-react-class=\"HistoryIndex\" data-react-props=\"[1,2\"></div>"}});
  absl::StatusOr<ParsedPage> broken = p.Parse(kPage, docs);
  ASSERT_FALSE(broken.ok());
  EXPECT_TRUE(absl::StrContains(broken.status().message(), "/history?page=4")) << broken.status();
}

}  // namespace
}  // namespace statusphere::providers
