// The Store conformance suite, continued: the change log keeps deltas yet hands out each
// change with its incident exactly as stored after it, and is pruned from its oldest end
// once the notification fan-out has passed.
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
const std::string kPage = "https://status.flood.example";

v1::IncidentEvent Update(const std::string& id, absl::Time at, const std::string& body) {
  v1::IncidentEvent e;
  e.set_id(id);
  e.set_title("Update");
  e.set_description(body);
  *e.mutable_time() = ToProto(at);
  return e;
}

// Leases kPage and reports `incidents` at `now`; the summary.
ReportSummary Report(Store& store, std::vector<Incident> incidents, absl::Time now) {
  auto leases = store.LeaseDuePages("t", 10, absl::Minutes(5), now);
  EXPECT_TRUE(leases.ok()) << leases.status();
  if (!leases.ok() || leases->size() != 1) {
    ADD_FAILURE() << "the page was not due";
    return {};
  }
  ScrapeReport report;
  report.incidents = std::move(incidents);
  auto applied = store.ApplyReport((*leases)[0].lease_id, report, [](const ScheduleInput& in) { return in.now; }, now);
  EXPECT_TRUE(applied.ok()) << applied.status();
  return applied.ok() ? *applied : ReportSummary{};
}

}  // namespace

// Each change carries the incident as it was stored right after it, whatever came later:
// new updates, an update rewritten by its vendor, an incident resolved.
TEST_P(StoreConformanceTest, EveryChangeCarriesTheIncidentAsStoredAfterIt) {
  ASSERT_TRUE(store_->AddPage({"Flood", kPage, ""}, kT0).ok());
  Incident incident;
  incident.set_id("i1");
  incident.set_title("Errors");
  incident.set_impact("major");
  *incident.mutable_start_time() = ToProto(kT0);
  std::vector<Incident> expected;  // the incident as stored after each report
  for (int scrape = 0; scrape < 6; ++scrape) {
    const absl::Time now = kT0 + absl::Minutes(scrape);
    *incident.add_events() = Update(absl::StrCat("u", scrape), now, absl::StrCat("body ", scrape));
    if (scrape == 3) incident.mutable_events(1)->set_description("body 1, edited");
    if (scrape == 4) incident.set_title("Errors in the API");
    if (scrape == 5) *incident.mutable_end_time() = ToProto(now);
    Report(*store_, {incident}, now);
    auto stored = store_->ListIncidents({kPage});
    ASSERT_TRUE(stored.ok()) << stored.status();
    ASSERT_EQ(stored->size(), 1u);
    expected.push_back((*stored)[0]);
  }
  auto changes = store_->ListChanges(0, "", 100);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->size(), 6u);
  for (size_t i = 0; i < changes->size(); ++i) {
    EXPECT_EQ((*changes)[i].incident.DebugString(), expected[i].DebugString()) << "change " << i;
  }
  EXPECT_EQ((*changes)[0].kind, IncidentChange::CREATED);
  EXPECT_EQ((*changes)[5].kind, IncidentChange::RESOLVED);
  // Read from the middle, one at a time (the walk back starts wherever the read does).
  auto one = store_->ListChanges((*changes)[2].sequence, kPage, 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].incident.DebugString(), expected[3].DebugString());
}

