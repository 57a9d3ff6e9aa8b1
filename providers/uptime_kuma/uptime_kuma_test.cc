#include "providers/uptime_kuma/uptime_kuma.h"

#include <map>
#include <string>

#include "absl/strings/match.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://status.northwind.example/status/prod";
constexpr char kPageJsonUrl[] = "https://status.northwind.example/api/status-page/prod";
constexpr char kHeartbeatUrl[] = "https://status.northwind.example/api/status-page/heartbeat/prod";

std::string Own(const std::string& name) { return ReadRepoFile("providers/uptime_kuma/testdata/" + name); }

std::vector<Documents::Entry> PageAndHeartbeats(const std::string& page, const std::string& heartbeats,
                                                int heartbeat_status = 200) {
  return {{"status-page", {kPageJsonUrl, 200, "application/json", page}},
          {"heartbeat", {kHeartbeatUrl, heartbeat_status, "application/json", heartbeats}}};
}

absl::Time T(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

std::map<std::string, statusphere::v1::Component> ComponentsById(const ParsedPage& page) {
  std::map<std::string, statusphere::v1::Component> out;
  for (const auto& c : page.components) out[c.id()] = c;
  return out;
}

std::map<std::string, statusphere::v1::Incident> IncidentsById(const ParsedPage& page) {
  std::map<std::string, statusphere::v1::Incident> out;
  for (const auto& i : page.incidents) out[i.id()] = i;
  return out;
}

TEST(UptimeKumaUrls, SlugFromThePagePathAndDefaultWithoutOne) {
  UptimeKuma p;
  EXPECT_EQ(p.detection().probe_url(kPage), kPageJsonUrl);
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents),
            (std::vector<std::string>{kPageJsonUrl, kHeartbeatUrl}));
  // Kuma lowercases slugs itself; the port stays.
  EXPECT_EQ(p.detection().probe_url("http://10.0.0.5:3001/status/Prod?refresh=1"),
            "http://10.0.0.5:3001/api/status-page/prod");
  // The host alone, /status and /status-page are the "default" page.
  for (const char* url : {"https://kuma.example", "https://kuma.example/status", "https://kuma.example/status-page"}) {
    EXPECT_EQ(p.detection().probe_url(url), "https://kuma.example/api/status-page/default") << url;
  }
  // Kuma serves status pages nowhere else: no probe, nothing to fetch.
  for (const char* url : {"https://azure.status.microsoft/en-us/status", "https://kuma.example/status/a/b",
                          "https://kuma.example/status/a%20b", "not a url"}) {
    EXPECT_EQ(p.detection().probe_url(url), "") << url;
    EXPECT_TRUE(UrlsOf(p.Fetches(url, statusphere::v1::SCRAPE_KIND_CURRENT).documents).empty()) << url;
  }
}

TEST(UptimeKumaProbe, MatchesTheStatusPageShapeOnly) {
  UptimeKuma p;
  EXPECT_TRUE(p.detection().ProbeMatches({kPageJsonUrl, 200, "application/json", Own("status-page.json")}));
  EXPECT_TRUE(
      p.detection().ProbeMatches({kPageJsonUrl, 200, "", R"({"config":{},"incident":null,"publicGroupList":[]})"}));
  EXPECT_FALSE(p.detection().ProbeMatches({kPageJsonUrl, 404, "", R"({"config":{},"publicGroupList":[]})"}));
  EXPECT_FALSE(p.detection().ProbeMatches({kPageJsonUrl, 200, "", Own("heartbeat.json")}));
  EXPECT_FALSE(p.detection().ProbeMatches({kPageJsonUrl, 200, "text/html", "<!DOCTYPE html><div id=app></div>"}));
  EXPECT_FALSE(
      p.detection().ProbeMatches({kPageJsonUrl, 404, "", R"({"status":"fail","msg":"Status Page Not Found"})"}));
  EXPECT_FALSE(p.detection().ProbeMatches({kPageJsonUrl, 200, "", R"({"config":[],"publicGroupList":[]})"}));
}

