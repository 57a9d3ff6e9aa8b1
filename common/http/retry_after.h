// Reads a Retry-After header, which a 429 or 503 answer uses to say when to come back.
#ifndef STATUSPHERE_COMMON_HTTP_RETRY_AFTER_H_
#define STATUSPHERE_COMMON_HTTP_RETRY_AFTER_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::http {

// delay-seconds or an HTTP date, at most a day away (a server's "come back next year" is
// not obeyed); zero when absent, in the past or invalid.
absl::Duration ParseRetryAfter(absl::string_view value, absl::Time now);

}  // namespace statusphere::http

#endif  // STATUSPHERE_COMMON_HTTP_RETRY_AFTER_H_
