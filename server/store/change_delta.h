// What the change log keeps of one change: the incident's fields after it and only the
// updates it added or rewrote, with the previous versions of the updates it removed or
// rewrote. A copy of the whole incident per change made the log grow with the square of an
// incident's updates; a delta grows with what changed. Readers rebuild the incident as it
// was after any retained change from the stored incident, walking back over the changes
// made to it since (every later change of a retained one is retained: pruning removes the
// oldest first).
#ifndef STATUSPHERE_SERVER_STORE_CHANGE_DELTA_H_
#define STATUSPHERE_SERVER_STORE_CHANGE_DELTA_H_

#include <optional>

#include "statusphere/v1/resources.pb.h"

namespace statusphere::store {

struct IncidentDelta {
  // The incident after the change; its events only the updates the change added or rewrote.
  statusphere::v1::Incident after;
  // Events only: what the change removed, and the earlier versions of what it rewrote.
  statusphere::v1::Incident removed;
};

// The delta from `before` (absent for a new incident) to `after`, updates told apart by
// UpdateKey (incident_merge.h).
IncidentDelta DiffIncident(const std::optional<statusphere::v1::Incident>& before,
                           const statusphere::v1::Incident& after);

// Turns `events` (the incident's updates after a change) into its updates before it.
void UndoChange(statusphere::v1::Incident& events, const statusphere::v1::Incident& added,
                const statusphere::v1::Incident& removed);

// The incident as it was after a change: the delta's fields with `events`' updates.
statusphere::v1::Incident WithEvents(statusphere::v1::Incident after, const statusphere::v1::Incident& events);

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_CHANGE_DELTA_H_
