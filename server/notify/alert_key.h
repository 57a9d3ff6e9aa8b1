// The stable key an alerting target (PagerDuty's dedup_key, Opsgenie's alias) knows one
// alert by: the same for every change of one incident, or of one component, for one
// subscription, so that a trigger, its updates and its resolution meet in one alert.
#ifndef STATUSPHERE_SERVER_NOTIFY_ALERT_KEY_H_
#define STATUSPHERE_SERVER_NOTIFY_ALERT_KEY_H_

#include <string>

#include "absl/strings/string_view.h"
#include "statusphere/v1/subscription_service.pb.h"

namespace statusphere::notify {

// "<subscription id>:" and 32 hex digits of an HMAC of the page URL and the incident id:
// short (page URLs run to 2048 characters; PagerDuty keeps 255) and free of characters a
// URL path would need escaped.
std::string IncidentAlertKey(absl::string_view subscription_id, absl::string_view page_url,
                             absl::string_view incident_id);

// The same for a component of a page (by its id, else its group and name): never equal
// to an incident's.
std::string ComponentAlertKey(absl::string_view subscription_id, absl::string_view page_url,
                              const v1::ComponentStatusChange& component);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_ALERT_KEY_H_
