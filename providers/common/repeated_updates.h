// Two updates alike in minute, heading and text are still two updates when a document
// lists both (a page that posted the same words twice). Updates without an id are told
// apart by that content downstream (server/store/incident_merge.h, UpdateKey), which
// would keep one: the second and later of such a run get an id of their own, from their
// content and their rank among the alike, so that a rescrape of the same document gives
// the same ids and adds nothing. The first keeps no id, as every update stored before had.
#ifndef STATUSPHERE_PROVIDERS_COMMON_REPEATED_UPDATES_H_
#define STATUSPHERE_PROVIDERS_COMMON_REPEATED_UPDATES_H_

#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers {

void KeepRepeatedUpdatesApart(statusphere::v1::Incident& incident);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_REPEATED_UPDATES_H_
