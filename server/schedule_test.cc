#include "server/schedule.h"

#include <set>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace statusphere {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'700'000'000);

store::ScheduleInput Failed(int failures, store::ScrapeFailure::Reason reason = store::ScrapeFailure::FETCH_FAILED,
                            absl::Duration retry_after = absl::ZeroDuration()) {
  return {v1::SCRAPE_KIND_CURRENT, store::ScrapeReport::Outcome::kFailure, failures, retry_after, kNow, reason};
}

TEST(Schedule, BackoffDoublesPastTheIntervalUpToTheCap) {
  ScheduleConfig config;  // the defaults: 30 s doubling, 6 h cap, 5 min interval
  config.jitter = 0;
  const store::SchedulePolicy policy = MakeSchedulePolicy(config);
  EXPECT_EQ(policy(Failed(1)) - kNow, absl::Seconds(30));
  EXPECT_EQ(policy(Failed(2)) - kNow, absl::Minutes(1));
  EXPECT_EQ(policy(Failed(5)) - kNow, absl::Minutes(8));  // beyond the 5 minute interval
  EXPECT_EQ(policy(Failed(10)) - kNow, absl::Seconds(30 * 512));
  EXPECT_EQ(policy(Failed(11)) - kNow, absl::Hours(6));
  EXPECT_EQ(policy(Failed(400)) - kNow, absl::Hours(6));
  // No provider recognised the page: from half an hour.
  EXPECT_EQ(policy(Failed(1, store::ScrapeFailure::UNSUPPORTED)) - kNow, absl::Minutes(30));
  EXPECT_EQ(policy(Failed(3, store::ScrapeFailure::UNSUPPORTED)) - kNow, absl::Hours(2));
  // A Retry-After longer than the backoff is obeyed, up to the cap.
  EXPECT_EQ(policy(Failed(1, store::ScrapeFailure::HTTP_ERROR, absl::Minutes(20))) - kNow, absl::Minutes(20));
  EXPECT_EQ(policy(Failed(1, store::ScrapeFailure::HTTP_ERROR, absl::Hours(48))) - kNow, absl::Hours(6));
  // A success waits the interval.
  EXPECT_EQ(
      policy({v1::SCRAPE_KIND_CURRENT, store::ScrapeReport::Outcome::kSuccess, 0, absl::ZeroDuration(), kNow}) - kNow,
      absl::Minutes(5));
}

TEST(Schedule, BackoffIsJitteredWithinItsFraction) {
  ScheduleConfig config;
  config.jitter = 0.1;
  const store::SchedulePolicy policy = MakeSchedulePolicy(config);
  std::set<int64_t> distinct;
  for (int i = 0; i < 200; ++i) {
    const absl::Duration wait = policy(Failed(5)) - kNow;  // 8 minutes before jitter
    EXPECT_GE(wait, absl::Seconds(432));
    EXPECT_LE(wait, absl::Seconds(528));
    distinct.insert(absl::ToInt64Milliseconds(wait));
  }
  // Pages that began failing together (a network outage) do not all come back together.
  EXPECT_GT(distinct.size(), 150u);
}

store::ScheduleInput Scraped(store::ScrapeReport::Outcome outcome = store::ScrapeReport::Outcome::kSuccess) {
  store::ScheduleInput in{v1::SCRAPE_KIND_CURRENT, outcome, 0, absl::ZeroDuration(), kNow};
  return in;
}

TEST(Schedule, AHotPageIsScrapedEveryHotIntervalAQuietOneEveryCurrentInterval) {
  ScheduleConfig config;  // the defaults: 5 min, hot every 60 s for an hour after a change
  config.jitter = 0;
  config.hot_growth = 0;  // growth has its own test
  const store::SchedulePolicy policy = MakeSchedulePolicy(config);
  EXPECT_EQ(policy(Scraped()) - kNow, absl::Minutes(5));

  store::ScheduleInput open = Scraped();
  open.has_open_incident = true;
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(60));
  // A 304 says the page is as it was: still hot.
  open.outcome = store::ScrapeReport::Outcome::kNotModified;
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(60));

  store::ScheduleInput maintenance = Scraped();
  maintenance.maintenance_in_progress = true;
  EXPECT_EQ(policy(maintenance) - kNow, absl::Seconds(60));

  store::ScheduleInput changed = Scraped();
  changed.last_change = kNow - absl::Minutes(59);
  EXPECT_EQ(policy(changed) - kNow, absl::Seconds(60));
  changed.last_change = kNow - absl::Minutes(61);  // resolved over an hour ago: quiet again
  EXPECT_EQ(policy(changed) - kNow, absl::Minutes(5));
}

TEST(Schedule, HotnessNeitherShortensABackoffNorABackfill) {
  ScheduleConfig config;
  config.jitter = 0;
  const store::SchedulePolicy policy = MakeSchedulePolicy(config);
  // A failing page with an open incident backs off as any failing page: hammering a page
  // that answers 503 (or asked us to wait) would not make it fresher.
  store::ScheduleInput failed = Failed(4, store::ScrapeFailure::HTTP_ERROR, absl::Minutes(10));
  failed.has_open_incident = true;
  failed.last_change = kNow;
  EXPECT_EQ(policy(failed) - kNow, absl::Minutes(10));
  EXPECT_FALSE(IsHot(config, failed));
  // A backfill keeps its week.
  store::ScheduleInput backfill = Scraped();
  backfill.kind = v1::SCRAPE_KIND_HISTORICAL;
  backfill.has_open_incident = true;
  EXPECT_EQ(policy(backfill) - kNow, absl::Hours(24 * 7));
}

