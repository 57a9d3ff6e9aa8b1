// Mattermost incoming webhooks (https://<host>/hooks/<id>), and Rocket.Chat's, which take
// the same Slack-compatible {"text"} document: Markdown with vendor text escaped.
#ifndef STATUSPHERE_SERVER_NOTIFY_MATTERMOST_H_
#define STATUSPHERE_SERVER_NOTIFY_MATTERMOST_H_

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "server/notify/payload.h"

namespace statusphere::notify {

// {"text": "#### <headline>\n**Impact:** ... [View incident](<link>)"}.
nlohmann::json MattermostMessage(const Notification& n);

// Vendor text for Mattermost Markdown: a backslash before each character that can start
// markup (emphasis, links, images, headings, lists, tables, code, HTML), and an invisible
// word joiner after each '@' so that "@all", "@channel", "@here" or "@someone" mentions
// nobody.
std::string MattermostEscape(absl::string_view text);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_MATTERMOST_H_
