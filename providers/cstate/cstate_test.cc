#include "providers/cstate/cstate.h"

#include <map>
#include <string>
#include <vector>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/testing/provider_test_helpers.h"
#include "providers/cstate/hugo_time.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ById;
using statusphere::testing::Utc;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.nordwind.example";

std::string Own(const std::string& name) { return statusphere::testing::OwnFixture("cstate", name); }
Document Ok(const std::string& path, const std::string& body) {
  return statusphere::testing::JsonAt(kPage, path, body);
}

TEST(HugoTime, GoStringRfc3339AndBareDates) {
  EXPECT_EQ(cstate::ParseHugoTime("2018-05-25 04:13:00 +0000 UTC"), Utc("2018-05-25T04:13:00Z"));
  EXPECT_EQ(cstate::ParseHugoTime("2024-12-27 09:43:40.482 +0000 UTC"), Utc("2024-12-27T09:43:40.482Z"));
  EXPECT_EQ(cstate::ParseHugoTime("2026-03-02 06:00:00 +0100 CET"), Utc("2026-03-02T05:00:00Z"));
  EXPECT_EQ(cstate::ParseHugoTime("2024-12-27T09:43:40.482Z"), Utc("2024-12-27T09:43:40.482Z"));
  EXPECT_EQ(cstate::ParseHugoTime("2024-02-24 11:35:00"), Utc("2024-02-24T11:35:00Z"));
  EXPECT_EQ(cstate::ParseHugoTime("2024-02-24 11:35"), Utc("2024-02-24T11:35:00Z"));
  EXPECT_EQ(cstate::ParseHugoTime("2024-02-24"), Utc("2024-02-24T00:00:00Z"));
  EXPECT_EQ(cstate::ParseHugoTime("0001-01-01 00:00:00 +0000 UTC"), std::nullopt);  // Go's zero time
  EXPECT_EQ(cstate::ParseHugoTime(""), std::nullopt);
  EXPECT_EQ(cstate::ParseHugoTime("yesterday"), std::nullopt);
}

TEST(CState, FetchesTheIndexTheIssueListAndTheOpenIssuesBodies) {
  CState p;
  FetchPlan plan = p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.documents.size(), 2u);
  EXPECT_EQ(plan.documents[0].url, "https://status.nordwind.example/index.json");
  EXPECT_EQ(plan.documents[1].url, "https://status.nordwind.example/issues/index.json");
  std::vector<DocumentToFetch> bodies = plan.follow_ups(
      {{"index", Ok("/index.json", Own("index.json"))}, {"issues", Ok("/issues/index.json", Own("issues.json"))}});
  ASSERT_EQ(bodies.size(), 3u);  // the three unresolved issues; none of the resolved ones
  EXPECT_EQ(bodies[0].url, "https://status.nordwind.example/issues/2026-03-02-dns-resolution-api/index.json");
  EXPECT_EQ(bodies[0].role, "issue");
  // A page read at another address than its baseURL: links are rebased onto the page.
  bodies = p.Fetches("http://127.0.0.1:8080/cst", statusphere::v1::SCRAPE_KIND_CURRENT)
               .follow_ups({{"issues", Ok("/issues/index.json", Own("issues.json"))}});
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(bodies[1].url, "http://127.0.0.1:8080/cst/issues/2026-03-02-gateway-firmware/index.json");
}

