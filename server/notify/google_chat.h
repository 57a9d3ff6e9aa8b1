// Google Chat incoming webhooks (https://chat.googleapis.com/v1/spaces/<space>/messages?key=..&token=..):
// a cardsV2 card, threaded per incident.
#ifndef STATUSPHERE_SERVER_NOTIFY_GOOGLE_CHAT_H_
#define STATUSPHERE_SERVER_NOTIFY_GOOGLE_CHAT_H_

#include "nlohmann/json.hpp"
#include "server/notify/payload.h"

namespace statusphere::notify {

// {"fallbackText", "cardsV2": [one card], "thread": {"threadKey"}}. Every change of one
// incident carries the same threadKey: with messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD
// on the webhook URL (validation adds it) the updates and the resolution are replies in the
// thread the first message opened.
nlohmann::json GoogleChatMessage(const Notification& n);

// Text for a card's text fields, which render a small HTML subset (<b>, <i>, <a>, <font>,
// <br>): &, <, > and " become entities, so vendor text is shown as written and cannot open
// a tag. Newlines become <br>.
std::string GoogleChatEscape(absl::string_view text);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_GOOGLE_CHAT_H_
