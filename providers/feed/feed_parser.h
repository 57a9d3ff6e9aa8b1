// RSS 2.0 and Atom incident feeds (pugixml). An item's body is the richest it carries
// (content:encoded, Atom content, then summary or description). Generic feeds give one event
// per item; feeds written by Statuspage and LambStatus carry every update of an incident in
// the item's HTML ("<p><small>Jun 8, 19:13 UTC</small><br><strong>Resolved</strong> - text</p>",
// LambStatus with the year), which is split into events with a real HTML parser. Items
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
