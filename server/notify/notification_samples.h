// For tests: notifications as the delivery loop builds them, one incident change and one
// component change, for the payload tests of every kind to start from.
#ifndef STATUSPHERE_SERVER_NOTIFY_NOTIFICATION_SAMPLES_H_
#define STATUSPHERE_SERVER_NOTIFY_NOTIFICATION_SAMPLES_H_

#include <string>

#include "server/notify/payload.h"

namespace statusphere::notify {

// GitHub's incident "abc" ("Disruption with Actions", components Actions and Pages, one
// update "Investigating - We are investigating reports of degraded performance."), for
// subscription sub_0123456789abcdef (idempotency key "...-42").
Notification IncidentNotification(v1::IncidentChange::Kind kind, const std::string& impact = "major");

// Asana's components: API (id c1, group Core) operational -> major_outage and Web (id c2)
// partial_outage -> operational, the page UP -> DEGRADED with no incident open (key "...-77").
Notification ComponentNotification();

// The value of the request's header `name`; empty when it has none.
std::string HeaderOf(const WebhookRequest& request, const std::string& name);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_NOTIFICATION_SAMPLES_H_
