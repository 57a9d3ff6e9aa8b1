// The operator's SMTP relay from the server's flags: --smtp_relay (where, as whom),
// --smtp_from (the sender) and --smtp_password_file (read like --admin_token_file, so the
// password stays out of argv, logs, errors and API answers).
#ifndef STATUSPHERE_SERVER_NOTIFY_MAIL_RELAY_H_
#define STATUSPHERE_SERVER_NOTIFY_MAIL_RELAY_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/notify/email_target.h"

namespace statusphere::notify {

// nullopt when `url` is empty (no relay). The password file's content with its surrounding
// whitespace (a final newline) removed; it is required when the url names a user and
// refused otherwise. Errors name the flag or the file, never the password.
absl::StatusOr<std::optional<MailRelay>> LoadMailRelay(const std::string& url, const std::string& from,
                                                       const std::string& password_file);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_MAIL_RELAY_H_
