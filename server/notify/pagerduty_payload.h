// PagerDuty Events API v2 (POST /v2/enqueue): an incident triggers an alert, its updates
// trigger the same dedup_key again (PagerDuty folds them into the open alert), its
// resolution resolves it; component outages open and resolve alerts of their own. The
// request, field by field, is documented on WebhookTarget.PAGERDUTY in the proto.
#ifndef STATUSPHERE_SERVER_NOTIFY_PAGERDUTY_PAYLOAD_H_
#define STATUSPHERE_SERVER_NOTIFY_PAGERDUTY_PAYLOAD_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

// The requests to `endpoint` (the events URL) for `notification`, authenticated by the
// integration's `routing_key` in the body.
std::vector<WebhookRequest> PagerDutyRequests(absl::string_view endpoint, const Notification& notification,
                                              absl::string_view routing_key);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_PAGERDUTY_PAYLOAD_H_
