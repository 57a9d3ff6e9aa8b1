#include "providers/adobe/adobe.h"

#include <map>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://status.adobe.com";

absl::Time T(const char* t) { return *ParseRfc3339(t); }

absl::StatusOr<ParsedPage> Parse(const std::string& body) {
  return Adobe().Parse(kPage, {{"events", {"https://data.status.adobe.com/adobestatus/StatusEvents", 200, "", body}}});
}

absl::StatusOr<ParsedPage> ParseFixture(const char* name) {
  return Parse(ReadRepoFile(std::string("providers/adobe/testdata/") + name));
}

std::map<std::string, std::string> StatusOf(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(Adobe, KnownHostAndTheDataHost) {
  Adobe p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.adobe.com"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://www.adobe.com"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "https://data.status.adobe.com/adobestatus/StatusEvents");
  // Served elsewhere, the data stays under the page's own URL.
  EXPECT_EQ(UrlsOf(p.Fetches("http://127.0.0.1:8080/adobe", statusphere::v1::SCRAPE_KIND_CURRENT).documents)[0],
            "http://127.0.0.1:8080/adobe/adobestatus/StatusEvents");
}

TEST(Adobe, AllGood) {
  absl::StatusOr<ParsedPage> page = ParseFixture("status-events-all-good.json");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->components.empty());  // the document names only what events touch
  EXPECT_TRUE(page->lists_every_open_incident);
}

TEST(Adobe, OpenIncidentWithItsHistoryAndAClosedOne) {
  absl::StatusOr<ParsedPage> page = ParseFixture("status-events-incident-open.json");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 2u);
  std::map<std::string, const statusphere::v1::Incident*> by_id;
  for (const auto& i : page->incidents) by_id[i.id()] = &i;
  const auto& open = *by_id.at("401877");
  EXPECT_EQ(open.impact(), "minor");
  EXPECT_EQ(open.title(), "Adobe minor issue: Adobe Analytics");
  EXPECT_EQ(open.status(), "updated");
  EXPECT_EQ(FromProto(open.start_time()), T("2026-12-06T08:10:00Z"));  // epoch-millisecond keys
  EXPECT_FALSE(IsSet(open.end_time()));
  ASSERT_EQ(open.events_size(), 2);
  EXPECT_EQ(open.events(0).title(), "Updated");  // newest first
  EXPECT_EQ(open.components_size(), 2);
  const auto& closed = *by_id.at("401702");
  EXPECT_EQ(closed.impact(), "major");
  EXPECT_EQ(closed.status(), "resolved");
  EXPECT_EQ(FromProto(closed.end_time()), T("2026-12-03T15:30:00Z"));

  auto status = StatusOf(*page);
  EXPECT_EQ(status["Adobe Analytics"], "partial_outage");
  EXPECT_EQ(status["Adobe Experience Cloud"], "partial_outage");
  EXPECT_EQ(status["Premiere Pro"], "operational");  // its incident is closed
}

TEST(Adobe, MaintenanceUnderWayMarksItsCloudAndProducts) {
  absl::StatusOr<ParsedPage> page = ParseFixture("status-events-maintenance.json");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
  auto status = StatusOf(*page);
  EXPECT_EQ(status["Acrobat Sign"], "under_maintenance");
  EXPECT_EQ(status["Adobe Document Cloud"], "under_maintenance");
  EXPECT_EQ(status["Premiere Pro"], "operational");  // only scheduled
}

TEST(Adobe, ResolvedHistory) {
  absl::StatusOr<ParsedPage> page = ParseFixture("status-events-resolved.json");
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_TRUE(IsSet(page->incidents[0].end_time()));
  for (const auto& [name, s] : StatusOf(*page)) EXPECT_EQ(s, "operational") << name;
}

TEST(Adobe, BadInputIsATypedError) {
  for (
      const char* body : {
          "{}",
          "[]",
          R"({"incidentEvent":{"incidents":{"1":{"products":{}}}}})",           // no id
          R"({"incidentEvent":{"incidents":{"1":{"id":"1","products":{}}}}})",  // no update
          R"({"incidentEvent":{"incidents":{"1":{"id":"1","products":{"p":{"id":"p","name":"P","history":{"soon":{"status":"Opened"}}}}}}}})",
      }) {
    EXPECT_EQ(Parse(body).status().code(), absl::StatusCode::kInvalidArgument) << body;
  }
}

}  // namespace
}  // namespace statusphere::providers
