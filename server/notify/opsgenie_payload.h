// Opsgenie Alert API: an incident creates an alert (POST /v2/alerts, alias = the stable
// key), its updates become notes on it, its resolution closes it; component outages open
// and close alerts of their own. Each action has its own path under the API host. The
// requests, field by field, are documented on WebhookTarget.OPSGENIE in the proto.
#ifndef STATUSPHERE_SERVER_NOTIFY_OPSGENIE_PAYLOAD_H_
#define STATUSPHERE_SERVER_NOTIFY_OPSGENIE_PAYLOAD_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

// The requests for `notification` to the API at `api_url` (https://api.opsgenie.com or
// https://api.eu.opsgenie.com), each carrying "Authorization: GenieKey <api_key>".
std::vector<WebhookRequest> OpsgenieRequests(absl::string_view api_url, const Notification& notification,
                                             absl::string_view api_key);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_OPSGENIE_PAYLOAD_H_
