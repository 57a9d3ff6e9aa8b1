// The mail one incident change becomes: a multipart/alternative message (plain text and
// HTML), threaded per incident with Message-ID / In-Reply-To / References derived from the
// subscription, the page and the incident, so that mail clients show an incident's mails
// as one conversation and a retry sends the same Message-ID again.
#ifndef STATUSPHERE_SERVER_NOTIFY_EMAIL_MESSAGE_H_
#define STATUSPHERE_SERVER_NOTIFY_EMAIL_MESSAGE_H_

#include <string>

#include "server/notify/email_target.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

// The whole message, headers and body, CRLF line endings, 7-bit (both parts are base64):
// Date, From, To, Subject ("[<impact>] <headline>", RFC 2047 when not ASCII), Message-ID,
// In-Reply-To and References (every change but the creation points at the creation's
// Message-ID), Auto-Submitted: auto-generated, X-Statusphere-Event, Idempotency-Key.
std::string BuildMail(const Notification& n, const EmailTarget& target);

// "<incident.<thread key>@<from's domain>>": the Message-ID of an incident's first mail,
// which every later one refers to.
std::string IncidentMessageId(const Notification& n, const EmailTarget& target);

// component.changed (BuildMail calls it for a notification with components): the same
// envelope, Subject "[<worst new status>] <page>: N components changed", the page's status
// and a line per component in both parts, threaded per page: In-Reply-To and References
// name ComponentMessageId, its own Message-ID comes from the idempotency key.
std::string BuildComponentMail(const Notification& n, const EmailTarget& target);

// "<components.<page thread key>@<from's domain>>": the root every component mail of one
// page (for one subscription) refers to.
std::string ComponentMessageId(const Notification& n, const EmailTarget& target);

// The two parts of BuildMail's message before encoding, for a digest (email_digest.h) to
// put several under one heading: the plain text (CRLF line ends) and the HTML inside
// <body>, each without the closing "statusphere, subscription ..." line.
std::string MailTextPart(const Notification& n);
std::string MailHtmlPart(const Notification& n);
// `bytes` in base64 lines of 76 characters ending in CRLF, as MIME asks.
std::string MimeBase64(absl::string_view bytes);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_EMAIL_MESSAGE_H_
