// Which alerts a component change opens or closes on an alerting target (PagerDuty,
// Opsgenie): a component outage without an incident is an alert of its own, closed when
// the component recovers. A pure function, shared by the filter (no outbox row when it
// opens or closes nothing) and the payloads.
#ifndef STATUSPHERE_SERVER_NOTIFY_COMPONENT_ALERTS_H_
#define STATUSPHERE_SERVER_NOTIFY_COMPONENT_ALERTS_H_

#include <vector>

#include "statusphere/v1/subscription_service.pb.h"

namespace statusphere::notify {

struct ComponentAlert {
  enum class Action { kOpen, kClose };
  Action action;
  v1::ComponentStatusChange change;
};

// Opens: a component now degraded_performance, partial_outage or major_outage while the
// page has no unresolved incident (an incident pages through its own alert); again when it
// gets worse or better but stays degraded (the targets deduplicate on the key and keep one
// alert). Closes: a component back to operational from one of those statuses, whatever
// the incidents (the alert may have been opened before one was posted).
std::vector<ComponentAlert> ComponentAlerts(const v1::ComponentChangeEvent& event);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_COMPONENT_ALERTS_H_