TEST(CState, AllGood) {
  auto page = CState().Parse(kPage, {{"index", Ok("/index.json", Own("index-ok.json"))},
                                     {"issues", Ok("/issues/index.json", R"({"is":"issues","pages":[]})")}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "ok");
  ASSERT_EQ(page->components.size(), 4u);
  for (const auto& c : page->components) EXPECT_EQ(c.status(), "operational") << c.name();
  EXPECT_EQ(page->components[0].group(), "Core");
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
}

TEST(CState, OpenOutageMaintenanceAnnouncementAndResolvedHistory) {
  auto page =
      CState().Parse(kPage, {{"index", Ok("/index.json", Own("index.json"))},
                             {"issues", Ok("/issues/index.json", Own("issues.json"))},
                             {"issue", Ok("/issues/2026-03-02-dns-resolution-api/index.json", Own("issue.json"))}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "down");
  std::map<std::string, std::string> status_of;
  for (const auto& c : page->components) status_of[c.name()] = c.status();
  EXPECT_EQ(status_of, (std::map<std::string, std::string>{{"API", "major_outage"},
                                                           {"Dashboard", "major_outage"},
                                                           {"Backup Gateway", "under_maintenance"},
                                                           {"Website", "operational"}}));
  ASSERT_EQ(page->incidents.size(), 6u);  // every issue the list gives
  auto by_id = ById(*page);

  const Incident& dns = *by_id.at("2026-03-02-dns-resolution-api");
  EXPECT_EQ(dns.title(), "API DNS resolution errors");
  EXPECT_EQ(dns.impact(), "major");
  EXPECT_EQ(dns.status(), "investigating");
  EXPECT_FALSE(IsSet(dns.end_time()));
  EXPECT_EQ(FromProto(dns.start_time()), Utc("2026-03-02T09:43:40.482Z"));
  EXPECT_EQ((std::vector<std::string>(dns.components().begin(), dns.components().end())),
            (std::vector<std::string>{"API", "Dashboard"}));
  EXPECT_EQ(dns.deep_link(), "https://status.nordwind.example/issues/2026-03-02-dns-resolution-api/");
  // The body (every update the page shows, as text) from the issue's own JSON.
  EXPECT_NE(dns.description().find("Identified - A resolver in our primary region returns stale records."),
            std::string::npos)
      << dns.description();
  EXPECT_NE(dns.description().find("Investigating - Some API requests fail"), std::string::npos);
  ASSERT_EQ(dns.events_size(), 1);
  EXPECT_EQ(dns.events(0).title(), "Investigating");

  const Incident& firmware = *by_id.at("2026-03-02-gateway-firmware");
  EXPECT_EQ(firmware.impact(), "maintenance");
  EXPECT_EQ(firmware.status(), "in_progress");
  EXPECT_EQ(FromProto(firmware.scheduled_start_time()), Utc("2026-03-02T05:00:00Z"));
  EXPECT_EQ(FromProto(firmware.scheduled_end_time()), Utc("2026-03-02T07:00:00Z"));
  EXPECT_FALSE(IsSet(firmware.end_time()));
  EXPECT_EQ(firmware.description(), "");  // its body was not fetched

  const Incident& notice = *by_id.at("2026-02-20-new-address");
  EXPECT_EQ(notice.impact(), "none");
  EXPECT_EQ(notice.status(), "update");
  EXPECT_EQ(notice.components_size(), 0);

  const Incident& done = *by_id.at("2026-02-14-database-maintenance");
  EXPECT_EQ(done.impact(), "maintenance");
  EXPECT_EQ(done.status(), "completed");
  EXPECT_EQ(FromProto(done.end_time()), Utc("2026-02-15T00:00:00Z"));
  ASSERT_EQ(done.events_size(), 2);
  EXPECT_EQ(done.events(0).title(), "Completed");  // newest first
  EXPECT_EQ(done.events(1).title(), "In progress");

  // Resolved without a resolvedWhen: closed by the edit that resolved it, its lastMod.
  const Incident& slow = *by_id.at("2026-01-30-slow-dashboard");
  EXPECT_EQ(slow.impact(), "minor");
  EXPECT_EQ(slow.status(), "resolved");
  EXPECT_EQ(FromProto(slow.end_time()), Utc("2026-01-30T15:45:12Z"));

  const Incident& old = *by_id.at("2025-05-25-us-east-conn-issues");
  EXPECT_EQ(FromProto(old.end_time()), Utc("2025-05-25T05:54:00Z"));  // a bare resolvedWhen is UTC
  EXPECT_EQ(old.events(0).title(), "Resolved");
}

TEST(CState, AnIndexAloneGivesItsOpenIssuesOnce) {
  // A saved index.json, or a site whose issue list is not published (404).
  for (const Documents& documents :
       {Documents{{"index", Ok("/index.json", Own("index.json"))}},
        Documents{{"index", Ok("/index.json", Own("index.json"))},
                  {"issues", {"https://status.nordwind.example/issues/index.json", 404, "text/html", "not found"}}}}) {
    auto page = CState().Parse(kPage, documents);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->incidents.size(), 2u);  // the outage named by two systems, and the maintenance
    EXPECT_EQ(page->incidents[0].id(), "2026-03-02-dns-resolution-api");
    EXPECT_EQ(page->incidents[1].impact(), "maintenance");
  }
}

TEST(CState, DetectionByTheIndexsShape) {
  Detection d = CState().detection();
  EXPECT_EQ(d.probe_url(kPage), "https://status.nordwind.example/index.json");
  EXPECT_TRUE(d.ProbeMatches(Ok("/index.json", Own("index.json"))));
  EXPECT_FALSE(d.ProbeMatches({"u", 404, "application/json", Own("index.json")}));
  // Better Stack's index.json (JSON:API) is another shape.
  EXPECT_FALSE(d.ProbeMatches(Ok("/index.json", R"({"data":{"type":"status_page"},"included":[]})")));
  EXPECT_FALSE(d.ProbeMatches(Ok("/index.json", "<!doctype html><div id=app>")));
}

TEST(CState, BadInputIsATypedError) {
  for (
      const char* issues :
      {R"([])", R"({"pages":{}})",
       R"({"pages":[{"is":"issue","title":"no id","createdAt":"2026-01-01 00:00:00 +0000 UTC"}]})",
       R"({"pages":[{"is":"issue","filename":"a.md","createdAt":"soon"}]})",
       R"({"pages":[{"is":"issue","filename":"a.md","createdAt":"1970-01-01 00:00:00 +0000 UTC"}]})",
       R"({"pages":[{"is":"issue","filename":"a.md","createdAt":"2026-01-01"},{"is":"issue","filename":"a.md","createdAt":"2026-01-02"}]})"}) {
    auto page = CState().Parse(kPage, {{"issues", Ok("/issues/index.json", issues)}});
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << issues;
  }
  EXPECT_EQ(CState().Parse(kPage, {{"index", Ok("/index.json", R"({"systems":[]})")}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CState().Parse(kPage, {{"index", {"u", 503, "", ""}}}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CState().Parse(kPage, {}).status().code(), absl::StatusCode::kInvalidArgument);
  // A body that is not published (404) leaves its issue without a description; one that fails otherwise is an error.
  EXPECT_TRUE(CState()
                  .Parse(kPage, {{"issues", Ok("/issues/index.json", Own("issues.json"))},
                                 {"issue", {"https://status.nordwind.example/issues/x/index.json", 404, "", ""}}})
                  .ok());
  EXPECT_EQ(CState()
                .Parse(kPage, {{"issues", Ok("/issues/index.json", Own("issues.json"))},
                               {"issue", {"https://status.nordwind.example/issues/x/index.json", 500, "", ""}}})
                .status()
                .code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(CState()
                .Parse(kPage, {{"index", Ok("/index.json", Own("index-ok.json"))},
                               {"issue", Ok("/issues/x/index.json", R"({"is":"page"})")}})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace statusphere::providers
