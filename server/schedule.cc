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

absl::Duration HotInterval(const ScheduleConfig& config, const store::ScheduleInput& in) {
  if (config.hot_growth <= 0) return config.hot_interval;
  // Never changed (the infinite past): infinitely quiet, the whole growth.
  const absl::Duration quiet_for = std::max(in.now - in.last_change, absl::ZeroDuration());
  const absl::Duration grown = config.hot_interval + quiet_for * config.hot_growth;
  return std::max(config.hot_interval, std::min(grown, config.hot_max_interval));
}

store::SchedulePolicy MakeSchedulePolicy(const ScheduleConfig& config) {
  return [config](const store::ScheduleInput& in) {
    absl::Duration interval =
        in.kind == statusphere::v1::SCRAPE_KIND_HISTORICAL ? config.historical_interval : config.current_interval;
    if (IsHot(config, in)) interval = std::min(interval, HotInterval(config, in));
    if (in.outcome != store::ScrapeReport::Outcome::kFailure) {
      // What the page said stays fresh is not asked for again before it goes stale; but a
      // short max-age never makes us ask sooner than our own interval would, and a long one
      // never later than --current_interval (a page saying "a day" is still read every few
      // minutes). Not jittered below: asked sooner, its CDN would answer the same copy.
      const absl::Duration fresh = std::min(in.fresh_for, config.current_interval);
      return in.now + std::max(interval * RandomFactor(config.jitter), fresh);
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
