// Checks a CreateSubscription request field by field, so that every INVALID_ARGUMENT
// names the field that is wrong, and turns it into what the store keeps.
#ifndef STATUSPHERE_SERVER_NOTIFY_VALIDATION_H_
#define STATUSPHERE_SERVER_NOTIFY_VALIDATION_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/store/store.h"

namespace statusphere::notify {

// What the server offers that some subscriptions need.
struct ValidationOptions {
  bool mail_relay = false;  // --smtp_relay is set: EMAIL may be mailto:<recipients>
};

// The subscription to store: description trimmed, page URLs normalized, impact and
// component names checked, and the caller's secret (empty: none given). Id, create time
// and a generated secret are the caller's business.
absl::StatusOr<store::SubscriptionRecord> ValidateNewSubscription(const v1::CreateSubscriptionRequest& request,
                                                                  const ValidationOptions& options = {});

// The url a target kind gets when none is given: PagerDuty's US events endpoint, Opsgenie's
// US API host; empty for kinds that have none.
std::string DefaultTargetUrl(v1::WebhookTarget::Kind kind);

// "https://hooks.slack.com/..." for "https://hooks.slack.com/services/T0/B0/secret":
// webhook URLs carry credentials in their path and query.
std::string RedactUrl(const std::string& url);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_VALIDATION_H_
