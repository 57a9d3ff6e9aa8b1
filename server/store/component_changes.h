// Which components one report changed the status of: the component.changed event's list,
// as a pure function so that the store and its tests share one definition.
#ifndef STATUSPHERE_SERVER_STORE_COMPONENT_CHANGES_H_
#define STATUSPHERE_SERVER_STORE_COMPONENT_CHANGES_H_

#include <vector>

#include "statusphere/v1/resources.pb.h"
#include "statusphere/v1/subscription_service.pb.h"

namespace statusphere::store {

// The components of `reported` that are also in `stored` with another status, in the
// reported order. A component is the same one by its platform id when both have one,
// else by group and name. Components that appear or vanish are not status changes (a page
// reorganised, a first scrape): nobody is told that every component "became" operational.
std::vector<v1::ComponentStatusChange> ComponentStatusChanges(const std::vector<v1::Component>& stored,
                                                              const std::vector<v1::Component>& reported);

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_COMPONENT_CHANGES_H_
