// The HTTP request a notification becomes, in the webhook format of each target kind:
// Slack incoming webhooks (text + Block Kit blocks), Discord webhooks (content + an embed),
// Microsoft Teams webhooks (an Adaptive Card), the signed generic JSON document, and (each in
// its own file) Google Chat, Telegram, ntfy and Mattermost / Rocket.Chat.
#ifndef STATUSPHERE_SERVER_NOTIFY_PAYLOAD_H_
#define STATUSPHERE_SERVER_NOTIFY_PAYLOAD_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "statusphere/v1/status_page_service.pb.h"
#include "statusphere/v1/subscription_service.pb.h"

namespace statusphere::notify {

// One incident change, or one component change, addressed to one subscription.
struct Notification {
  v1::IncidentChange::Kind kind = v1::IncidentChange::KIND_UNSPECIFIED;
  v1::Incident incident;
  // Set (kind and incident left empty) for component.changed: the changes the
  // subscription wants (filter.h WantedComponentChanges).
  std::optional<v1::ComponentChangeEvent> components;
  std::string page_name;  // falls back to the url when unknown
  std::string subscription_id;
  // Stable across retries of this (subscription, change): receivers deduplicate on it.
  std::string idempotency_key;
  absl::Time sent_at;
};

// "incident.new", "incident.updated" or "incident.resolved".
std::string EventName(v1::IncidentChange::Kind kind);
// The above, or "component.changed".
std::string EventName(const Notification& notification);

struct WebhookRequest {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type included
  // Where it goes (BuildRequests): the target's url, or a path under it for a target
  // whose actions have paths of their own (Opsgenie).
  std::string url;
};

// `secret` signs GENERIC_JSON requests (see the proto for the headers), is the chat id of
// TELEGRAM and the optional access token of NTFY; other kinds ignore it.
// For the kinds of one request each (all but PAGERDUTY, OPSGENIE and EMAIL).
WebhookRequest BuildRequest(v1::WebhookTarget::Kind kind, const Notification& notification, absl::string_view secret);

// The requests one notification becomes, to send in order: one for webhooks, one per
// alert action for the alerting targets (a component change may open one alert and close
// another; none when it does neither). `secret` is the subscription's stored secret.
std::vector<WebhookRequest> BuildRequests(const v1::WebhookTarget& target, const Notification& notification,
                                          absl::string_view secret);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_PAYLOAD_H_
