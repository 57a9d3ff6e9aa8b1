#include "server/notify/filter.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "server/notify/component_alerts.h"

namespace statusphere::notify {
namespace {

bool PageWanted(const v1::SubscriptionFilter& filter, const std::string& page_url) {
  return filter.status_page_urls().empty() ||
         std::find(filter.status_page_urls().begin(), filter.status_page_urls().end(), page_url) !=
             filter.status_page_urls().end();
}

bool ComponentNamed(const v1::SubscriptionFilter& filter, const std::string& component) {
  return std::any_of(filter.component_names().begin(), filter.component_names().end(),
                     [&](const std::string& wanted) { return absl::EqualsIgnoreCase(component, wanted); });
}

bool MatchesComponents(const v1::Subscription& subscription, const v1::ComponentChangeEvent& event) {
  if (!WantsEvents(subscription, kComponentEvents) || !PageWanted(subscription.filter(), event.status_page_url())) {
    return false;
  }
  const v1::ComponentChangeEvent wanted = WantedComponentChanges(subscription, event);
  if (wanted.changes().empty()) return false;
  const v1::WebhookTarget::Kind kind = subscription.target().kind();
  if (kind == v1::WebhookTarget::PAGERDUTY || kind == v1::WebhookTarget::OPSGENIE) {
    return !ComponentAlerts(wanted).empty();
  }
  return true;
}

}  // namespace

bool WantsEvents(const v1::Subscription& subscription, absl::string_view events) {
  const auto& asked = subscription.filter().events();
  if (asked.empty()) return events == kIncidentEvents;
  return std::find(asked.begin(), asked.end(), events) != asked.end();
}

v1::ComponentChangeEvent WantedComponentChanges(const v1::Subscription& subscription,
                                                const v1::ComponentChangeEvent& event) {
  const v1::SubscriptionFilter& filter = subscription.filter();
  if (filter.component_names().empty()) return event;
  v1::ComponentChangeEvent wanted = event;
  wanted.clear_changes();
  for (const v1::ComponentStatusChange& change : event.changes()) {
    if (ComponentNamed(filter, change.name())) *wanted.add_changes() = change;
  }
  return wanted;
}

bool Matches(const v1::Subscription& subscription, const store::ChangeRecord& change) {
  if (change.components) return MatchesComponents(subscription, *change.components);
  if (!WantsEvents(subscription, kIncidentEvents)) return false;
  const v1::SubscriptionFilter& filter = subscription.filter();
  const v1::Incident& incident = change.incident;
  if (!PageWanted(filter, incident.status_page_url())) return false;
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
    const bool affected = std::any_of(incident.components().begin(), incident.components().end(),
                                      [&](const std::string& component) { return ComponentNamed(filter, component); });
    if (!affected) return false;
  }
  return true;
}

}  // namespace statusphere::notify
