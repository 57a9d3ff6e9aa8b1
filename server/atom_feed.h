// Renders incidents as an Atom 1.0 feed (RFC 4287), so that feed readers can follow
// vendors: one entry per incident, its updates newest first as the entry's text.
#ifndef STATUSPHERE_SERVER_ATOM_FEED_H_
#define STATUSPHERE_SERVER_ATOM_FEED_H_

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere {

struct AtomFeedHeader {
  std::string id;  // stable IRI of the feed
  std::string title;
  std::string self_url;       // where the feed was fetched (may be empty)
  std::string alternate_url;  // the status page itself (may be empty)
};

// `incidents` in the order they should appear; `page_names` maps status page URLs to names
// for entry titles ("GitHub: Degraded performance"). `now` dates an empty feed.
std::string RenderAtomFeed(const AtomFeedHeader& header, const std::vector<v1::Incident>& incidents,
                           const std::map<std::string, std::string>& page_names, absl::Time now);

// Escapes text for XML content and attributes (also used by the sitemap).
std::string XmlEscape(absl::string_view text);

// When an incident last changed: its newest update, its end, or its start.
absl::Time IncidentUpdated(const v1::Incident& incident);

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_ATOM_FEED_H_
