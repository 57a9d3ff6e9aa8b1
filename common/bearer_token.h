// The bearer tokens that separate the roles calling statusphere-server: the admin (AdminService,
// SubscriptionService), the scrapers (ScrapeService) and the REST gateway (whose forwarded
// client addresses the rate limit believes). One loader for every role, so that each token
// is found, generated and checked alike.
#ifndef STATUSPHERE_COMMON_BEARER_TOKEN_H_
#define STATUSPHERE_COMMON_BEARER_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace statusphere {

// Where a role's token comes from.
struct TokenRole {
  absl::string_view name;       // "admin": names the token in messages
  absl::string_view env_var;    // the token itself, e.g. from a Kubernetes secret
  absl::string_view file_name;  // the server's default file under its data directory
};

inline constexpr TokenRole kAdminRole{"admin", "STATUSPHERE_ADMIN_TOKEN", "admin_token"};
inline constexpr TokenRole kScraperRole{"scraper", "STATUSPHERE_SCRAPER_TOKEN", "scraper_token"};
inline constexpr TokenRole kGatewayRole{"gateway", "STATUSPHERE_GATEWAY_TOKEN", "gateway_token"};

// Shorter tokens are refused: they could be guessed.
inline constexpr size_t kMinTokenLength = 16;

// Compares in time independent of where the strings differ, so that response timing
// leaks nothing about the token.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// The server's side: the role's environment variable when set; else read from `token_file`
// when given; otherwise read from, or on first start generated into (128 random bits, mode
// 0600), <data_dir>/<role.file_name>.
absl::StatusOr<std::string> LoadOrCreateToken(const TokenRole& role, const std::string& token_file,
                                              const std::string& data_dir);

// A client's side (a scraper): the role's environment variable when set, else `token_file`;
// NOT_FOUND saying how to give one when neither is.
absl::StatusOr<std::string> LoadToken(const TokenRole& role, const std::string& token_file);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_BEARER_TOKEN_H_
