// When a page is scraped next. Current scrapes keep data fresh (every 5 minutes by
// default, every minute while the page is hot: see ScheduleConfig); historical backfills
// run rarely (weekly). Every interval is jittered so that
// pages added together do not stampede. Failures back off exponentially up to a cap well
// above the scrape interval, so that dead catalog entries cost a retry every few hours
// instead of a slot in every round; a page's Retry-After is honoured. A page whose documents
// say they stay fresh a while (Cache-Control max-age) is not asked again before that.
#ifndef STATUSPHERE_SERVER_SCHEDULE_H_
#define STATUSPHERE_SERVER_SCHEDULE_H_

#include "absl/time/time.h"
#include "server/store/store.h"

namespace statusphere {

struct ScheduleConfig {
  absl::Duration current_interval = absl::Minutes(5);
  // A hot page (an unresolved incident, a maintenance window in progress, or a change of its
  // incidents within `hot_after_change`) is scraped this often instead: updates to an open
  // incident come minutes apart, and conditional requests keep the extra polls cheap.
  // Longer than current_interval (or infinite) turns it off.
  absl::Duration hot_interval = absl::Seconds(60);
  absl::Duration hot_after_change = absl::Hours(1);
  // A hot page that keeps saying the same thing is asked less often: its hot interval grows
  // by this fraction of the time since its incidents last changed, up to hot_max_interval,
  // and is back at hot_interval after the next change. 0 keeps it at hot_interval. The
  // defaults (60 s right after a change, 90 s five minutes on, 120 s from ten minutes on)
  // were chosen with bench/freshness_bench.sh (README, Ingest): updates of open incidents
  // still reach watchers within a minute (p50), for three quarters of the extra requests.
  double hot_growth = 0.1;
  absl::Duration hot_max_interval = absl::Seconds(120);
  absl::Duration historical_interval = absl::Hours(24 * 7);
  // Each interval (and each backoff) is stretched or shrunk by up to this fraction, at random.
  double jitter = 0.1;
  // The n-th failure in a row waits min_backoff * 2^(n-1), at most max_backoff.
  absl::Duration min_backoff = absl::Seconds(30);
  absl::Duration max_backoff = absl::Hours(6);
  // A page no provider recognised starts its backoff here: detecting it again costs a
  // dozen fetches and rarely gives another answer soon.
  absl::Duration unsupported_min_backoff = absl::Minutes(30);
};

// Whether a current scrape with this outcome leaves the page hot.
bool IsHot(const ScheduleConfig& config, const store::ScheduleInput& in);

// The interval of a hot page, before jitter: hot_interval, grown with the time since its
// last change (hot_growth), at most hot_max_interval (and never below hot_interval).
absl::Duration HotInterval(const ScheduleConfig& config, const store::ScheduleInput& in);

// Returns the store's scheduling callback for this configuration.
store::SchedulePolicy MakeSchedulePolicy(const ScheduleConfig& config);

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_SCHEDULE_H_
