// The words of an incident that every target kind shows the same way: its latest update,
// its components, its impact, its link; and the cut that keeps vendor text within a
// platform's limits.
#ifndef STATUSPHERE_SERVER_NOTIFY_INCIDENT_TEXT_H_
#define STATUSPHERE_SERVER_NOTIFY_INCIDENT_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::notify {

// Platforms reject fields over their limits; vendor text can be long. Cuts on a UTF-8
// character boundary (ending in "...") so that the JSON stays valid.
std::string Truncate(absl::string_view text, size_t max);

// The newest update's text ("<title> - <body>"): what an on-call engineer reads first;
// the description when there is no update.
std::string LatestUpdate(const v1::Incident& incident);

// The incident's components, comma-separated; "-" when it names none.
std::string Components(const v1::Incident& incident);

// The impact word, "none" when the platform gave none.
std::string Impact(const v1::Incident& incident);

// The incident's link as a reader may follow it: its deep link when that is an absolute
// http(s) URL, else its page (a link stored before ingest checked it, or a forged one, goes
// no further than here).
std::string IncidentLink(const v1::Incident& incident);

// "2026-11-27T00:00:00Z": the times payloads carry.
std::string Rfc3339(absl::Time t);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_INCIDENT_TEXT_H_
