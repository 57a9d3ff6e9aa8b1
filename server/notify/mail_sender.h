// Sends one mail over SMTP through libcurl (smtp:// with STARTTLS required unless the target
// says tls=none, or smtps://), with the same SSRF guard, host allow-list and time limits as
// webhooks. Errors name the SMTP step and code, never the password.
#ifndef STATUSPHERE_SERVER_NOTIFY_MAIL_SENDER_H_
#define STATUSPHERE_SERVER_NOTIFY_MAIL_SENDER_H_

#include <atomic>
#include <string>

#include "server/notify/email_target.h"
#include "server/notify/webhook_sender.h"

namespace statusphere::notify {

class MailSender {
 public:
  explicit MailSender(SenderOptions options);
  // Sends `mail` (a whole RFC 5322 message) to `target`'s recipients, logging in with
  // target.user and `password` when the target names a user. An SMTP 5xx answer or a
  // refused login is permanent; 4xx answers and transport errors are retried. Safe to call
  // from several threads at once.
  SendResult Send(const EmailTarget& target, const std::string& password, const std::string& mail,
                  const std::atomic<bool>* cancel) const;

 private:
  SenderOptions options_;
};

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_MAIL_SENDER_H_
