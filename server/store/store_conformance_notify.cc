// The Store conformance suite, continued: webhook subscriptions and the notification outbox.
#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/proto_time.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
const std::string kPage = "https://www.githubstatus.com";

Incident MakeIncident(const std::string& id, absl::Time start, const std::string& title) {
  Incident i;
  i.set_id(id);
  i.set_title(title);
  i.set_impact("major");
  *i.mutable_start_time() = ToProto(start);
  return i;
}

// Reports `incidents` for kPage (leasing it first), as a scraper would.
void Report(Store& store, std::vector<Incident> incidents, absl::Time now) {
  auto leases = store.LeaseDuePages("t", 10, absl::Minutes(5), now);
  ASSERT_TRUE(leases.ok()) << leases.status();
  ASSERT_EQ(leases->size(), 1u);
  ScrapeReport report;
  report.incidents = std::move(incidents);
  auto applied = store.ApplyReport((*leases)[0].lease_id, report, [](const ScheduleInput& in) { return in.now; }, now);
  ASSERT_TRUE(applied.ok()) << applied.status();
}

SubscriptionRecord MakeSubscription(const std::string& id, const std::string& description,
                                    const std::string& secret = "") {
  SubscriptionRecord r;
  r.subscription.set_id(id);
  r.subscription.set_description(description);
  r.subscription.mutable_target()->set_kind(v1::WebhookTarget::GENERIC_JSON);
  r.subscription.mutable_target()->set_url("http://127.0.0.1:9/hook");
  r.subscription.mutable_filter()->add_status_page_urls(kPage);
  *r.subscription.mutable_create_time() = ToProto(kT0);
  r.secret = secret;
  return r;
}

// Subscriptions whose description is "all" want every change; others none.
bool WantsAll(const Subscription& s, const ChangeRecord&) { return s.description() == "all"; }

// Four threads, as if on four servers, each calling `claim(owner)` (the ids it claimed)
// until it has come back empty `idle_rounds` times; every id claimed, as often as claimed.
std::multiset<int64_t> ClaimConcurrently(int idle_rounds,
                                         const std::function<std::vector<int64_t>(const std::string&)>& claim) {
  absl::Mutex mu;
  std::multiset<int64_t> claimed;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string owner = "owner-" + std::to_string(t);
      for (int idle = 0; idle < idle_rounds;) {
        const std::vector<int64_t> ids = claim(owner);
        if (ids.empty()) ++idle;
        absl::MutexLock lock(&mu);
        claimed.insert(ids.begin(), ids.end());
      }
    });
  }
  for (auto& t : threads) t.join();
  return claimed;
}

}  // namespace

TEST_P(StoreConformanceTest, SubscriptionsAreCreatedListedFetchedAndDeleted) {
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_b", "second", "s3cret"), kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_a", "third"), kT0 + absl::Seconds(2)).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_c", "first"), kT0 - absl::Seconds(2)).ok());
  EXPECT_EQ(store_->CreateSubscription(MakeSubscription("sub_a", "again"), kT0).code(),
            absl::StatusCode::kAlreadyExists);

  auto all = store_->ListSubscriptions();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id(), "sub_c");  // oldest first
  EXPECT_EQ((*all)[1].id(), "sub_b");
  EXPECT_EQ((*all)[2].id(), "sub_a");
  EXPECT_EQ((*all)[1].target().url(), "http://127.0.0.1:9/hook");
  EXPECT_EQ((*all)[1].filter().status_page_urls(0), kPage);
  EXPECT_EQ((*all)[1].delivery().pending(), 0);

  auto one = store_->GetSubscription("sub_b");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->description(), "second");
  EXPECT_EQ(store_->GetSubscription("sub_x").status().code(), absl::StatusCode::kNotFound);

  ASSERT_TRUE(store_->DeleteSubscription("sub_b").ok());
  EXPECT_EQ(store_->DeleteSubscription("sub_b").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetSubscription("sub_b").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->ListSubscriptions()->size(), 2u);
}