// A page adding updates to one incident on every scrape: the incident keeps its newest
// updates and the change log grows by what each scrape added, not by the whole incident.
TEST_P(StoreConformanceTest, AnUpdateFloodKeepsTheNewestUpdatesAndLogsOnlyWhatChanged) {
  ASSERT_TRUE(store_->AddPage({"Flood", kPage, ""}, kT0).ok());
  Incident incident;
  incident.set_id("flood");
  incident.set_title("Flood");
  incident.set_impact("minor");
  *incident.mutable_start_time() = ToProto(kT0);
  const std::string body(2000, 'x');
  int dropped = 0;
  for (int scrape = 0; scrape < 30; ++scrape) {
    const absl::Time now = kT0 + absl::Minutes(scrape);
    for (int i = 0; i < 20; ++i) {
      *incident.add_events() = Update(absl::StrCat("s", scrape, "-", i), now + absl::Seconds(i), body);
    }
    dropped += Report(*store_, {incident}, now).updates_dropped;
  }
  auto stored = store_->ListIncidents({kPage});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  // The default limit: the newest 500 of 600, the last scrape's among them.
  EXPECT_EQ((*stored)[0].events_size(), StoreLimits{}.max_updates_per_incident);
  EXPECT_EQ((*stored)[0].events(0).id(), "s29-19");
  EXPECT_EQ(dropped, 100);
  auto changes = store_->ListChanges(0, "", 100);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 30u);
  EXPECT_EQ(changes->back().incident.events_size(), 500);
  EXPECT_EQ((*changes)[10].incident.events_size(), 220);
  EXPECT_EQ((*changes)[10].incident.events(0).id(), "s10-19");
}

// Pruning removes the oldest changes older than the cut, never one the fan-out has not
// passed, and says how far it went.
TEST_P(StoreConformanceTest, PruningRemovesOldChangesTheFanOutHasPassed) {
  ASSERT_TRUE(store_->AddPage({"Flood", kPage, ""}, kT0).ok());
  Incident incident;
  incident.set_id("i1");
  incident.set_title("Errors");
  incident.set_impact("major");
  *incident.mutable_start_time() = ToProto(kT0);
  for (int scrape = 0; scrape < 4; ++scrape) {
    *incident.add_events() = Update(absl::StrCat("u", scrape), kT0 + absl::Hours(scrape), "b");
    Report(*store_, {incident}, kT0 + absl::Hours(scrape));
  }
  auto all = store_->ListChanges(0, "", 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ(*store_->PrunedChangesThrough(), 0);

  // A subscription made after the second change: the fan-out has read nothing yet past it.
  SubscriptionRecord sub;
  sub.subscription.set_id("sub_1");
  sub.subscription.mutable_target()->set_kind(v1::WebhookTarget::GENERIC_JSON);
  sub.subscription.mutable_target()->set_url("http://127.0.0.1:9/hook");
  ASSERT_TRUE(store_->PruneChanges(kT0 + absl::Minutes(30)).ok());  // the first only: older than 30 min
  EXPECT_EQ(*store_->PrunedChangesThrough(), (*all)[0].sequence);
  ASSERT_TRUE(store_->CreateSubscription(sub, kT0 + absl::Hours(5)).ok());
  // The subscription starts at the newest change; its fan-out cursor holds nothing back.
  ASSERT_TRUE(
      store_->DispatchChanges([](const Subscription&, const ChangeRecord&) { return true; }, 100, kT0 + absl::Hours(5))
          .ok());
  *incident.add_events() = Update("u4", kT0 + absl::Hours(6), "b");
  Report(*store_, {incident}, kT0 + absl::Hours(6));
  // Everything is old enough now, but the newest change is not fanned out yet: it stays.
  auto pruned = store_->PruneChanges(kT0 + absl::Hours(10));
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(*pruned, 3);
  EXPECT_EQ(*store_->PrunedChangesThrough(), (*all)[3].sequence);
  auto left = store_->ListChanges(0, "", 100);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().incident.events_size(), 5);  // still whole
  // Fanned out, it goes too.
  ASSERT_TRUE(
      store_->DispatchChanges([](const Subscription&, const ChangeRecord&) { return true; }, 100, kT0 + absl::Hours(10))
          .ok());
  EXPECT_EQ(*store_->PruneChanges(kT0 + absl::Hours(10)), 1);
  EXPECT_TRUE(store_->ListChanges(0, "", 100)->empty());
  EXPECT_EQ(*store_->PrunedChangesThrough(), left->front().sequence);
  // The log is empty but still ends where it did: a new stream starts after it.
  EXPECT_EQ(*store_->LatestChangeSequence(), left->front().sequence);
  // The incident itself stays, with every update.
  EXPECT_EQ((*store_->ListIncidents({kPage}))[0].events_size(), 5);
}

}  // namespace statusphere::store
