// RSS 2.0 and Atom incident feeds (pugixml). An item's body is the richest it carries
// (content:encoded, Atom content, then summary or description). Generic feeds give one event
// per item; feeds written by Statuspage and LambStatus carry every update of an incident in
// the item's HTML ("<p><small>Jun 8, 19:13 UTC</small><br><strong>Resolved</strong> - text</p>",
// LambStatus with the year), which is split into events with a real HTML parser: a paragraph
// opening with a stamp starts an update, whose status is only the label right after the
// stamp (bold words in the text, "Impact", "Action required", are text), and paragraphs
// without a stamp continue it. A maintenance gets its scheduled window from the heading
// Statuspage writes ("THIS IS A SCHEDULED EVENT Jan 9, 14:00 - 18:00 UTC") or from
// "Start Date: ... / End Date: ..." text that every update stating one agrees on. Alike
// updates (minute, heading, text) within one item are each kept (repeated_updates.h). Items
// without guid or link get an id from their date and title (item_id.h).
#ifndef STATUSPHERE_PROVIDERS_FEED_FEED_PARSER_H_
#define STATUSPHERE_PROVIDERS_FEED_FEED_PARSER_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/provider.h"

namespace statusphere::providers {

// Parses a feed document; INVALID_ARGUMENT naming the URL when it is not RSS or Atom.
absl::StatusOr<ParsedPage> ParseFeed(absl::string_view page_url, const Document& feed);

// True when the body's root element is <rss> or Atom's <feed>.
bool LooksLikeFeed(absl::string_view body);

// RFC 822 / RFC 1123 dates as RSS writes them ("Wed, 01 Jan 2014 09:09:00 -0800", "... GMT").
std::optional<absl::Time> ParseRfc822(absl::string_view text);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_FEED_FEED_PARSER_H_