TEST(UptimeKumaParse, MonitorsAreComponentsWithTheirLatestHeartbeat) {
  UptimeKuma p;
  auto page = p.Parse(kPage, PageAndHeartbeats(Own("status-page.json"), Own("heartbeat.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 6u);
  // Page order: groups by weight, monitors within them.
  EXPECT_EQ(page->components[0].name(), "Website");
  EXPECT_EQ(page->components[0].group(), "Services");
  EXPECT_EQ(page->components[3].name(), "Primary database");
  EXPECT_EQ(page->components[3].group(), "Infrastructure");
  auto by_id = ComponentsById(*page);
  EXPECT_EQ(by_id["1"].status(), "operational");
  EXPECT_EQ(by_id["2"].status(), "major_outage");          // DOWN
  EXPECT_EQ(by_id["3"].status(), "degraded_performance");  // PENDING: failing, still retrying
  EXPECT_EQ(by_id["4"].status(), "under_maintenance");
  EXPECT_EQ(by_id["5"].status(), "unknown");  // no heartbeats yet
  EXPECT_EQ(by_id["6"].status(), "unknown");  // not in the heartbeat document
}

TEST(UptimeKumaParse, PinnedIncidentAndMaintenancesWithWindows) {
  UptimeKuma p;
  auto page = p.Parse(kPage, PageAndHeartbeats(Own("status-page.json"), Own("heartbeat.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  // The manual maintenance has no time at all and is left out.
  ASSERT_EQ(page->incidents.size(), 3u);
  auto by_id = IncidentsById(*page);

  const auto& incident = by_id["incident-7"];
  EXPECT_EQ(incident.title(), "API errors in the EU region");
  EXPECT_EQ(incident.impact(), "major");  // style danger
  EXPECT_EQ(incident.status(), "investigating");
  EXPECT_EQ(incident.deep_link(), kPage);
  EXPECT_FALSE(IsSet(incident.end_time()));
  EXPECT_EQ(FromProto(incident.start_time()), T("2026-09-14T08:12:45Z"));  // Kuma stores UTC without a zone
  ASSERT_EQ(incident.events_size(), 1);
  EXPECT_EQ(incident.events(0).status(), "update");  // edited since it was posted
  EXPECT_EQ(FromProto(incident.events(0).time()), T("2026-09-14T09:03:10Z"));
  EXPECT_TRUE(absl::StartsWith(incident.events(0).description(), "Requests to the **EU API** fail"));

  const auto& migration = by_id["maintenance-3"];
  EXPECT_EQ(migration.title(), "Object storage migration");
  EXPECT_EQ(migration.impact(), "maintenance");
  EXPECT_EQ(migration.status(), "in_progress");
  EXPECT_EQ(migration.description(), "Buckets move to the new cluster; uploads may be slow.");
  // A single window is local text at the maintenance's offset (+02:00).
  EXPECT_EQ(FromProto(migration.scheduled_start_time()), T("2026-09-14T06:00:00Z"));
  EXPECT_EQ(FromProto(migration.scheduled_end_time()), T("2026-09-14T10:00:00Z"));
  EXPECT_EQ(FromProto(migration.start_time()), T("2026-09-14T06:00:00Z"));

  // A recurring one: the running slot, in UTC, not the next one.
  const auto& rotation = by_id["maintenance-4"];
  EXPECT_EQ(FromProto(rotation.scheduled_start_time()), T("2026-09-14T09:00:00Z"));
  EXPECT_EQ(FromProto(rotation.scheduled_end_time()), T("2026-09-14T09:30:00Z"));
}

TEST(UptimeKumaParse, StyleGivesImpactAndAFreshIncidentIsInvestigating) {
  UptimeKuma p;
  const std::map<std::string, std::string> expected = {{"danger", "major"}, {"warning", "minor"}, {"info", "none"},
                                                       {"primary", "none"}, {"dark", "none"},     {"", "none"}};
  for (const auto& [style, impact] : expected) {
    const std::string body =
        R"({"config":{},"publicGroupList":[],"incident":{"id":2,"style":")" + style +
        R"(","title":"t","content":"c","createdDate":"2026-09-01 10:00:00","lastUpdatedDate":null}})";
    auto page = p.Parse(kPage, PageAndHeartbeats(body, R"({"heartbeatList":{}})"));
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->incidents.size(), 1u);
    EXPECT_EQ(page->incidents[0].impact(), impact) << style;
    EXPECT_EQ(page->incidents[0].events(0).status(), "investigating");
    EXPECT_EQ(page->incidents[0].events(0).title(), "Investigating");
    EXPECT_EQ(FromProto(page->incidents[0].events(0).time()), T("2026-09-01T10:00:00Z"));
  }
}

TEST(UptimeKumaParse, ZonelessWindowsReadAtTheMaintenanceOffsetElseUtc) {
  UptimeKuma p;
  // Kuma 2: a single window in the author's zone; Kuma 1.19/1.20: UTC text and no offset.
  const std::string body = R"({"config":{},"publicGroupList":[],"maintenanceList":[
      {"id":1,"title":"a","strategy":"single","timezoneOffset":"-05:00","status":"under-maintenance",
       "timeslotList":[{"startDate":"2026-09-14T08:00","endDate":"2026-09-14 09:30:00"}]},
      {"id":2,"title":"b","strategy":"recurring-interval","status":"under-maintenance",
       "dateRange":["2026-01-01 00:00:00"],
       "timeslotList":[{"id":4,"startDate":"2026-09-14 08:00:00","endDate":"2026-09-14 09:00:00"}]}]})";
  auto page = p.Parse(kPage, PageAndHeartbeats(body, R"({"heartbeatList":{}})"));
  ASSERT_TRUE(page.ok()) << page.status();
  auto by_id = IncidentsById(*page);
  EXPECT_EQ(FromProto(by_id["maintenance-1"].scheduled_start_time()), T("2026-09-14T13:00:00Z"));
  EXPECT_EQ(FromProto(by_id["maintenance-1"].scheduled_end_time()), T("2026-09-14T14:30:00Z"));
  EXPECT_EQ(FromProto(by_id["maintenance-2"].scheduled_start_time()), T("2026-09-14T08:00:00Z"));
  EXPECT_EQ(by_id["maintenance-2"].events(0).title(), "In progress");
}