TEST_P(StoreConformanceTest, DispatchFansOutEachChangeExactlyOnceToMatchingSubscriptions) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all", "key"), kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_none", "none"), kT0).ok());
  Report(*store_, {MakeIncident("a", kT0, "Outage")}, kT0);
  Report(*store_, {MakeIncident("a", kT0, "Outage, worse"), MakeIncident("b", kT0, "Other")}, kT0 + absl::Minutes(1));

  // Batches of one change: the cursor moves one at a time and nothing is fanned out twice.
  int created = 0;
  for (int i = 0; i < 5; ++i) {
    auto n = store_->DispatchChanges(WantsAll, 1, kT0 + absl::Minutes(2));
    ASSERT_TRUE(n.ok()) << n.status();
    created += n->notifications;
  }
  EXPECT_EQ(created, 3);
  EXPECT_EQ(store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(2))->notifications, 0);

  auto state = store_->GetSubscription("sub_all");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->delivery().pending(), 3);
  EXPECT_EQ(state->delivery().next_attempt_number(), 1);
  EXPECT_EQ(store_->GetSubscription("sub_none")->delivery().pending(), 0);

  auto claimed = store_->ClaimDeliveries("d1", 10, absl::Minutes(1), kT0 + absl::Minutes(2));
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  // "a" has two changes: only the first is handed out while it is pending.
  ASSERT_EQ(claimed->size(), 2u);
  const Delivery& first = (*claimed)[0];
  EXPECT_EQ(first.subscription.subscription.id(), "sub_all");
  EXPECT_EQ(first.subscription.secret, "key");
  EXPECT_EQ(first.subscription.subscription.target().url(), "http://127.0.0.1:9/hook");
  EXPECT_EQ(first.change.kind, IncidentChange::CREATED);
  EXPECT_EQ(first.change.incident.id(), "a");
  EXPECT_EQ(first.change.incident.title(), "Outage");
  EXPECT_EQ(first.attempt, 1);
  EXPECT_GT(first.change.sequence, 0);
}

TEST_P(StoreConformanceTest, SubscriptionsReceiveOnlyChangesStoredAfterThem) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  Report(*store_, {MakeIncident("old", kT0, "Before")}, kT0);
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all"), kT0).ok());
  EXPECT_EQ(store_->DispatchChanges(WantsAll, 100, kT0)->notifications, 0);
  Report(*store_, {MakeIncident("new", kT0, "After")}, kT0 + absl::Minutes(1));
  EXPECT_EQ(store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(1))->notifications, 1);
}

TEST_P(StoreConformanceTest, DeliveriesKeepOrderPerIncidentAndAreNeverClaimedTwice) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all"), kT0).ok());
  Report(*store_, {MakeIncident("a", kT0, "v1")}, kT0);
  Report(*store_, {MakeIncident("a", kT0, "v2")}, kT0 + absl::Minutes(1));
  const absl::Time now = kT0 + absl::Minutes(2);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, now)->notifications, 2);

  auto first = store_->ClaimDeliveries("d1", 10, absl::Minutes(1), now);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].change.incident.title(), "v1");
  // Leased: nobody else gets it, nor the later change of the same incident.
  EXPECT_TRUE(store_->ClaimDeliveries("d2", 10, absl::Minutes(1), now)->empty());

  // A failed attempt waits for its retry time, and still blocks the later change.
  const int64_t id = (*first)[0].id;
  EXPECT_EQ(store_->MarkDelivered(id, "d2", now).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->MarkAttemptFailed(id, "d1", "HTTP 500", now + absl::Seconds(30), now).ok());
  EXPECT_TRUE(store_->ClaimDeliveries("d2", 10, absl::Minutes(1), now + absl::Seconds(29))->empty());
  auto state = store_->GetSubscription("sub_all");
  EXPECT_EQ(state->delivery().last_error(), "HTTP 500");
  EXPECT_EQ(FromProto(state->delivery().next_attempt_time()), now + absl::Seconds(30));
  EXPECT_EQ(state->delivery().next_attempt_number(), 2);

  auto retry = store_->ClaimDeliveries("d2", 10, absl::Minutes(1), now + absl::Seconds(30));
  ASSERT_EQ(retry->size(), 1u);
  EXPECT_EQ((*retry)[0].id, id);
  EXPECT_EQ((*retry)[0].attempt, 2);
  ASSERT_TRUE(store_->MarkDelivered(id, "d2", now + absl::Seconds(31)).ok());

  auto second = store_->ClaimDeliveries("d1", 10, absl::Minutes(1), now + absl::Seconds(31));
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].change.incident.title(), "v2");
  EXPECT_EQ((*second)[0].change.kind, IncidentChange::UPDATED);
  state = store_->GetSubscription("sub_all");
  EXPECT_EQ(state->delivery().delivered(), 1);
  EXPECT_EQ(state->delivery().pending(), 1);
  EXPECT_EQ(FromProto(state->delivery().last_delivered_time()), now + absl::Seconds(31));
}

