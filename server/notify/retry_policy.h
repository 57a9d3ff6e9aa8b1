// When a failed webhook call is tried again, or given up on. Kept apart from the sender so
// that the schedule is a pure function the tests can pin down.
#ifndef STATUSPHERE_SERVER_NOTIFY_RETRY_POLICY_H_
#define STATUSPHERE_SERVER_NOTIFY_RETRY_POLICY_H_

#include <optional>

#include "absl/random/bit_gen_ref.h"
#include "absl/random/random.h"
#include "absl/time/time.h"

namespace statusphere::notify {

struct RetryPolicy {
  int max_attempts = 12;                     // then the notification is failed
  absl::Duration max_age = absl::Hours(24);  // since it was queued
  absl::Duration base = absl::Seconds(1);    // first retry delay, doubled per attempt
  absl::Duration cap = absl::Minutes(10);    // longest back-off
};

// An answer no retry can fix (the webhook was deleted or moved, the payload is refused):
// 3xx (the sender follows no redirects) and 4xx other than 408 Request Timeout, 425 Too
// Early and 429 Too Many Requests.
bool IsPermanentFailure(int http_status);

// When attempt number `attempt` (from 1) failed at `now`: the time of the next attempt, or
// nullopt to give up. The delay is base * 2^(attempt-1), capped, with jitter (between half
// and all of it) so that many subscriptions failing together do not retry in lockstep; a
// Retry-After the target sent wins when longer (still bounded by max_age).
std::optional<absl::Time> NextAttempt(const RetryPolicy& policy, int attempt, absl::Time created, absl::Time now,
                                      int http_status, absl::Duration retry_after, absl::BitGenRef random);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_RETRY_POLICY_H_
