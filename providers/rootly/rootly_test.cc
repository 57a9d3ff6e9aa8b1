#include "providers/rootly/rootly.h"

#include <map>
#include <string>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;
using statusphere::v1::Incident;

constexpr char kPage[] = "https://status.nordwind.example";

absl::Time Utc(const char* text) { return *ParseRfc3339(text); }
Documents Both(const std::string& status, const std::string& incidents) {
  return {{"status", {"https://status.nordwind.example/api/v1/status.json", 200, "application/json", status}},
          {"incidents",
           {"https://status.nordwind.example/api/v1/incidents.json?per_page=100", 200, "application/json", incidents}}};
}

TEST(Rootly, FetchesAndProbesItsPublicApi) {
  FetchPlan plan = Rootly().Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT);
  ASSERT_EQ(plan.documents.size(), 2u);
  EXPECT_EQ(plan.documents[0].url, "https://status.nordwind.example/api/v1/status.json");
  EXPECT_EQ(plan.documents[1].url, "https://status.nordwind.example/api/v1/incidents.json?per_page=100");
  Detection d = Rootly().detection();
  EXPECT_TRUE(d.probe_is_last_resort);  // after the home pages' markers: no platform ahead pays for it
  EXPECT_TRUE(d.ProbeMatches({"u", 200, "application/json", ReadRepoFile("providers/rootly/testdata/status.json")}));
  // Statuspage's status.json has no incidents array.
  EXPECT_FALSE(d.ProbeMatches({"u", 200, "application/json", R"({"page":{"id":"x"},"status":{"indicator":"none"}})"}));
  EXPECT_FALSE(d.ProbeMatches({"u", 404, "application/json", ReadRepoFile("providers/rootly/testdata/status.json")}));
}

TEST(Rootly, AllOperational) {
  auto page = Rootly().Parse(kPage, Both(R"({"page":{"name":"N"},"status":{"indicator":"none"},"incidents":[]})",
                                         R"({"page":{"name":"N"},"incidents":[]})"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "none");
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
}

TEST(Rootly, OpenIncidentsMaintenanceAndAResolvedOne) {
  auto page = Rootly().Parse(kPage, Both(ReadRepoFile("providers/rootly/testdata/status.json"),
                                         ReadRepoFile("providers/rootly/testdata/incidents.json")));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->platform_indicator, "major");
  ASSERT_EQ(page->incidents.size(), 4u);
  std::map<std::string, const Incident*> by_id;
  for (const auto& i : page->incidents) by_id[i.id()] = &i;
  const Incident& checkout = *by_id.at("chk-0302");  // the url's last segment
  EXPECT_EQ(checkout.title(), "Checkout failing");
  EXPECT_EQ(checkout.impact(), "major");
  EXPECT_EQ(checkout.status(), "identified");
  EXPECT_FALSE(IsSet(checkout.end_time()));
  EXPECT_EQ(FromProto(checkout.start_time()), Utc("2026-03-02T09:40:00Z"));
  ASSERT_EQ(checkout.events_size(), 2);  // from the list, which has every update
  EXPECT_EQ(checkout.events(0).title(), "Identified");
  EXPECT_EQ(checkout.deep_link(), "https://status.nordwind.example/incidents/chk-0302");
  EXPECT_EQ(by_id.at("srch-0302")->status(), "monitoring");
  EXPECT_EQ(by_id.at("srch-0302")->impact(), "minor");
  const Incident& db = *by_id.at("db-upgrade");
  EXPECT_EQ(db.impact(), "maintenance");
  EXPECT_EQ(db.status(), "in_progress");
  const Incident& login = *by_id.at("login-0301");
  EXPECT_EQ(login.impact(), "critical");
  EXPECT_EQ(login.status(), "resolved");
  EXPECT_EQ(FromProto(login.end_time()), Utc("2026-03-01T13:40:00Z"));
  ASSERT_EQ(login.events_size(), 1);
}

TEST(Rootly, StatusJsonAloneGivesItsIncidents) {
  auto page =
      Rootly().Parse(kPage, {{"status", {"u", 200, "", ReadRepoFile("providers/rootly/testdata/status.json")}}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_EQ(page->incidents[0].events_size(), 1);
}

TEST(Rootly, BadInputIsATypedError) {
  const std::string ok_status = R"({"page":{},"status":{"indicator":"none"},"incidents":[]})";
  for (
      const char* incidents :
      {"[]", "{}", R"({"incidents":[{"name":"no id or url","started_at":"2026-03-02T09:40:00Z"}]})",
       R"({"incidents":[{"url":"https://x/incidents/a","started_at":"soon"}]})",
       R"({"incidents":[{"url":"https://x/incidents/a"}]})",
       R"({"incidents":[{"url":"https://x/incidents/a","started_at":"2026-03-02T09:40:00Z"},{"url":"https://y/incidents/a","started_at":"2026-03-02T09:40:00Z"}]})"}) {
    EXPECT_EQ(Rootly().Parse(kPage, Both(ok_status, incidents)).status().code(), absl::StatusCode::kInvalidArgument)
        << incidents;
  }
  EXPECT_EQ(Rootly().Parse(kPage, Both(R"({"status":{}})", R"({"incidents":[]})")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rootly().Parse(kPage, {{"status", {"u", 401, "", ""}}}).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
