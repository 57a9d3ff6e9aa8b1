#include "providers/incident_io/incident_io.h"

#include "gtest/gtest.h"

namespace statusphere::providers {
namespace {

// Shaped like OpenAI's page: ULID ids, no resolved_at, no shortlink, no maintenance key.
constexpr char kSummary[] = R"({"page":{"id":"01JMDK9XYNY6RXSED6SDWW50WY","name":"OpenAI","url":"https://status.openai.com"},
  "status":{"indicator":"minor","description":"Partial System Degradation"},
  "components":[{"id":"01JMXBRMFE6N2NNT7DG6XZQ6PW","name":"APIs","status":"degraded_performance"}],
  "incidents":[{"id":"01K2ABCDEFGHJKMNPQRSTVWXYZ","name":"Elevated errors on the API","status":"resolved","impact":"minor",
    "created_at":"2025-06-10T08:00:00Z","updated_at":"2025-06-10T09:30:00Z",
    "incident_updates":[
      {"id":"01K2U2","status":"resolved","body":"Resolved.","created_at":"2025-06-10T09:30:00Z"},
      {"id":"01K2U1","status":"investigating","body":"Looking.","created_at":"2025-06-10T08:00:00Z"}]}]})";

TEST(IncidentIo, ParsesTheCompatibilityLayerAndClosesOnTheLastUpdate) {
  IncidentIo p;
  EXPECT_EQ(p.UrlsToFetch("https://status.openai.com", statusphere::v1::SCRAPE_KIND_HISTORICAL).size(), 3u);
  auto page = p.Parse("https://status.openai.com",
                      {{"s", 200, "", kSummary}, {"i", 200, "", R"({"incidents":[]})"}, {"m", 404, "", "not found"}});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  const auto& i = page->incidents[0];
  EXPECT_EQ(i.deep_link(), "https://status.openai.com/incidents/01K2ABCDEFGHJKMNPQRSTVWXYZ");
  EXPECT_EQ(i.end_time().seconds(), i.events(0).time().seconds());  // closed by its last update
  ASSERT_EQ(page->components.size(), 1u);
  EXPECT_EQ(page->components[0].status(), "degraded_performance");
}

TEST(IncidentIo, DetectedByUlidPageIdsOnly) {
  IncidentIo p;
  EXPECT_TRUE(p.MatchesProbe({"u", 200, "", kSummary}));
  EXPECT_FALSE(p.MatchesProbe({"u", 200, "", R"({"page":{"id":"kctbh9vrtdwd"},"status":{"indicator":"none"}})"}));
  EXPECT_FALSE(p.MatchesProbe({"u", 200, "", "<html></html>"}));
}

}  // namespace
}  // namespace statusphere::providers
