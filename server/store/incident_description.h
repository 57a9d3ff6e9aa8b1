// What an incident's description says when the platform wrote none. Applied by the store
// to every incident it hands out (both backends share it), never to what it stores: the
// stored description stays the platform's own, so that a later report with a newer
// update, or with the platform's text, is not mistaken for a change of it.
#ifndef STATUSPHERE_SERVER_STORE_INCIDENT_DESCRIPTION_H_
#define STATUSPHERE_SERVER_STORE_INCIDENT_DESCRIPTION_H_

#include <vector>

#include "statusphere/v1/resources.pb.h"

namespace statusphere::store {

// Leaves a description the platform gave as it is; else sets the postmortem (the newest
// update with status "postmortem" and a body), else the body of the latest update that
// has one. statusphere's own "no longer listed" update is not the page's text and is
// passed over. Events are expected newest first, as stored.
void FillDescription(statusphere::v1::Incident& incident);
void FillDescriptions(std::vector<statusphere::v1::Incident>& incidents);

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_INCIDENT_DESCRIPTION_H_
