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

absl::Duration Backoff(const ScheduleConfig& config, const store::ScheduleInput& in) {
  absl::Duration backoff = in.failure_reason == store::ScrapeFailure::UNSUPPORTED
                               ? std::max(config.min_backoff, config.unsupported_min_backoff)
                               : config.min_backoff;
  for (int i = 1; i < in.consecutive_failures && backoff < config.max_backoff; ++i) backoff *= 2;
  return std::min(backoff, config.max_backoff);
}

}  // namespace

bool IsHot(const ScheduleConfig& config, const store::ScheduleInput& in) {
  if (in.kind != statusphere::v1::SCRAPE_KIND_CURRENT || in.outcome == store::ScrapeReport::Outcome::kFailure) {
    return false;
  }
  return in.has_open_incident || in.maintenance_in_progress || in.now - in.last_change < config.hot_after_change;
}

store::SchedulePolicy MakeSchedulePolicy(const ScheduleConfig& config) {
  return [config](const store::ScheduleInput& in) {
    absl::Duration interval = in.kind == statusphere::v1::SCRAPE_KIND_HISTORICAL ? config.historical_interval
                                                                                 : config.current_interval;
    if (IsHot(config, in)) interval = std::min(interval, config.hot_interval);
    if (in.outcome != store::ScrapeReport::Outcome::kFailure) {
      return in.now + interval * RandomFactor(config.jitter);
    }
    // Not capped by the interval: a page that fails every time would otherwise be retried
    // as often as a working one is scraped, and a catalog of dead entries would fill every
    // round. The jitter spreads pages that began failing together (a network outage).
    const absl::Duration backoff = Backoff(config, in) * RandomFactor(config.jitter);
    // A page that asked us to wait is obeyed, up to the backoff cap.
    return in.now + std::max(backoff, std::min(in.retry_after, config.max_backoff));
  };
}

}  // namespace statusphere
