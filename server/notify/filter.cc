#include "server/notify/filter.h"

#include <algorithm>

#include "absl/strings/match.h"

namespace statusphere::notify {

bool Matches(const v1::Subscription& subscription, const store::ChangeRecord& change) {
  const v1::SubscriptionFilter& filter = subscription.filter();
  const v1::Incident& incident = change.incident;
  if (!filter.status_page_urls().empty() &&
      std::find(filter.status_page_urls().begin(), filter.status_page_urls().end(), incident.status_page_url()) ==
          filter.status_page_urls().end()) {
    return false;
  }
  if (incident.impact() == vocabulary::kImpactMaintenance) {
    if (!filter.include_maintenance()) return false;
  } else {
    // An impact a provider left empty or spelled oddly ranks as "none": it is still news to
    // a subscriber who asked for everything, and never to one who asked for "minor" or up.
    const int rank = std::max(ImpactRank(incident.impact()), 0);
    const int wanted = filter.min_impact().empty() ? 0 : ImpactRank(filter.min_impact());
    if (rank < wanted) return false;
  }
  if (!filter.component_names().empty()) {
    const bool affected = std::any_of(
        incident.components().begin(), incident.components().end(), [&](const std::string& component) {
          return std::any_of(filter.component_names().begin(), filter.component_names().end(),
                             [&](const std::string& wanted) { return absl::EqualsIgnoreCase(component, wanted); });
        });
    if (!affected) return false;
  }
  return true;
}

}  // namespace statusphere::notify
