// Which changes a subscription wants (its SubscriptionFilter), as pure functions so that
// the store's fan-out, the payloads and the tests share one definition.
#ifndef STATUSPHERE_SERVER_NOTIFY_FILTER_H_
#define STATUSPHERE_SERVER_NOTIFY_FILTER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/vocabulary.h"
#include "server/store/store.h"

namespace statusphere::notify {

// Position of an impact on the none < minor < major < critical scale; -1 for anything else
// (maintenance, unknown words).
using vocabulary::ImpactRank;

// SubscriptionFilter.events words.
inline constexpr char kIncidentEvents[] = "incident";
inline constexpr char kComponentEvents[] = "component";

// Whether the subscription asked for `events` (kIncidentEvents or kComponentEvents); a
// filter naming none asked for incidents.
bool WantsEvents(const v1::Subscription& subscription, absl::string_view events);

// True when the subscription wants the change: its kind of event, and every non-empty
// criterion of the filter that applies to it. A component change on PAGERDUTY or
// OPSGENIE is wanted only when it opens or closes an alert (component_alerts.h).
bool Matches(const v1::Subscription& subscription, const store::ChangeRecord& change);

// The part of a component change the subscription is told about: the components its
// component_names name (all when it names none).
v1::ComponentChangeEvent WantedComponentChanges(const v1::Subscription& subscription,
                                                const v1::ComponentChangeEvent& event);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_FILTER_H_
