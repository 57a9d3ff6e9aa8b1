// Which incident a feed item belongs to. Statuspage links name the incident's code; other
// feeds give a guid (RSS) or id (Atom), or a link of the item's own. RSS 2.0 requires none
// of them (an item may be a title, a date and a description), so an item without any gets
// an id derived from what it has.
#ifndef STATUSPHERE_PROVIDERS_FEED_ITEM_ID_H_
#define STATUSPHERE_PROVIDERS_FEED_ITEM_ID_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::providers {

// The incident code of a Statuspage link ".../incidents/<code>", else the guid, else the
// link; empty when the item has neither.
std::string IncidentIdOf(absl::string_view link, absl::string_view guid);

// An id for an item without guid or link: "item-" and 16 hex digits of a hash of its date and
// title (its text when it has no title). The same item gets the same id on every scrape, and
// an edit of its body keeps it (the new text becomes an update of the same incident); items
// that differ in date or title differ in id. Two items alike in both are one incident whose
// updates keep both bodies. A retitled item is a new incident: nothing else ties it to the
// old one.
std::string DerivedItemId(absl::Time date, absl::string_view title, absl::string_view text);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_FEED_ITEM_ID_H_
