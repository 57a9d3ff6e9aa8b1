// The Store conformance suite, continued: component changes (component.changed) through the
// change log, fan-out and the outbox.
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
const std::string kPage = "https://status.asana.test";

Component MakeComponent(const std::string& id, const std::string& name, const std::string& status) {
  Component c;
  c.set_id(id);
  c.set_name(name);
  c.set_status(status);
  return c;
}

Incident MakeIncident(const std::string& id, absl::Time start) {
  Incident i;
  i.set_id(id);
  i.set_title("Outage " + id);
  i.set_impact("major");
  *i.mutable_start_time() = ToProto(start);
  return i;
}

void Report(Store& store, std::vector<Component> components, std::vector<Incident> incidents, absl::Time now) {
  auto leases = store.LeaseDuePages("t", 10, absl::Minutes(5), now);
  ASSERT_TRUE(leases.ok()) << leases.status();
  ASSERT_EQ(leases->size(), 1u);
  ScrapeReport report;
  report.components = std::move(components);
  report.incidents = std::move(incidents);
  auto applied = store.ApplyReport((*leases)[0].lease_id, report, [](const ScheduleInput& in) { return in.now; }, now);
  ASSERT_TRUE(applied.ok()) << applied.status();
}

SubscriptionRecord Subscribe(const std::string& id) {
  SubscriptionRecord r;
  r.subscription.set_id(id);
  r.subscription.mutable_target()->set_kind(v1::WebhookTarget::GENERIC_JSON);
  r.subscription.mutable_target()->set_url("http://127.0.0.1:9/hook");
  *r.subscription.mutable_create_time() = ToProto(kT0);
  return r;
}

bool WantsAll(const Subscription&, const ChangeRecord&) { return true; }

std::vector<Delivery> ClaimAll(Store& store, absl::Time now) {
  std::vector<Delivery> all;
  for (;;) {
    auto claimed = store.ClaimDeliveries("d", 10, absl::Minutes(1), now);
    EXPECT_TRUE(claimed.ok()) << claimed.status();
    if (!claimed.ok() || claimed->empty()) return all;
    for (const Delivery& d : *claimed) {
      EXPECT_TRUE(store.MarkDelivered(d.id, "d", now).ok());
      all.push_back(d);
    }
  }
}

}  // namespace

TEST_P(StoreConformanceTest, AComponentTurningRedWithoutAnIncidentIsOneComponentChange) {
  ASSERT_TRUE(store_->AddPage({"Asana", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(Subscribe("sub_all"), kT0).ok());
  // The first scrape finds the components: nothing changed yet.
  Report(*store_,
         {MakeComponent("a", "API", "operational"), MakeComponent("b", "Web", "operational"),
          MakeComponent("c", "Jobs", "operational")},
         {}, kT0);
  EXPECT_EQ(store_->DispatchChanges(WantsAll, 100, kT0)->notifications, 0);

  // Two components turn red, no incident: one change listing both.
  Report(*store_,
         {MakeComponent("a", "API", "major_outage"), MakeComponent("b", "Web", "partial_outage"),
          MakeComponent("c", "Jobs", "operational")},
         {}, kT0 + absl::Minutes(1));
  auto fanned = store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(1));
  ASSERT_TRUE(fanned.ok()) << fanned.status();
  EXPECT_EQ(fanned->changes, 1);
  EXPECT_EQ(fanned->notifications, 1);
  EXPECT_EQ(store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(1))->notifications, 0);  // exactly once

  std::vector<Delivery> sent = ClaimAll(*store_, kT0 + absl::Minutes(1));
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_TRUE(sent[0].change.components.has_value());
  const v1::ComponentChangeEvent& event = *sent[0].change.components;
  EXPECT_EQ(sent[0].change.kind, IncidentChange::KIND_UNSPECIFIED);
  EXPECT_EQ(event.status_page_url(), kPage);
  ASSERT_EQ(event.changes_size(), 2);
  EXPECT_EQ(event.changes(0).name(), "API");
  EXPECT_EQ(event.changes(0).old_status(), "operational");
  EXPECT_EQ(event.changes(0).new_status(), "major_outage");
  EXPECT_EQ(event.changes(1).name(), "Web");
  EXPECT_EQ(event.changes(1).new_status(), "partial_outage");
  EXPECT_EQ(event.page_status_before(), "UP");
  EXPECT_EQ(event.page_status_after(), "DEGRADED");
  EXPECT_FALSE(event.incident_open());

  // The same statuses again: no change. Recovery: one more, back to UP.
  Report(*store_,
         {MakeComponent("a", "API", "major_outage"), MakeComponent("b", "Web", "partial_outage"),
          MakeComponent("c", "Jobs", "operational")},
         {}, kT0 + absl::Minutes(2));
  Report(*store_,
         {MakeComponent("a", "API", "operational"), MakeComponent("b", "Web", "operational"),
          MakeComponent("c", "Jobs", "operational")},
         {}, kT0 + absl::Minutes(3));
  EXPECT_EQ(store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(3))->notifications, 1);
  sent = ClaimAll(*store_, kT0 + absl::Minutes(3));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].change.components->changes_size(), 2);
  EXPECT_EQ(sent[0].change.components->page_status_before(), "DEGRADED");
  EXPECT_EQ(sent[0].change.components->page_status_after(), "UP");

  // Feeds and incident watchers read incident changes only.
  auto listed = store_->ListChanges(0, "", 100);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_TRUE(listed->empty());
  // Those that keep answers about pages ask for the component changes too, in order.
  auto with_components = store_->ListChanges(0, "", 100, Store::ChangeKinds::kIncidentsAndComponents);
  ASSERT_TRUE(with_components.ok()) << with_components.status();
  ASSERT_EQ(with_components->size(), 2u);
  ASSERT_TRUE((*with_components)[1].components.has_value());
  EXPECT_EQ((*with_components)[1].components->status_page_url(), kPage);
  EXPECT_EQ((*with_components)[1].components->page_status_after(), "UP");
  EXPECT_LT((*with_components)[0].sequence, (*with_components)[1].sequence);
}

