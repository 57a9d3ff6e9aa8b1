// What the url and secret of each chat target kind must look like (Google Chat, Telegram,
// ntfy, Mattermost), checked when a subscription is created so that a pasted wrong URL is
// refused then, naming the field, instead of failing at every delivery.
#ifndef STATUSPHERE_SERVER_NOTIFY_CHANNEL_TARGETS_H_
#define STATUSPHERE_SERVER_NOTIFY_CHANNEL_TARGETS_H_

#include <string>

#include "absl/status/statusor.h"
#include "statusphere/v1/subscription_service.pb.h"

namespace statusphere::notify {

// For the kinds above: the url to store (Google Chat's gets its messageReplyOption), or
// INVALID_ARGUMENT naming subscription.target.url or secret. `url` is already known to be
// an absolute http(s) URL. Other kinds: `url` unchanged.
absl::StatusOr<std::string> CheckChannelTarget(v1::WebhookTarget::Kind kind, const std::string& url,
                                               const std::string& secret);

// Whether `kind` takes a secret at all, and whether it must have one.
bool TakesSecret(v1::WebhookTarget::Kind kind);
bool NeedsSecret(v1::WebhookTarget::Kind kind);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_CHANNEL_TARGETS_H_
