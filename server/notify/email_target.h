// Where an EMAIL subscription's mail goes, all in its target url so that the contract needs
// no field of its own:
//   smtp://<host>[:<port>]?from=<address>&to=<address>[,<address>...][&user=<name>][&tls=starttls|none]
//   smtps://<host>[:<port>]?from=...&to=...[&user=<name>]
// smtp:// requires STARTTLS unless tls=none (a relay on the same host or network);
// smtps:// is TLS from the first byte. The password is the subscription's secret.
// Or, through the operator's relay: mailto:<address>[,<address>...] (see MailRelay).
#ifndef STATUSPHERE_SERVER_NOTIFY_EMAIL_TARGET_H_
#define STATUSPHERE_SERVER_NOTIFY_EMAIL_TARGET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace statusphere::notify {

struct EmailTarget {
  std::string server;    // "smtp://host:port" or "smtps://host:port", what libcurl connects to
  bool starttls = true;  // smtp:// only: refuse to send without STARTTLS
  std::string from;
  std::vector<std::string> to;
  std::string user;  // empty: no authentication
};

// INVALID_ARGUMENT naming subscription.target.url for anything malformed (an address with
// spaces, angle brackets or line breaks could add SMTP commands or mail headers).
absl::StatusOr<EmailTarget> ParseEmailTarget(const std::string& url);

// The operator's SMTP relay (server flags --smtp_relay, --smtp_from, --smtp_password_file),
// through which an EMAIL subscription whose url is "mailto:<address>[,<address>...]" sends:
// the subscription names only its recipients.
struct MailRelay {
  EmailTarget target;    // server, starttls, from, user; `to` comes from each subscription
  std::string password;  // from --smtp_password_file: never logged, never in an error
};

// --smtp_relay's "smtp://[user@]host[:port][?tls=none]" (STARTTLS required unless
// tls=none) or "smtps://[user@]host[:port]", sending as `from`. The password is never
// part of the url: INVALID_ARGUMENT naming the flag otherwise.
absl::StatusOr<EmailTarget> ParseRelay(const std::string& url, const std::string& from);

// True for a "mailto:" url (any case).
bool IsRelayTarget(const std::string& url);
// The recipients of a "mailto:a@example.com,b@example.com" url (1 to 50, %40 and %2C
// decoded); INVALID_ARGUMENT naming subscription.target.url otherwise.
absl::StatusOr<std::vector<std::string>> ParseRelayRecipients(const std::string& url);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_EMAIL_TARGET_H_