TEST_P(StoreConformanceTest, AComponentChangeWithAnIncidentFollowsTheReportsIncidentChanges) {
  ASSERT_TRUE(store_->AddPage({"Asana", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(Subscribe("sub_all"), kT0).ok());
  Report(*store_, {MakeComponent("a", "API", "operational")}, {}, kT0);
  Report(*store_, {MakeComponent("a", "API", "major_outage")}, {MakeIncident("i1", kT0)}, kT0 + absl::Minutes(1));
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(1))->notifications, 2);

  std::vector<Delivery> sent = ClaimAll(*store_, kT0 + absl::Minutes(1));
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].change.kind, IncidentChange::CREATED);
  EXPECT_FALSE(sent[0].change.components.has_value());
  ASSERT_TRUE(sent[1].change.components.has_value());
  EXPECT_GT(sent[1].change.sequence, sent[0].change.sequence);
  // Before is what the subscriber last knew: before the report's incident as well.
  EXPECT_EQ(sent[1].change.components->page_status_before(), "UP");
  EXPECT_EQ(sent[1].change.components->page_status_after(), "DEGRADED");
  EXPECT_TRUE(sent[1].change.components->incident_open());

  auto listed = store_->ListChanges(0, kPage, 100);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].incident.id(), "i1");
  auto with_components = store_->ListChanges(0, kPage, 100, Store::ChangeKinds::kIncidentsAndComponents);
  ASSERT_TRUE(with_components.ok()) << with_components.status();
  ASSERT_EQ(with_components->size(), 2u);
  EXPECT_EQ((*with_components)[0].incident.id(), "i1");
  EXPECT_TRUE((*with_components)[1].components.has_value());
}

TEST_P(StoreConformanceTest, ComponentChangesOfAPageAreDeliveredInOrderAndPrunedWithTheLog) {
  ASSERT_TRUE(store_->AddPage({"Asana", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(Subscribe("sub_all"), kT0).ok());
  Report(*store_, {MakeComponent("a", "API", "operational")}, {}, kT0);
  Report(*store_, {MakeComponent("a", "API", "partial_outage")}, {}, kT0 + absl::Minutes(1));
  Report(*store_, {MakeComponent("a", "API", "major_outage")}, {}, kT0 + absl::Minutes(2));
  const absl::Time now = kT0 + absl::Minutes(3);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, now)->notifications, 2);

  // The later change of the page's components waits for the earlier one.
  auto first = store_->ClaimDeliveries("d", 10, absl::Minutes(1), now);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].change.components->changes(0).new_status(), "partial_outage");
  EXPECT_TRUE(store_->ClaimDeliveries("d2", 10, absl::Minutes(1), now)->empty());
  ASSERT_TRUE(store_->MarkDelivered((*first)[0].id, "d", now).ok());
  auto second = store_->ClaimDeliveries("d", 10, absl::Minutes(1), now);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].change.components->changes(0).old_status(), "partial_outage");
  EXPECT_EQ((*second)[0].change.components->changes(0).new_status(), "major_outage");

  // The outbox kept its copy: pruning the log loses nothing owed.
  auto pruned = store_->PruneChanges(now + absl::Hours(1));
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(*pruned, 2);
  ASSERT_TRUE(store_->MarkDelivered((*second)[0].id, "d", now).ok());
}

}  // namespace statusphere::store
