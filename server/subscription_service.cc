#include "server/subscription_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "server/notify/signature.h"
#include "server/notify/validation.h"

namespace statusphere {
namespace {

// The target url usually embeds a credential: it is accepted, never echoed.
v1::Subscription Redacted(v1::Subscription s) {
  s.mutable_target()->set_url_redacted(notify::RedactUrl(s.target().url()));
  s.mutable_target()->clear_url();
  return s;
}

absl::Status ValidId(const std::string& id) {
  if (id.empty()) return absl::InvalidArgumentError("id: is required");
  if (id.size() > 64) return absl::InvalidArgumentError("id: is longer than 64 characters");
  return absl::OkStatus();
}

}  // namespace

grpc::Status SubscriptionServiceImpl::CreateSubscription(grpc::ServerContext* context,
                                                         const v1::CreateSubscriptionRequest* request,
                                                         v1::CreateSubscriptionResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(store::SubscriptionRecord record, notify::ValidateNewSubscription(*request, {mail_relay_}));
    const absl::Time now = absl::Now();
    record.subscription.set_id(absl::StrCat("sub_", notify::RandomHex(8)));
    *record.subscription.mutable_create_time() = ToProto(now);
    if (record.subscription.target().kind() == v1::WebhookTarget::GENERIC_JSON && record.secret.empty()) {
      record.secret = notify::RandomHex(32);
    }
    RETURN_IF_ERROR(store_->CreateSubscription(record, now));
    log::Info("subscription.created", {{"id", record.subscription.id()},
                                       {"kind", v1::WebhookTarget::Kind_Name(record.subscription.target().kind())},
                                       {"target", notify::RedactUrl(record.subscription.target().url())}});
    *response->mutable_subscription() = Redacted(record.subscription);
    response->mutable_subscription()->mutable_delivery();  // nothing sent yet: zeros
    // A signing secret is the caller's to keep; every other kind's secret (an alerting key,
    // a chat id, an access token, a mail password) is the caller's own and never echoed.
    if (record.subscription.target().kind() == v1::WebhookTarget::GENERIC_JSON) response->set_secret(record.secret);
    return absl::OkStatus();
  });
}

grpc::Status SubscriptionServiceImpl::ListSubscriptions(grpc::ServerContext* context,
                                                        const v1::ListSubscriptionsRequest*,
                                                        v1::ListSubscriptionsResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<v1::Subscription> all, store_->ListSubscriptions());
    for (v1::Subscription& s : all) *response->add_subscriptions() = Redacted(std::move(s));
    return absl::OkStatus();
  });
}

grpc::Status SubscriptionServiceImpl::GetSubscription(grpc::ServerContext* context,
                                                      const v1::GetSubscriptionRequest* request,
                                                      v1::GetSubscriptionResponse* response) {
  return boundary_(context, [&]() -> absl::Status {
    RETURN_IF_ERROR(ValidId(request->id()));
    ASSIGN_OR_RETURN(v1::Subscription s, store_->GetSubscription(request->id()));
    *response->mutable_subscription() = Redacted(std::move(s));
    return absl::OkStatus();
  });
}

grpc::Status SubscriptionServiceImpl::DeleteSubscription(grpc::ServerContext* context,
                                                         const v1::DeleteSubscriptionRequest* request,
                                                         v1::DeleteSubscriptionResponse*) {
  return boundary_(context, [&]() -> absl::Status {
    RETURN_IF_ERROR(ValidId(request->id()));
    RETURN_IF_ERROR(store_->DeleteSubscription(request->id()));
    log::Info("subscription.deleted", {{"id", request->id()}});
    return absl::OkStatus();
  });
}

}  // namespace statusphere