TEST(UptimeKumaParse, AggregatedHeartbeatBucketsSkipEmptyOnes) {
  UptimeKuma p;
  auto page = p.Parse(kPage, PageAndHeartbeats(Own("status-page.json"), Own("heartbeat-buckets.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  auto by_id = ComponentsById(*page);
  EXPECT_EQ(by_id["1"].status(), "operational");
  EXPECT_EQ(by_id["2"].status(), "major_outage");          // trailing empty bucket skipped
  EXPECT_EQ(by_id["3"].status(), "degraded_performance");  // a null status says nothing
  EXPECT_EQ(by_id["4"].status(), "under_maintenance");
  EXPECT_EQ(by_id["5"].status(), "unknown");
  EXPECT_EQ(by_id["6"].status(), "operational");
}

TEST(UptimeKumaParse, AnEmptyPageIsASuccess) {
  UptimeKuma p;
  auto page = p.Parse("https://kuma.example",
                      PageAndHeartbeats(R"({"config":{"slug":"default"},"incident":null,"publicGroupList":[]})",
                                        R"({"heartbeatList":{},"uptimeList":{}})"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->components.empty());
  EXPECT_TRUE(page->incidents.empty());
}

TEST(UptimeKumaParse, HeartbeatDocumentFailuresFailTheParse) {
  UptimeKuma p;
  const std::string page = Own("status-page.json");
  auto unavailable = p.Parse(kPage, PageAndHeartbeats(page, "Bad Gateway", 502));
  EXPECT_EQ(unavailable.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(unavailable.status().message(), kHeartbeatUrl)) << unavailable.status();
  for (const char* body :
       {"<!DOCTYPE html><html><body>Uptime Kuma</body></html>", R"({"heartbeatList":{"1":[{"status":1,)",
        R"({"uptimeList":{}})", R"({"heartbeatList":[]})", R"({"heartbeatList":{"1":{"status":1}}})",
        R"({"heartbeatList":{"1":[{"status":"1"}]}})", "[]"}) {
    auto result = p.Parse(kPage, PageAndHeartbeats(page, body));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_TRUE(absl::StrContains(result.status().message(), kHeartbeatUrl)) << result.status();
  }
}

TEST(UptimeKumaParse, BadPageDocumentsAreTypedErrors) {
  UptimeKuma p;
  const std::string beats = Own("heartbeat.json");
  auto missing =
      p.Parse(kPage, {{"status-page", {kPageJsonUrl, 404, "", R"({"status":"fail","msg":"Status Page Not Found"})"}},
                      {"heartbeat", {kHeartbeatUrl, 200, "", beats}}});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  const std::string truncated = Own("status-page.json").substr(0, 700);
  for (
      const std::string& body : std::vector<std::string>{
          "<!DOCTYPE html><html><head><title>Uptime Kuma</title></head></html>",
          truncated,
          "{}",
          R"({"config":{},"publicGroupList":{}})",
          R"({"config":{},"publicGroupList":[7]})",
          R"({"config":{},"publicGroupList":[{"name":"G","monitorList":[{"id":"1","name":"x"}]}]})",
          R"({"config":{},"publicGroupList":[{"name":"G","monitorList":[{"name":"no id"}]}]})",
          R"({"config":{},"publicGroupList":[],"incident":"down"})",
          R"({"config":{},"publicGroupList":[],"incident":{"title":"no id","createdDate":"2026-09-01 10:00:00"}})",
          R"({"config":{},"publicGroupList":[],"incident":{"id":1,"title":"no date"}})",
          R"({"config":{},"publicGroupList":[],"incident":{"id":1,"createdDate":"yesterday"}})",
          R"({"config":{},"publicGroupList":[],"incident":{"id":1,"createdDate":"1970-01-01 00:00:00"}})",
          R"({"config":{},"publicGroupList":[],"incident":{"id":1,"createdDate":"9999-12-31 23:59:59"}})",
          R"({"config":{},"publicGroupList":[],"incident":{"id":1,"createdDate":12345}})",
          R"({"config":{},"publicGroupList":[],"maintenanceList":[{"title":"no id"}]})",
          R"({"config":{},"publicGroupList":[],"maintenanceList":["x"]})",
          R"({"config":{},"publicGroupList":[],"maintenanceList":[{"id":1,"timeslotList":[{"startDate":"2026-09-14 12:00","endDate":"2026-09-14 10:00"}]}]})",
          R"({"config":{},"publicGroupList":[],"maintenanceList":[{"id":1,"timezoneOffset":"+99:00","timeslotList":[{"startDate":"2026-09-14 12:00"}]}]})",
      }) {
    auto result = p.Parse(kPage, PageAndHeartbeats(body, beats));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_TRUE(absl::StrContains(result.status().message(), kPageJsonUrl)) << result.status();
  }
  EXPECT_FALSE(p.Parse(kPage, {{"status-page", {kPageJsonUrl, 200, "", Own("status-page.json")}}}).ok());
  EXPECT_EQ(p.Parse("https://kuma.example/some/other/path", PageAndHeartbeats(Own("status-page.json"), beats))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace statusphere::providers
