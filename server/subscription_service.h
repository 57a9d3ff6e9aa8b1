// Webhook subscriptions (SubscriptionService), behind the same bearer token as AdminService.
#ifndef STATUSPHERE_SERVER_SUBSCRIPTION_SERVICE_H_
#define STATUSPHERE_SERVER_SUBSCRIPTION_SERVICE_H_

#include <string>

#include "server/call_boundary.h"
#include "server/store/sql/sql_store.h"
#include "statusphere/v1/subscription_service.grpc.pb.h"

namespace statusphere {

class SubscriptionServiceImpl final : public statusphere::v1::SubscriptionService::Service {
 public:
  // `mail_relay`: the server has an SMTP relay, so EMAIL subscriptions may be mailto:.
  SubscriptionServiceImpl(store::Store* store, std::string token, bool mail_relay = false)
      : store_(store), boundary_(CallBoundary::BearerToken(kAdminRole, std::move(token))), mail_relay_(mail_relay) {}

  grpc::Status CreateSubscription(grpc::ServerContext*, const v1::CreateSubscriptionRequest*,
                                  v1::CreateSubscriptionResponse*) override;
  grpc::Status ListSubscriptions(grpc::ServerContext*, const v1::ListSubscriptionsRequest*,
                                 v1::ListSubscriptionsResponse*) override;
  grpc::Status GetSubscription(grpc::ServerContext*, const v1::GetSubscriptionRequest*,
                               v1::GetSubscriptionResponse*) override;
  grpc::Status DeleteSubscription(grpc::ServerContext*, const v1::DeleteSubscriptionRequest*,
                                  v1::DeleteSubscriptionResponse*) override;

 private:
  store::Store* store_;
  CallBoundary boundary_;  // every RPC: the bearer token, then the handler
  bool mail_relay_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_SUBSCRIPTION_SERVICE_H_
