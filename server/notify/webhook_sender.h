// Sends one webhook request through the common HTTP client: POST, bounded in time, no
// redirects (a webhook that moves is a configuration error, and following it could leak the
// payload), and an optional allow-list of hosts. Errors never repeat the URL: webhook URLs
// often carry a token, and the error is stored where users read it.
#ifndef STATUSPHERE_SERVER_NOTIFY_WEBHOOK_SENDER_H_
#define STATUSPHERE_SERVER_NOTIFY_WEBHOOK_SENDER_H_

#include <atomic>
#include <set>
#include <string>

#include "absl/time/time.h"
#include "common/address_policy.h"
#include "common/http/client.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

struct SenderOptions {
  absl::Duration timeout = absl::Seconds(10);
  absl::Duration connect_timeout = absl::Seconds(5);
  std::string user_agent = "statusphere-notifier/1.0 (+https://github.com/statusphere)";
  // When not empty, only these hosts (as written in the URL, lowercase) are called; others
  // fail permanently. Empty: any host.
  std::set<std::string> allowed_hosts;
  // The SSRF guard, checked on the connection itself (after DNS): a webhook cannot reach
  // loopback, private or metadata addresses unless the server's --allow_addresses permits.
  AddressPolicy addresses;
};

struct SendResult {
  bool delivered = false;      // a 2xx answer
  int http_status = 0;         // 0 when no answer came
  absl::Duration retry_after;  // from a Retry-After header, zero when none
  bool permanent = false;      // retrying cannot help (host not allowed, bad URL)
  std::string error;           // for people: status and a body snippet, or the transport error
};

class WebhookSender {
 public:
  explicit WebhookSender(SenderOptions options);
  // Posts `request` to `url`. Returns early (an error) once `*cancel` becomes true. Safe to
  // call from several threads at once.
  SendResult Post(const std::string& url, const WebhookRequest& request, const std::atomic<bool>* cancel) const;

 private:
  std::set<std::string> allowed_hosts_;
  http::ClientOptions client_;
};

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_WEBHOOK_SENDER_H_