TEST_P(StoreConformanceTest, ExpiredDeliveryLeaseIsClaimedAgainAndGivingUpUnblocksLaterChanges) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all"), kT0).ok());
  Report(*store_, {MakeIncident("a", kT0, "v1")}, kT0);
  Report(*store_, {MakeIncident("a", kT0, "v2")}, kT0 + absl::Minutes(1));
  const absl::Time now = kT0 + absl::Minutes(2);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, now)->notifications, 2);

  auto crashed = store_->ClaimDeliveries("dead", 10, absl::Seconds(10), now);
  ASSERT_EQ(crashed->size(), 1u);
  // The sender died: after its lease the row is claimed again, counting the lost attempt.
  auto again = store_->ClaimDeliveries("d2", 10, absl::Seconds(10), now + absl::Seconds(10));
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].attempt, 2);
  EXPECT_EQ(store_->MarkDelivered((*again)[0].id, "dead", now).code(), absl::StatusCode::kFailedPrecondition);

  ASSERT_TRUE(store_->MarkAttemptFailed((*again)[0].id, "d2", "HTTP 410", std::nullopt, now + absl::Seconds(11)).ok());
  auto state = store_->GetSubscription("sub_all");
  EXPECT_EQ(state->delivery().failed(), 1);
  EXPECT_EQ(state->delivery().pending(), 1);
  EXPECT_EQ(state->delivery().last_error(), "HTTP 410");
  auto later = store_->ClaimDeliveries("d2", 10, absl::Seconds(10), now + absl::Seconds(11));
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].change.incident.title(), "v2");
}

TEST_P(StoreConformanceTest, WithoutSubscriptionsFanOutIdlesAndTheFirstOneStartsAfresh) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  Report(*store_, {MakeIncident("a", kT0, "v1"), MakeIncident("b", kT0, "v1")}, kT0);
  auto idle = store_->DispatchChanges(WantsAll, 100, kT0);
  ASSERT_TRUE(idle.ok()) << idle.status();
  EXPECT_EQ(idle->changes, 0);
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all"), kT0).ok());
  // The history before the subscription is not even read.
  EXPECT_EQ(store_->DispatchChanges(WantsAll, 100, kT0)->changes, 0);
  Report(*store_, {MakeIncident("a", kT0, "v2")}, kT0 + absl::Minutes(1));
  auto next = store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(1));
  EXPECT_EQ(next->changes, 1);
  EXPECT_EQ(next->notifications, 1);
}

TEST_P(StoreConformanceTest, PruningDropsOnlyFinishedOldNotifications) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all"), kT0).ok());
  Report(*store_, {MakeIncident("a", kT0, "v1"), MakeIncident("b", kT0, "v1"), MakeIncident("c", kT0, "v1")}, kT0);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, kT0)->notifications, 3);
  auto claimed = store_->ClaimDeliveries("d", 2, absl::Minutes(1), kT0);
  ASSERT_EQ(claimed->size(), 2u);
  ASSERT_TRUE(store_->MarkDelivered((*claimed)[0].id, "d", kT0).ok());
  ASSERT_TRUE(store_->MarkAttemptFailed((*claimed)[1].id, "d", "HTTP 410", std::nullopt, kT0).ok());
  EXPECT_EQ(*store_->PruneDeliveries(kT0), 0);  // not older than the cut-off
  EXPECT_EQ(*store_->PruneDeliveries(kT0 + absl::Seconds(1)), 2);
  auto state = store_->GetSubscription("sub_all");
  EXPECT_EQ(state->delivery().pending(), 1);
  EXPECT_EQ(state->delivery().delivered(), 0);
  EXPECT_EQ(state->delivery().failed(), 0);
}

TEST_P(StoreConformanceTest, DeletingASubscriptionDropsItsOutbox) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all"), kT0).ok());
  Report(*store_, {MakeIncident("a", kT0, "v1")}, kT0);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, kT0)->notifications, 1);
  ASSERT_TRUE(store_->DeleteSubscription("sub_all").ok());
  EXPECT_TRUE(store_->ClaimDeliveries("d1", 10, absl::Minutes(1), kT0)->empty());
  // Removing the page afterwards does not disturb the outbox either.
  ASSERT_TRUE(store_->RemovePage(kPage).ok());
}

