// GitHub's history.atom as captured (../shared/fixtures), parsed by the feed provider and
// stored: every update it shows is stored, though several share a minute and a heading.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "providers/feed/feed_parser.h"
#include "server/store/sqlite/sqlite_store.h"
#include "tests/support/shared_fixtures.h"

namespace statusphere::store {
namespace {

const std::string kPage = "https://www.githubstatus.com";
const absl::Time kScraped = absl::FromUnixSeconds(1'654'950'000);  // 2022-06-11, the capture's day

absl::StatusOr<ReportSummary> Report(Store& store, const std::vector<Incident>& incidents, absl::Time now) {
  auto leases = store.LeaseDuePages("t", 10, absl::Minutes(5), now);
  if (!leases.ok()) return leases.status();
  if (leases->size() != 1) return absl::NotFoundError("the page was not due");
  ScrapeReport report;
  report.incidents = incidents;
  return store.ApplyReport((*leases)[0].lease_id, report, [](const ScheduleInput& in) { return in.now; }, now);
}

TEST(CapturedFeed, GitHubsSameMinuteUpdatesAreAllStored) {
  auto atom = testing::ReadSharedFixture("atlassian-statuspage/githubstatus-history-2022-06-11.atom");
  if (!atom) GTEST_SKIP() << "../shared/fixtures is absent: real captures not available";
  auto parsed = providers::ParseFeed(kPage, {kPage + "/history.atom", 200, "application/atom+xml", *atom});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->incidents.size(), 25u);

  auto store = SqliteStore::Open(":memory:");
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)->AddPage(NewPage{"GitHub", kPage, "atlassian-statuspage", PageOrigin::kAdmin}, kScraped).ok());
  auto first = Report(**store, parsed->incidents, kScraped);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->created, 25);

  auto stored = (*store)->ListIncidents({kPage});
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), 25u);
  // Updates the feed shows, and how many (time, title) pairs they have: the older key kept
  // one update per pair (7 of 11 and 5 of 6).
  const std::map<std::string, std::pair<int, size_t>> expected = {{"zhtplv7zd052", {11, 7}}, {"gcqz5grcs4z6", {6, 5}}};
  int total_updates = 0;
  for (const Incident& incident : *stored) {
    total_updates += incident.events_size();
    auto it = expected.find(incident.id());
    if (it == expected.end()) continue;
    std::set<std::pair<int64_t, std::string>> pairs;
    for (const auto& e : incident.events()) pairs.insert({ToMicros(e.time()), e.title()});
    EXPECT_EQ(incident.events_size(), it->second.first) << incident.id();
    EXPECT_EQ(pairs.size(), it->second.second) << incident.id();
  }
  int parsed_updates = 0;
  for (const Incident& incident : parsed->incidents) parsed_updates += incident.events_size();
  EXPECT_EQ(total_updates, parsed_updates);  // nothing the feed published is lost

  const Incident* zh = nullptr;
  for (const Incident& incident : *stored) {
    if (incident.id() == "zhtplv7zd052") zh = &incident;
  }
  ASSERT_NE(zh, nullptr);
  // 07:54 has four "Update"s, about four components.
  int at_0754 = 0;
  for (const auto& e : zh->events()) {
    if (e.title() == "Update" && FromProto(e.time()) == absl::FromUnixSeconds(1'653'638'040)) ++at_0754;
  }
  EXPECT_EQ(at_0754, 4);
  EXPECT_EQ(zh->description(), "This incident has been resolved.");  // the latest update's text

  // The same feed again: nothing changes, nothing is duplicated.
  auto again = Report(**store, parsed->incidents, kScraped + absl::Minutes(5));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->unchanged, 25);
  EXPECT_EQ(again->updated, 0);
}

}  // namespace
}  // namespace statusphere::store