TEST(Schedule, AHotIntervalNoShorterThanTheCurrentOneTurnsHotPollingOff) {
  ScheduleConfig config;
  config.jitter = 0;
  config.hot_interval = absl::InfiniteDuration();
  store::ScheduleInput open = Scraped();
  open.has_open_incident = true;
  EXPECT_EQ(MakeSchedulePolicy(config)(open) - kNow, absl::Minutes(5));
}

TEST(Schedule, TheHotIntervalIsJitteredToo) {
  ScheduleConfig config;  // jitter 0.1
  config.hot_growth = 0;
  const store::SchedulePolicy policy = MakeSchedulePolicy(config);
  store::ScheduleInput open = Scraped();
  open.has_open_incident = true;
  for (int i = 0; i < 100; ++i) {
    const absl::Duration wait = policy(open) - kNow;
    EXPECT_GE(wait, absl::Seconds(54));
    EXPECT_LE(wait, absl::Seconds(66));
  }
}

TEST(Schedule, AHotPageThatKeepsSayingTheSameIsAskedLessOftenUntilItChanges) {
  ScheduleConfig config;
  config.jitter = 0;
  config.hot_growth = 0.1;
  config.hot_max_interval = absl::Seconds(90);
  const store::SchedulePolicy policy = MakeSchedulePolicy(config);
  store::ScheduleInput open = Scraped(store::ScrapeReport::Outcome::kNotModified);
  open.has_open_incident = true;
  open.last_change = kNow;  // this very report changed it
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(60));
  open.last_change = kNow - absl::Minutes(2);  // 60 s + 12 s
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(72));
  open.last_change = kNow - absl::Minutes(5);  // 60 s + 30 s: the cap
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(90));
  open.last_change = kNow - absl::Hours(30);
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(90));
  open.last_change = absl::InfinitePast();  // open, but no change recorded
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(90));
  // A clock that stepped back does not shorten it below the hot interval.
  open.last_change = kNow + absl::Minutes(5);
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(60));
  // Resolved 50 minutes ago: still hot (within the hour), at the grown interval.
  store::ScheduleInput resolved = Scraped();
  resolved.last_change = kNow - absl::Minutes(50);
  EXPECT_EQ(policy(resolved) - kNow, absl::Seconds(90));
  // Never past the current interval, whatever the cap says.
  config.hot_max_interval = absl::Minutes(20);
  EXPECT_EQ(MakeSchedulePolicy(config)(resolved) - kNow, absl::Minutes(5));
  // Without growth the interval stays put.
  config.hot_growth = 0;
  EXPECT_EQ(MakeSchedulePolicy(config)(resolved) - kNow, absl::Seconds(60));
  // The defaults: 60 s right after a change, 90 s five minutes on, 120 s from ten minutes on.
  const store::SchedulePolicy defaults = MakeSchedulePolicy({.jitter = 0});
  const std::vector<std::pair<absl::Duration, absl::Duration>> quiet_then_interval = {
      {absl::ZeroDuration(), absl::Seconds(60)},
      {absl::Minutes(5), absl::Seconds(90)},
      {absl::Minutes(10), absl::Seconds(120)},
      {absl::Minutes(40), absl::Seconds(120)}};
  for (const auto& [quiet, interval] : quiet_then_interval) {
    open.last_change = kNow - quiet;
    EXPECT_EQ(defaults(open) - kNow, interval) << quiet;
  }
}

TEST(Schedule, APageIsNotAskedAgainWhileWhatItSentIsFresh) {
  ScheduleConfig config;  // 5 min, hot 60 s
  config.jitter = 0;
  config.hot_growth = 0;
  const store::SchedulePolicy policy = MakeSchedulePolicy(config);
  store::ScheduleInput open = Scraped();
  open.has_open_incident = true;
  open.fresh_for = absl::Seconds(150);
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(150));         // not at 60 s: the page said 150
  open.outcome = store::ScrapeReport::Outcome::kNotModified;  // a 304 says it as well
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(150));
  // A short max-age never makes us ask sooner than our own interval.
  open.fresh_for = absl::Seconds(10);
  EXPECT_EQ(policy(open) - kNow, absl::Seconds(60));
  store::ScheduleInput quiet = Scraped();
  quiet.fresh_for = absl::Seconds(10);
  EXPECT_EQ(policy(quiet) - kNow, absl::Minutes(5));
  // Nor does a long one make us wait past the current interval.
  quiet.fresh_for = absl::Hours(24);
  EXPECT_EQ(policy(quiet) - kNow, absl::Minutes(5));
  open.fresh_for = absl::Hours(24);
  EXPECT_EQ(policy(open) - kNow, absl::Minutes(5));
  // Jitter never brings the next request inside the freshness.
  config.jitter = 0.1;
  open.fresh_for = absl::Seconds(150);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(MakeSchedulePolicy(config)(open) - kNow, absl::Seconds(150));
}

TEST(Schedule, FailuresAreRuledByBackoffAndRetryAfterNotByFreshness) {
  ScheduleConfig config;
  config.jitter = 0;
  const store::SchedulePolicy policy = MakeSchedulePolicy(config);
  // The store hands a failure no freshness; were one given, back-off still rules alone.
  store::ScheduleInput failed = Failed(1, store::ScrapeFailure::HTTP_ERROR, absl::Seconds(45));
  failed.fresh_for = absl::Minutes(4);
  EXPECT_EQ(policy(failed) - kNow, absl::Seconds(45));
  failed.retry_after = absl::ZeroDuration();
  EXPECT_EQ(policy(failed) - kNow, absl::Seconds(30));
}

}  // namespace
}  // namespace statusphere
