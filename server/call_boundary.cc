#include "server/call_boundary.h"

#include "server/admin_auth.h"
#include "server/grpc_status.h"
#include "server/metrics/rpc_metrics.h"

namespace statusphere {

CallBoundary CallBoundary::RateLimited(RateLimiter& limiter) {
  return CallBoundary([&limiter](grpc::ServerContextBase& context) {
    grpc::Status admitted = limiter.Admit(context);
    if (admitted.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) metrics::CountRateLimited();
    return admitted;
  });
}

CallBoundary CallBoundary::BearerToken(std::string token) {
  return CallBoundary(
      [token = std::move(token)](grpc::ServerContextBase& context) { return CheckBearerToken(context, token); });
}

CallBoundary CallBoundary::Open() {
  return CallBoundary([](grpc::ServerContextBase&) { return grpc::Status::OK; });
}

grpc::Status CallBoundary::operator()(grpc::ServerContextBase* context,
                                      absl::FunctionRef<absl::Status()> handler) const {
  if (grpc::Status admitted = admit_(*context); !admitted.ok()) return admitted;
  return ToGrpc(handler());
}

}  // namespace statusphere
