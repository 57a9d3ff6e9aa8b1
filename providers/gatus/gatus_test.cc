#include "providers/gatus/gatus.h"

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

constexpr char kPage[] = "https://health.nordwind.example";

std::string Own(const std::string& name) { return statusphere::testing::OwnFixture("gatus", name); }
Document Ok(const std::string& path, const std::string& body) {
  return statusphere::testing::JsonAt(kPage, path, body);
}

TEST(Gatus, AScrapeAsksForTheEventsOfEndpointsFailingNowABackfillForEveryOne) {
  Gatus p;
  const Documents first = {{"statuses", Ok("/api/v1/endpoints/statuses", Own("statuses.json"))}};
  FetchPlan current = p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(current.documents.size(), 2u);
  EXPECT_EQ(current.documents[0].url, "https://health.nordwind.example/api/v1/endpoints/statuses");
  EXPECT_EQ(current.documents[1].url, "https://health.nordwind.example/api/v1/config");
  std::vector<DocumentToFetch> endpoints = current.follow_ups(first);
  ASSERT_EQ(endpoints.size(), 1u);
  EXPECT_EQ(endpoints[0].role, "endpoint");
  EXPECT_EQ(endpoints[0].url, "https://health.nordwind.example/api/v1/endpoints/core_api/statuses");
  EXPECT_EQ(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_HISTORICAL).follow_ups(first).size(), 4u);
  // Nothing failing: no follow-up at all.
  EXPECT_TRUE(
      current
          .follow_ups(
              {{"statuses", Ok("/api/v1/endpoints/statuses",
                               R"([{"key":"a","results":[{"success":true,"timestamp":"2026-03-02T09:00:00Z"}]}])")}})
          .empty());
}