TEST_P(StoreConformanceTest, FanOutMissesNoChangeCommittedWhileItRuns) {
  // Reports on four pages commit concurrently, in whatever order, while two dispatchers
  // run: a change whose sequence was taken before a later one committed must still be
  // fanned out, exactly once.
  const std::vector<std::string> pages = {"https://a.example", "https://b.example", "https://c.example",
                                          "https://d.example"};
  for (const std::string& url : pages) ASSERT_TRUE(store_->AddPage({url, url, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all"), kT0).ok());
  std::atomic<bool> reporting{true};
  std::atomic<int> created{0};
  std::vector<std::thread> dispatchers;
  for (int d = 0; d < 2; ++d) {
    dispatchers.emplace_back([&] {
      while (reporting) {
        auto n = store_->DispatchChanges(WantsAll, 7, kT0);
        if (n.ok()) created += n->notifications;
      }
    });
  }
  constexpr int kRounds = 5, kPerReport = 3;
  for (int round = 0; round < kRounds; ++round) {
    auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), kT0 + absl::Minutes(round));
    ASSERT_TRUE(leases.ok()) << leases.status();
    ASSERT_EQ(leases->size(), pages.size());
    std::vector<std::thread> reporters;
    for (const LeaseRecord& lease : *leases) {
      reporters.emplace_back([&, lease] {
        ScrapeReport report;
        for (int i = 0; i < kPerReport; ++i) {
          report.incidents.push_back(
              MakeIncident(absl::StrCat("r", round, "-", i), kT0, absl::StrCat("round ", round)));
        }
        EXPECT_TRUE(
            store_
                ->ApplyReport(
                    lease.lease_id, report, [](const ScheduleInput& in) { return in.now; }, kT0 + absl::Minutes(round))
                .ok());
      });
    }
    for (auto& t : reporters) t.join();
  }
  reporting = false;
  for (auto& t : dispatchers) t.join();
  while (true) {
    auto n = store_->DispatchChanges(WantsAll, 100, kT0);
    ASSERT_TRUE(n.ok()) << n.status();
    if (n->changes == 0) break;
    created += n->notifications;
  }
  const int expected = kRounds * static_cast<int>(pages.size()) * kPerReport;
  EXPECT_EQ(created.load(), expected);
  EXPECT_EQ(store_->GetSubscription("sub_all")->delivery().pending(), expected);
}

TEST_P(StoreConformanceTest, ConcurrentClaimersNeverShareARow) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_all", "all"), kT0).ok());
  std::vector<Incident> incidents;
  for (int i = 0; i < 40; ++i) incidents.push_back(MakeIncident("i" + std::to_string(i), kT0, "t"));
  Report(*store_, incidents, kT0);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 1000, kT0)->notifications, 40);

  // Four claimers (as if on four servers) drain the outbox at once.
  const std::multiset<int64_t> claimed = ClaimConcurrently(1, [&](const std::string& owner) {
    std::vector<int64_t> ids;
    auto batch = store_->ClaimDeliveries(owner, 3, absl::Minutes(5), kT0);
    if (batch.ok()) {
      for (const Delivery& d : *batch) ids.push_back(d.id);
    }
    return ids;
  });
  EXPECT_EQ(claimed.size(), 40u);
  EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()).size(), 40u);
}

// --- EMAIL digests ----------------------------------------------------------------------

namespace {

// A digest subscription wanting every change ("all"), its window `minutes` long.
SubscriptionRecord MakeDigestSubscription(const std::string& id, int minutes) {
  SubscriptionRecord r = MakeSubscription(id, "all");
  r.subscription.mutable_target()->set_kind(v1::WebhookTarget::EMAIL);
  r.subscription.mutable_target()->set_url("smtp://127.0.0.1:9?from=a@acme.example&to=b@acme.example&tls=none");
  r.subscription.mutable_target()->set_digest_minutes(minutes);
  return r;
}

std::vector<int64_t> Ids(const DigestBatch& batch) {
  std::vector<int64_t> ids;
  for (const Delivery& d : batch.deliveries) ids.push_back(d.id);
  return ids;
}

std::vector<std::string> Titles(const DigestBatch& batch) {
  std::vector<std::string> titles;
  for (const Delivery& d : batch.deliveries) titles.push_back(d.change.incident.title());
  return titles;
}

}  // namespace

