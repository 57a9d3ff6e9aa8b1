// Bearer-token authentication for AdminService and SubscriptionService (one admin token).
#ifndef STATUSPHERE_SERVER_ADMIN_AUTH_H_
#define STATUSPHERE_SERVER_ADMIN_AUTH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"

namespace statusphere {

// Compares in time independent of where the strings differ, so that response timing
// leaks nothing about the token.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// OK when the call carries "authorization: Bearer <token>" with the right token;
// UNAUTHENTICATED (saying what is missing or wrong) otherwise.
grpc::Status CheckBearerToken(const grpc::ServerContextBase& context, const std::string& token);

// The admin token: STATUSPHERE_ADMIN_TOKEN from the environment when set; else read from
// `token_file` when given; otherwise read from, or on first start generated into,
// <data_dir>/admin_token (mode 0600). Tokens shorter than 16 characters are refused.
absl::StatusOr<std::string> LoadOrCreateAdminToken(const std::string& token_file, const std::string& data_dir);

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_ADMIN_AUTH_H_
