// Which incident changes a subscription wants (its SubscriptionFilter), as a pure function
// so that the store's fan-out and the tests share one definition.
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

// True when every non-empty criterion of the subscription's filter holds for the change.
bool Matches(const v1::Subscription& subscription, const store::ChangeRecord& change);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_FILTER_H_
