// Telegram Bot API sendMessage (https://api.telegram.org/bot<token>/sendMessage): the chat
// is the subscription's secret, the text is HTML with vendor text escaped.
#ifndef STATUSPHERE_SERVER_NOTIFY_TELEGRAM_H_
#define STATUSPHERE_SERVER_NOTIFY_TELEGRAM_H_

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "server/notify/payload.h"

namespace statusphere::notify {

// {"chat_id", "text", "parse_mode": "HTML", "disable_web_page_preview": true}. `chat_id`
// is a numeric id ("-1001234567890") or a public channel ("@acme_status").
nlohmann::json TelegramMessage(const Notification& n, absl::string_view chat_id);

// Text for parse_mode HTML: &, <, > and " become entities (the only ones Telegram requires
// and decodes), and every '@' is followed by an invisible word joiner so that "@all" or
// "@someone" in vendor text mentions nobody.
std::string TelegramEscape(absl::string_view text);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_TELEGRAM_H_
