// The one place a call crosses from gRPC into a service's handler. Every call of a service
// first passes the service's admission check (the public API's per-client rate limit, the
// admin and scrape APIs' bearer tokens); the handler then works in absl::Status, and its status
// becomes the call's grpc::Status here and nowhere else.
#ifndef STATUSPHERE_SERVER_CALL_BOUNDARY_H_
#define STATUSPHERE_SERVER_CALL_BOUNDARY_H_

#include <functional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "common/bearer_token.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"
#include "server/rate_limiter.h"

namespace statusphere {

class CallBoundary {
 public:
  // OK to let the call in; otherwise the status the call ends with.
  using Admission = std::function<grpc::Status(grpc::ServerContextBase&)>;

  // Calls are limited per client by `limiter` (which must outlive the boundary).
  static CallBoundary RateLimited(RateLimiter& limiter);
  // Calls must carry "authorization: Bearer <token>", the token of `role` (named in the
  // UNAUTHENTICATED message a call without it gets).
  static CallBoundary BearerToken(const TokenRole& role, std::string token);

  // Admits the call, then runs `handler`.
  grpc::Status operator()(grpc::ServerContextBase* context, absl::FunctionRef<absl::Status()> handler) const;

 private:
  explicit CallBoundary(Admission admit) : admit_(std::move(admit)) {}
  Admission admit_;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_CALL_BOUNDARY_H_
