// How a reported incident is folded into the stored one. Shared by both databases so that
// the upsert semantics are identical on SQLite and PostgreSQL.
#ifndef STATUSPHERE_SERVER_STORE_INCIDENT_MERGE_H_
#define STATUSPHERE_SERVER_STORE_INCIDENT_MERGE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "statusphere/v1/resources.pb.h"
#include "statusphere/v1/status_page_service.pb.h"

namespace statusphere::store {

struct MergeResult {
  statusphere::v1::Incident incident;
  // KIND_UNSPECIFIED when the merge changed nothing.
  statusphere::v1::IncidentChange::Kind change = statusphere::v1::IncidentChange::KIND_UNSPECIFIED;
  // Updates left out by `max_updates` (counted only when the merge changed something).
  int updates_dropped = 0;
};

// Merges `reported` into `stored` (absent for a new incident):
// - updates accumulate: the union of both event lists, deduplicated by UpdateKey, newest
//   first; a reported update replaces the stored one with the same key (the vendor
//   edited it); an update without id or body gives way to one with the same time and
//   title that has a body;
// - scalar fields take the reported value when it is set, else keep the stored one;
// - components are the union, stored order first;
// - a stored end time is kept unless the report shows an update newer than it (the
//   incident was reopened) — a later, thinner scrape never un-resolves an incident;
// - with `max_updates` > 0, only the newest that many updates are kept (a page adding
//   updates without end must not grow one row without bound).
MergeResult MergeIncident(const std::optional<statusphere::v1::Incident>& stored,
                          const statusphere::v1::Incident& reported, int max_updates = 0);

// The key updates are deduplicated by, on every store: the platform's id when the update
// has one; else its content, time, title and body (whitespace runs as one space). Feed
// updates have no id and minute-precision times, and a page posts several "Update"s in
// one minute about different components: (time, title) alone merged them into one.
// Without an id, an edited body cannot be told from a new update: both are kept.
// Finer than the (time, title) key it replaced, so incidents stored under that key are
// already duplicate-free under this one (no stored row needs rewriting).
std::string UpdateKey(const statusphere::v1::IncidentEvent& event);

// Sorts events newest first and drops duplicates, as stored incidents keep them.
void NormalizeEvents(statusphere::v1::Incident& incident);

// The id of the update statusphere posts when it closes an incident that its page stopped
// listing as open. If the page lists the incident as open again, MergeIncident takes the
// closure back (it was a wrong inference: a page glitch, a republished incident).
inline constexpr char kNoLongerListedEventId[] = "statusphere-no-longer-listed";

// For a report whose documents list every open incident: the stored open incidents
// (`open_stored`) that `reported` does not list, each closed at `now` (or at its start, for
// a maintenance window that has not begun: it was called off) with a "no longer listed"
// update. The caller upserts them like reported incidents.
std::vector<statusphere::v1::Incident> CloseNoLongerListed(const std::vector<statusphere::v1::Incident>& open_stored,
                                                           const std::vector<statusphere::v1::Incident>& reported,
                                                           absl::Time now);

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_INCIDENT_MERGE_H_