TEST_P(StoreConformanceTest, ADigestWindowIsClaimedWholeWhenItClosesAndMarkedTogether) {
  const absl::Duration minute = absl::Minutes(1);
  const DigestLimits limits;
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeDigestSubscription("sub_digest", 5), kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeSubscription("sub_each", "all"), kT0).ok());
  // Two changes in the window (opened at T0, closing at T0+5m), one after it.
  Report(*store_, {MakeIncident("a", kT0, "a v1")}, kT0);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, kT0)->notifications, 2);
  Report(*store_, {MakeIncident("a", kT0, "a v2"), MakeIncident("b", kT0, "b v1")}, kT0 + absl::Minutes(2));
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(2))->notifications, 4);
  Report(*store_, {MakeIncident("c", kT0, "c v1")}, kT0 + absl::Minutes(6));
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, kT0 + absl::Minutes(6))->notifications, 2);

  // Single claims never hand out a digest row.
  auto singles = store_->ClaimDeliveries("d1", 100, absl::Minutes(1), kT0 + absl::Hours(1));
  ASSERT_TRUE(singles.ok()) << singles.status();
  for (const Delivery& d : *singles) EXPECT_EQ(d.subscription.subscription.id(), "sub_each");

  auto early = store_->ClaimDigest("d1", limits, minute, absl::Minutes(1), kT0 + absl::Minutes(5) - absl::Seconds(1));
  ASSERT_TRUE(early.ok()) << early.status();
  EXPECT_TRUE(early->deliveries.empty());  // the window is still open

  const absl::Time closed = kT0 + absl::Minutes(6) + absl::Seconds(1);
  auto batch = store_->ClaimDigest("d1", limits, minute, absl::Minutes(1), closed);
  ASSERT_TRUE(batch.ok()) << batch.status();
  // The window's three events in change order; "c", stored after it closed, waits.
  EXPECT_EQ(Titles(*batch), (std::vector<std::string>{"a v1", "a v2", "b v1"}));
  EXPECT_EQ(batch->held_back, 0);
  EXPECT_EQ(batch->deliveries[0].subscription.subscription.id(), "sub_digest");
  EXPECT_EQ(batch->deliveries[0].subscription.subscription.target().digest_minutes(), 5);
  EXPECT_EQ(batch->deliveries[0].attempt, 1);
  EXPECT_EQ(batch->deliveries[1].change.kind, IncidentChange::UPDATED);
  // Leased: nobody else gets any of it.
  EXPECT_TRUE(store_->ClaimDigest("d2", limits, minute, absl::Minutes(1), closed)->deliveries.empty());

  // A failure retries the same events together.
  const std::vector<int64_t> ids = Ids(*batch);
  ASSERT_TRUE(store_->MarkAttemptFailed(ids, "d1", "smtp: 451", closed + absl::Seconds(30), closed).ok());
  EXPECT_TRUE(
      store_->ClaimDigest("d2", limits, minute, absl::Minutes(1), closed + absl::Seconds(29))->deliveries.empty());
  auto retry = store_->ClaimDigest("d2", limits, minute, absl::Minutes(1), closed + absl::Seconds(30));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(Ids(*retry), ids);
  EXPECT_EQ(retry->deliveries[0].attempt, 2);

  // Marked together: all of them, or none when one is not the caller's.
  std::vector<int64_t> with_a_stranger = ids;
  with_a_stranger.push_back((*singles)[0].id);  // leased to d1
  EXPECT_EQ(store_->MarkDelivered(with_a_stranger, "d2", closed + absl::Seconds(31)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetSubscription("sub_digest")->delivery().delivered(), 0);
  ASSERT_TRUE(store_->MarkDelivered(ids, "d2", closed + absl::Seconds(31)).ok());
  auto state = store_->GetSubscription("sub_digest");
  EXPECT_EQ(state->delivery().delivered(), 3);
  EXPECT_EQ(state->delivery().pending(), 1);

  // "c" opened the next window at T0+6m: it closes at T0+11m.
  EXPECT_TRUE(store_->ClaimDigest("d1", limits, minute, absl::Minutes(1), kT0 + absl::Minutes(11) - absl::Seconds(1))
                  ->deliveries.empty());
  auto next = store_->ClaimDigest("d1", limits, minute, absl::Minutes(1), kT0 + absl::Minutes(11));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(Titles(*next), (std::vector<std::string>{"c v1"}));
}

