#include "server/notify/retry_policy.h"

#include <algorithm>

namespace statusphere::notify {

bool IsPermanentFailure(int http_status) {
  if (http_status >= 300 && http_status < 400) return true;  // redirects are never followed
  return http_status >= 400 && http_status < 500 && http_status != 408 && http_status != 425 && http_status != 429;
}

std::optional<absl::Time> NextAttempt(const RetryPolicy& policy, int attempt, absl::Time created, absl::Time now,
                                      int http_status, absl::Duration retry_after, absl::BitGenRef random) {
  if (IsPermanentFailure(http_status) || attempt >= policy.max_attempts) return std::nullopt;
  absl::Duration delay = policy.base;
  for (int i = 1; i < attempt && delay < policy.cap; ++i) delay *= 2;
  delay = std::min(delay, policy.cap);
  delay = delay / 2 + absl::Uniform(random, 0.0, 1.0) * (delay / 2);
  delay = std::max(delay, retry_after);
  const absl::Time next = now + delay;
  if (next - created > policy.max_age) return std::nullopt;
  return next;
}

}  // namespace statusphere::notify
