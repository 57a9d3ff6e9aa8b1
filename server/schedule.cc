#include "server/schedule.h"

#include <algorithm>

#include "absl/random/random.h"
#include "absl/synchronization/mutex.h"

namespace statusphere {
namespace {

double RandomFactor(double jitter) {
  if (jitter <= 0) return 1.0;
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen;
  absl::MutexLock lock(&mu);
  return absl::Uniform(*gen, 1.0 - jitter, 1.0 + jitter);
}

}  // namespace

store::SchedulePolicy MakeSchedulePolicy(const ScheduleConfig& config) {
  return [config](const store::ScheduleInput& in) {
    const absl::Duration interval = in.kind == statusphere::v1::SCRAPE_KIND_HISTORICAL
                                        ? config.historical_interval
                                        : config.current_interval;
    if (in.outcome != store::ScrapeReport::Outcome::kFailure) {
      return in.now + interval * RandomFactor(config.jitter);
    }
    absl::Duration backoff = config.min_backoff;
    for (int i = 1; i < in.consecutive_failures && backoff < config.max_backoff; ++i) backoff *= 2;
    backoff = std::min({backoff, config.max_backoff, interval});
    backoff = backoff * RandomFactor(config.jitter);
    // A page that asked us to wait is obeyed, up to the backoff cap.
    return in.now + std::max(backoff, std::min(in.retry_after, config.max_backoff));
  };
}

}  // namespace statusphere
