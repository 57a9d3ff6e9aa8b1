#include "providers/zendesk/zendesk.h"

#include <map>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/common/json_fields.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::providers {
namespace {

using statusphere::testing::ReadRepoFile;

constexpr char kPage[] = "https://status.zendesk.com";

absl::Time T(const char* t) { return *ParseRfc3339(t); }

std::string Fixture(const char* name) { return ReadRepoFile(std::string("providers/zendesk/testdata/") + name); }

absl::StatusOr<ParsedPage> Parse(const std::string& services, const std::string& incidents) {
  return Zendesk().Parse(kPage,
                         {{"services", {"https://status.zendesk.com/api/ssp/services.json", 200, "", services}},
                          {"incidents", {"https://status.zendesk.com/api/ssp/incidents.json", 200, "", incidents}}});
}

std::map<std::string, std::string> StatusOf(const ParsedPage& page) {
  std::map<std::string, std::string> out;
  for (const auto& c : page.components) out[c.name()] = c.status();
  return out;
}

TEST(Zendesk, KnownHostAndEndpoints) {
  Zendesk p;
  EXPECT_TRUE(p.detection().IsKnownHost("https://status.zendesk.com"));
  EXPECT_FALSE(p.detection().IsKnownHost("https://support.zendesk.com"));
  EXPECT_EQ(UrlsOf(p.Fetches(kPage, statusphere::v1::SCRAPE_KIND_CURRENT).documents),
            (std::vector<std::string>{"https://status.zendesk.com/api/ssp/services.json",
                                      "https://status.zendesk.com/api/ssp/incidents.json"}));
}

TEST(Zendesk, AllGoodListsTheLiveServices) {
  absl::StatusOr<ParsedPage> page = Parse(Fixture("services.json"), Fixture("incidents-all-good.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->incidents.empty());
  EXPECT_TRUE(page->lists_every_open_incident);
  auto status = StatusOf(*page);
  EXPECT_EQ(status.size(), 4u);  // the deprecated service is left out
  EXPECT_EQ(status.count("Chat (Classic)"), 0u);
  for (const auto& [name, s] : status) EXPECT_EQ(s, "operational") << name;
}

TEST(Zendesk, OpenOutageMarksItsServicesAndKeepsHistory) {
  absl::StatusOr<ParsedPage> page = Parse(Fixture("services.json"), Fixture("incidents-open.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 2u);
  const auto& open = page->incidents[0];
  EXPECT_EQ(open.id(), "48390");
  EXPECT_EQ(open.title(), "Talk calls failing to connect");
  EXPECT_EQ(open.impact(), "major");  // outage
  EXPECT_EQ(open.status(), "investigating");
  EXPECT_EQ(open.deep_link(), "https://status.zendesk.com/incidents/48390");
  EXPECT_EQ(FromProto(open.start_time()), T("2026-12-06T08:41:00Z"));
  EXPECT_FALSE(IsSet(open.end_time()));
  ASSERT_EQ(open.components_size(), 2);
  EXPECT_EQ(open.components(0), "Talk");
  EXPECT_EQ(open.components(1), "Support");

  const auto& resolved = page->incidents[1];
  EXPECT_EQ(resolved.impact(), "minor");  // degradation
  EXPECT_EQ(resolved.status(), "resolved");
  EXPECT_EQ(FromProto(resolved.end_time()), T("2026-11-28T17:22:00Z"));

  auto status = StatusOf(*page);
  EXPECT_EQ(status["Talk"], "major_outage");
  EXPECT_EQ(status["Support"], "degraded_performance");  // open degradation; its resolved entry does not count
  EXPECT_EQ(status["Guide"], "operational");
}

TEST(Zendesk, ResolvedHistoryLeavesEveryServiceOperational) {
  absl::StatusOr<ParsedPage> page = Parse(Fixture("services.json"), Fixture("incidents-resolved.json"));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->incidents.size(), 1u);
  EXPECT_TRUE(IsSet(page->incidents[0].end_time()));
  for (const auto& [name, s] : StatusOf(*page)) EXPECT_EQ(s, "operational") << name;
}

TEST(Zendesk, BadInputIsATypedError) {
  const std::string services = Fixture("services.json");
  for (
      const char* incidents : {
          R"({"incidents":[]})",
          R"({"data":[{"type":"incident","attributes":{"startedAt":"2026-01-01T00:00:00Z"}}]})",  // no id
          R"({"data":[{"id":"1","attributes":{}}]})",                                             // no startedAt
          R"({"data":[{"id":"1","attributes":{"startedAt":"yesterday"}}]})",
          R"({"data":[{"id":1,"attributes":{"startedAt":"2026-01-01T00:00:00Z"}},{"id":"1","attributes":{"startedAt":"2026-01-01T00:00:00Z"}}]})",
          "[]",
      }) {
    EXPECT_EQ(Parse(services, incidents).status().code(), absl::StatusCode::kInvalidArgument) << incidents;
  }
  EXPECT_EQ(Parse("{}", Fixture("incidents-all-good.json")).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Zendesk()
                .Parse(kPage, {{"services", {"u", 200, "", services}}, {"incidents", {"u", 500, "", ""}}})
                .status()
                .code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace statusphere::providers