TEST_P(StoreConformanceTest, ADigestTakesAtMostItsLimitsAndTheRestFollowsAtOnce) {
  const absl::Duration minute = absl::Seconds(1);  // as tests shorten it
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  ASSERT_TRUE(store_->CreateSubscription(MakeDigestSubscription("sub_digest", 10), kT0).ok());
  Report(*store_,
         {MakeIncident("a", kT0, "a"), MakeIncident("b", kT0, "b"), MakeIncident("c", kT0, "c"),
          MakeIncident("d", kT0, std::string(3000, 'd'))},
         kT0);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 100, kT0)->notifications, 4);
  const absl::Time closed = kT0 + absl::Seconds(10);

  DigestLimits two;
  two.max_events = 2;
  auto first = store_->ClaimDigest("d", two, minute, absl::Minutes(1), closed);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Titles(*first), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(first->held_back, 2);
  // A crash: the lease runs out and the same two come again.
  auto again = store_->ClaimDigest("d2", two, minute, absl::Minutes(1), closed + absl::Minutes(1));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Ids(*again), Ids(*first));
  EXPECT_EQ(again->deliveries[0].attempt, 2);
  ASSERT_TRUE(store_->MarkDelivered(Ids(*again), "d2", closed + absl::Minutes(1)).ok());

  // The rest of the window is due at once; the bytes bound stops before the big one, but
  // a mail always carries at least one event.
  DigestLimits small;
  small.max_bytes = 1000;
  auto second = store_->ClaimDigest("d", small, minute, absl::Minutes(1), closed + absl::Minutes(1));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Titles(*second), (std::vector<std::string>{"c"}));
  EXPECT_EQ(second->held_back, 1);
  ASSERT_TRUE(store_->MarkDelivered(Ids(*second), "d", closed + absl::Minutes(1)).ok());
  auto third = store_->ClaimDigest("d", small, minute, absl::Minutes(1), closed + absl::Minutes(1));
  ASSERT_TRUE(third.ok()) << third.status();
  ASSERT_EQ(third->deliveries.size(), 1u);
  EXPECT_EQ(third->held_back, 0);
  ASSERT_TRUE(store_->MarkAttemptFailed(Ids(*third), "d", "smtp: 550", std::nullopt, closed + absl::Minutes(1)).ok());
  EXPECT_EQ(store_->GetSubscription("sub_digest")->delivery().failed(), 1);
  EXPECT_TRUE(store_->ClaimDigest("d", small, minute, absl::Minutes(1), closed + absl::Hours(1))->deliveries.empty());
}

TEST_P(StoreConformanceTest, ConcurrentDigestClaimersNeverShareARow) {
  ASSERT_TRUE(store_->AddPage({"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  for (int s = 0; s < 6; ++s) {
    ASSERT_TRUE(store_->CreateSubscription(MakeDigestSubscription(absl::StrCat("sub_", s), 1), kT0).ok());
  }
  std::vector<Incident> incidents;
  for (int i = 0; i < 10; ++i) incidents.push_back(MakeIncident("i" + std::to_string(i), kT0, "t"));
  Report(*store_, incidents, kT0);
  ASSERT_EQ(store_->DispatchChanges(WantsAll, 1000, kT0)->notifications, 60);
  DigestLimits four;
  four.max_events = 4;

  // A claimer may find every remaining window held by another for a moment: it tries again.
  const std::multiset<int64_t> claimed = ClaimConcurrently(20, [&](const std::string& owner) {
    auto batch = store_->ClaimDigest(owner, four, absl::Minutes(1), absl::Minutes(5), kT0 + absl::Minutes(1));
    if (!batch.ok() || batch->deliveries.empty()) return std::vector<int64_t>{};
    EXPECT_TRUE(store_->MarkDelivered(Ids(*batch), owner, kT0 + absl::Minutes(1)).ok());
    return Ids(*batch);
  });
  EXPECT_EQ(claimed.size(), 60u);
  EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()).size(), 60u);
}

}  // namespace statusphere::store
