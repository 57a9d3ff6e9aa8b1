#include "server/notify/component_alerts.h"

#include "common/vocabulary.h"
#include "server/store/page_status.h"

namespace statusphere::notify {

std::vector<ComponentAlert> ComponentAlerts(const v1::ComponentChangeEvent& event) {
  std::vector<ComponentAlert> alerts;
  for (const v1::ComponentStatusChange& change : event.changes()) {
    if (store::IsDegradedComponentStatus(change.new_status())) {
      if (!event.incident_open()) alerts.push_back({ComponentAlert::Action::kOpen, change});
    } else if (change.new_status() == vocabulary::kComponentOperational &&
               store::IsDegradedComponentStatus(change.old_status())) {
      alerts.push_back({ComponentAlert::Action::kClose, change});
    }
  }
  return alerts;
}

}  // namespace statusphere::notify
