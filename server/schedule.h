// When a page is scraped next. Current scrapes keep data fresh (every 5 minutes by
// default); historical backfills run rarely (weekly). Every interval is jittered so that
// pages added together do not stampede, and failures back off exponentially, honouring a
// page's Retry-After.
#ifndef STATUSPHERE_SERVER_SCHEDULE_H_
#define STATUSPHERE_SERVER_SCHEDULE_H_

#include "absl/time/time.h"
#include "server/store/store.h"

namespace statusphere {

struct ScheduleConfig {
  absl::Duration current_interval = absl::Minutes(5);
  absl::Duration historical_interval = absl::Hours(24 * 7);
  // Each interval is stretched or shrunk by up to this fraction, at random.
  double jitter = 0.1;
  // Failures wait min_backoff * 2^(failures-1), capped by the kind's interval and max_backoff.
  absl::Duration min_backoff = absl::Seconds(30);
  absl::Duration max_backoff = absl::Hours(1);
};

// Returns the store's scheduling callback for this configuration.
store::SchedulePolicy MakeSchedulePolicy(const ScheduleConfig& config);

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_SCHEDULE_H_
