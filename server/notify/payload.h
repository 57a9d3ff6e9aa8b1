// The HTTP request a notification becomes, in the webhook format of each target kind:
// Slack incoming webhooks (text + Block Kit blocks), Discord webhooks (content + an embed),
// Microsoft Teams webhooks (an Adaptive Card), the signed generic JSON document, and (each in
// its own file) Google Chat, Telegram, ntfy and Mattermost / Rocket.Chat.
#ifndef STATUSPHERE_SERVER_NOTIFY_PAYLOAD_H_
#define STATUSPHERE_SERVER_NOTIFY_PAYLOAD_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "statusphere/v1/status_page_service.pb.h"
#include "statusphere/v1/subscription_service.pb.h"

namespace statusphere::notify {

// One incident change, addressed to one subscription.
struct Notification {
  v1::IncidentChange::Kind kind = v1::IncidentChange::KIND_UNSPECIFIED;
  v1::Incident incident;
  std::string page_name;  // falls back to the url when unknown
  std::string subscription_id;
  // Stable across retries of this (subscription, change): receivers deduplicate on it.
  std::string idempotency_key;
  absl::Time sent_at;
};

// "incident.new", "incident.updated" or "incident.resolved".
std::string EventName(v1::IncidentChange::Kind kind);

struct WebhookRequest {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type included
};

// `secret` signs GENERIC_JSON requests (see the proto for the headers), is the chat id of
// TELEGRAM and the optional access token of NTFY; other kinds ignore it.
WebhookRequest BuildRequest(v1::WebhookTarget::Kind kind, const Notification& notification, absl::string_view secret);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_PAYLOAD_H_