TEST(Gatus, AllGood) {
  auto page = Gatus().Parse(kPage, {{"statuses", Ok("/api/v1/endpoints/statuses", R"([
      {"name":"api","group":"core","key":"core_api","results":[{"success":true,"timestamp":"2026-03-02T09:40:00Z"}]},
      {"name":"website","group":"core","key":"core_website","results":[{"success":true,"timestamp":"2026-03-02T09:40:00Z"}]}])")},
                                    {"config", Ok("/api/v1/config", R"({"oidc":false,"authenticated":true})")}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->components.size(), 2u);
  for (const auto& c : page->components) EXPECT_EQ(c.status(), "operational") << c.name();
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
}

TEST(Gatus, AnOutageNowItsPastOnesAndTheAnnouncements) {
  auto page = Gatus().Parse(
      kPage, {{"statuses", Ok("/api/v1/endpoints/statuses", Own("statuses.json"))},
              {"config", Ok("/api/v1/config", Own("config.json"))},
              {"endpoint", Ok("/api/v1/endpoints/core_api/statuses", Own("endpoint-core_api.json"))},
              {"endpoint", Ok("/api/v1/endpoints/core_website/statuses", Own("endpoint-core_website.json"))}});
  ASSERT_TRUE(page.ok()) << page.status();
  std::map<std::string, std::string> status_of, group_of;
  for (const auto& c : page->components) {
    status_of[c.name()] = c.status();
    group_of[c.name()] = c.group();
  }
  EXPECT_EQ(
      status_of,
      (std::map<std::string, std::string>{
          {"api", "major_outage"}, {"website", "operational"}, {"dns", "operational"}, {"backup jobs", "unknown"}}));
  EXPECT_EQ(group_of["api"], "core");
  EXPECT_EQ(group_of["dns"], "");
  EXPECT_EQ(page->components[0].id(), "core_api");

  ASSERT_EQ(page->incidents.size(), 7u);  // two API outages, one website outage, four announcements
  auto by_id = ById(*page);
  const Incident& now = *by_id.at("core_api-down-1772444460");
  EXPECT_EQ(now.title(), "api is failing its checks");
  EXPECT_EQ(now.impact(), "major");
  EXPECT_EQ(now.status(), "investigating");
  EXPECT_FALSE(IsSet(now.end_time()));
  EXPECT_EQ(FromProto(now.start_time()), Utc("2026-03-02T09:41:00.401020304Z"));
  EXPECT_EQ((std::vector<std::string>(now.components().begin(), now.components().end())),
            (std::vector<std::string>{"api"}));
  EXPECT_EQ(now.deep_link(), "https://health.nordwind.example/endpoints/core_api");
  // What the newest failing check says, from the list's results.
  EXPECT_EQ(now.description(),
            "Get \"https://api.nordwind.example/health\": context deadline exceeded\nfailed: [STATUS] (0) == 200\n"
            "failed: [RESPONSE_TIME] (5000) < 500");

  const Incident& before = *by_id.at("core_api-down-1770728700");
  EXPECT_EQ(before.status(), "resolved");
  EXPECT_EQ(FromProto(before.end_time()), Utc("2026-02-10T13:47:30Z"));
  ASSERT_EQ(before.events_size(), 2);
  EXPECT_EQ(before.events(0).title(), "Resolved");
  EXPECT_EQ(before.events(1).title(), "Investigating");
  // Events out of order are put in order.
  const Incident& website = *by_id.at("core_website-down-1768947000");
  EXPECT_EQ(FromProto(website.end_time()), Utc("2026-01-20T22:12:00Z"));

  const Incident& outage = *by_id.at("announcement-1772445000");
  EXPECT_EQ(outage.impact(), "major");
  EXPECT_EQ(outage.status(), "update");
  EXPECT_FALSE(IsSet(outage.end_time()));
  EXPECT_EQ(outage.title(), "The API is unreachable from all regions. We are on it.");
  EXPECT_EQ(by_id.at("announcement-1772208000")->impact(), "none");
  EXPECT_FALSE(IsSet(by_id.at("announcement-1772208000")->end_time()));
  const Incident& warning = *by_id.at("announcement-1770729000");
  EXPECT_EQ(warning.impact(), "minor");
  EXPECT_EQ(warning.status(), "resolved");                               // archived
  EXPECT_EQ(by_id.at("announcement-1770732000")->status(), "resolved");  // "operational"
}

TEST(Gatus, AnOlderGatusWithoutConfigOrAnnouncements) {
  auto page =
      Gatus().Parse(kPage, {{"statuses", Ok("/api/v1/endpoints/statuses", Own("statuses.json"))},
                            {"config", {"https://health.nordwind.example/api/v1/config", 404, "text/plain", "404"}}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->components.size(), 4u);
  EXPECT_TRUE(page->incidents.empty());  // the failing endpoint's events were not fetched
}

TEST(Gatus, DetectedByItsWebAppsGeneratedConfig) {
  Detection d = Gatus().detection();
  EXPECT_FALSE(d.probe_url);  // no probe: no fetch more for the platforms probed before it
  EXPECT_TRUE(d.HomePageMatches({kPage, 200, "text/html", Own("home.html")}));
  EXPECT_FALSE(d.HomePageMatches({kPage, 200, "text/html", "<script>window.config = {};</script>"}));
  EXPECT_FALSE(d.HomePageMatches({kPage, 200, "text/html", "<p>window.config = {logo: header: buttons: []</p>"}));
}

TEST(Gatus, BadInputIsATypedError) {
  for (const char* body : {"{}", "[1]", R"([{"key":"a"}])", "not json"}) {
    EXPECT_EQ(Gatus().Parse(kPage, {{"statuses", Ok("/api/v1/endpoints/statuses", body)}}).status().code(),
              absl::StatusCode::kInvalidArgument)
        << body;
  }
  const Documents bad_event = {
      {"statuses", Ok("/api/v1/endpoints/statuses", R"([{"key":"a","results":[]}])")},
      {"endpoint", Ok("/api/v1/endpoints/a/statuses",
                      R"({"key":"a","results":[],"events":[{"type":"UNHEALTHY","timestamp":"soon"}]})")}};
  EXPECT_EQ(Gatus().Parse(kPage, bad_event).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Gatus().Parse(kPage, {{"statuses", {"u", 503, "", ""}}}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(
      Gatus()
          .Parse(kPage, {{"statuses", Ok("/api/v1/endpoints/statuses", "[]")},
                         {"config", Ok("/api/v1/config", R"({"announcements":[{"type":"outage","message":"x"}]})")}})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Gatus().Parse(kPage, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace statusphere::providers
