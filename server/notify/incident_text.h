// The pieces of an incident notification that every target kind words the same way (the
// headline, the latest update, impact, status, components, the link to follow), before
// each kind applies its own markup and escaping. Kept apart from the formatters so that a
// new kind reuses the wording instead of copying it.
#ifndef STATUSPHERE_SERVER_NOTIFY_INCIDENT_TEXT_H_
#define STATUSPHERE_SERVER_NOTIFY_INCIDENT_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

// Chat platforms reject fields over their limits; vendor text can be long. Cuts on a UTF-8
// character boundary and ends with "..." when cut. Cut before escaping: a cut escaped text
// could end inside an entity ("&am").
std::string Truncate(absl::string_view text, size_t max);

// "New incident", "Update", "Resolved".
std::string Verb(v1::IncidentChange::Kind kind);

// "New incident on GitHub: Actions degraded" (maintenance: "Maintenance scheduled on ...").
std::string Headline(const Notification& n);

// The newest update's text: what an on-call engineer reads first.
std::string LatestUpdate(const v1::Incident& incident);

// "Actions, Pages", or "-" when the incident names none.
std::string Components(const v1::Incident& incident);

// The impact, "none" when empty.
std::string Impact(const v1::Incident& incident);

// The vendor's status word, "-" when empty.
std::string Status(const v1::Incident& incident);

// The incident's link as a reader may follow it: its deep link when that is an absolute
// http(s) URL, else its page, else "".
std::string IncidentLink(const v1::Incident& incident);

// "2026-11-27T00:00:00Z": the times payloads carry.
std::string Rfc3339(absl::Time t);

// &, <, > and " as HTML entities: for the places that render an HTML subset (Telegram's
// parse_mode HTML, Google Chat card text, mail HTML parts).
std::string HtmlEscape(absl::string_view text);

// `text` with a backslash before each character of `markup`: Markdown's escape.
std::string BackslashEscape(absl::string_view text, absl::string_view markup);

// `text` with a WORD JOINER (U+2060, invisible) after every '@', so that "@all",
// "@channel", "@here" or "@someone" in vendor text is shown but mentions nobody on
// platforms that detect mentions in plain text (Mattermost, Rocket.Chat, Telegram).
std::string DefuseMentions(absl::string_view text);

// Vendor text for a header (HTTP or mail): invalid UTF-8 repaired, control characters (a
// line break would start a header of its own) turned into spaces, cut to `max` bytes, and,
// when not ASCII, RFC 2047 encoded words ("=?UTF-8?B?...?=", each under 75 characters)
// joined by `between_words` (" " on one HTTP line, "\r\n " to fold a mail header).
std::string HeaderText(absl::string_view text, size_t max, absl::string_view between_words);

// Stable across every change of one incident for one subscription, and different for
// each (subscription, page, incident): chat threads and mail threads are keyed on it.
// Printable ASCII ([a-z0-9_-]), at most 60 characters.
std::string IncidentThreadKey(const Notification& n);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_INCIDENT_TEXT_H_
