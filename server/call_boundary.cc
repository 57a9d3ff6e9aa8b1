#include "server/call_boundary.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/grpc_status.h"
#include "server/metrics/rpc_metrics.h"

namespace statusphere {
namespace {

grpc::Status CheckBearerToken(const grpc::ServerContextBase& context, const TokenRole& role, const std::string& token) {
  auto unauthenticated = [&](absl::string_view what) {
    return grpc::Status(
        grpc::StatusCode::UNAUTHENTICATED,
        absl::StrCat(what, ": this service needs the metadata header 'authorization: Bearer <", role.name, " token>'"));
  };
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return unauthenticated("no credential");
  absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWithIgnoreCase(value, "bearer ")) return unauthenticated("authorization is not a bearer token");
  value.remove_prefix(7);
  if (token.empty() || !ConstantTimeEquals(absl::StripAsciiWhitespace(value), token)) {
    return unauthenticated(absl::StrCat("the ", role.name, " token is wrong"));
  }
  return grpc::Status::OK;
}

}  // namespace

CallBoundary CallBoundary::RateLimited(RateLimiter& limiter) {
  return CallBoundary([&limiter](grpc::ServerContextBase& context) {
    grpc::Status admitted = limiter.Admit(context);
    if (admitted.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) metrics::CountRateLimited();
    return admitted;
  });
}

CallBoundary CallBoundary::BearerToken(const TokenRole& role, std::string token) {
  return CallBoundary([role, token = std::move(token)](grpc::ServerContextBase& context) {
    return CheckBearerToken(context, role, token);
  });
}

grpc::Status CallBoundary::operator()(grpc::ServerContextBase* context,
                                      absl::FunctionRef<absl::Status()> handler) const {
  if (grpc::Status admitted = admit_(*context); !admitted.ok()) return admitted;
  return ToGrpc(handler());
}

}  // namespace statusphere
