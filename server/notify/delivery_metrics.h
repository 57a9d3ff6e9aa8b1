// What the delivery loop records per webhook attempt: the attempt's outcome, the call's
// duration, and for a delivered notification how long after its change was fanned out.
#ifndef STATUSPHERE_SERVER_NOTIFY_DELIVERY_METRICS_H_
#define STATUSPHERE_SERVER_NOTIFY_DELIVERY_METRICS_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::notify {

// `outcome`: "delivered", "retry" (failed, tried again later) or "failed" (given up).
void RecordAttempt(absl::string_view outcome, double call_seconds, absl::Duration since_queued);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_DELIVERY_METRICS_H_
