// Where an EMAIL subscription's mail goes, all in its target url so that the contract needs
// no field of its own:
//   smtp://<host>[:<port>]?from=<address>&to=<address>[,<address>...][&user=<name>][&tls=starttls|none]
//   smtps://<host>[:<port>]?from=...&to=...[&user=<name>]
// smtp:// requires STARTTLS unless tls=none (a relay on the same host or network);
// smtps:// is TLS from the first byte. The password is the subscription's secret.
#ifndef STATUSPHERE_SERVER_NOTIFY_EMAIL_TARGET_H_
#define STATUSPHERE_SERVER_NOTIFY_EMAIL_TARGET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace statusphere::notify {

struct EmailTarget {
  std::string server;  // "smtp://host:port" or "smtps://host:port", what libcurl connects to
  bool starttls = true;  // smtp:// only: refuse to send without STARTTLS
  std::string from;
  std::vector<std::string> to;
  std::string user;  // empty: no authentication
};

// INVALID_ARGUMENT naming subscription.target.url for anything malformed (an address with
// spaces, angle brackets or line breaks could add SMTP commands or mail headers).
absl::StatusOr<EmailTarget> ParseEmailTarget(const std::string& url);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_EMAIL_TARGET_H_
