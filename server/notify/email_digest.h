// The mail a digest window becomes (WebhookTarget.digest_minutes): every event of one
// subscription's window in one multipart/alternative message, grouped by page and, within
// a page, by incident, each event worded as its own mail would be (email_message.h).
#ifndef STATUSPHERE_SERVER_NOTIFY_EMAIL_DIGEST_H_
#define STATUSPHERE_SERVER_NOTIFY_EMAIL_DIGEST_H_

#include <string>
#include <vector>

#include "server/notify/email_target.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

// "<digest.<first event's key>.<count>.<hash of every key>@<from's domain>>": the same
// events give the same id, so a retried digest can be dropped as a copy by the receiver.
std::string DigestMessageId(const std::vector<Notification>& events, const EmailTarget& target);

// The whole message (CRLF, 7-bit), `events` oldest first and not empty; `held_back` events
// of the same window did not fit and follow in the next mail, which this one says. Headers
// as BuildMail's, but X-Statusphere-Event: digest, Subject "[statusphere] <n> events on
// <pages>", no In-Reply-To, and References naming each incident's thread.
std::string BuildDigestMail(const std::vector<Notification>& events, int held_back, const EmailTarget& target);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_EMAIL_DIGEST_H_
