// The public API's request fields, read and checked once for every call that takes them:
// a value that does not fit is INVALID_ARGUMENT with a message that names the field and
// says what is wrong (REST shows it verbatim as its 400's error, so the wording is part of
// the contract the original Statusphere frontend relies on).
#ifndef STATUSPHERE_SERVER_API_REQUEST_H_
#define STATUSPHERE_SERVER_API_REQUEST_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"

namespace statusphere::api {

inline constexpr size_t kMaxUrlLength = 2048;

// A required statusPageUrl, normalized (common/page_url.h). Clients pass it unencoded and
// unnormalized.
absl::StatusOr<std::string> RequiredPageUrl(const std::string& url);
// A comma-separated list of impacts (any case, blanks ignored); empty means all.
absl::StatusOr<std::set<std::string>> ParseImpacts(const std::string& list);
// A limit: empty is 0 (no limit); otherwise digits only, at most 10^9.
absl::StatusOr<int> ParseLimit(const std::string& text);
// GetUptime's days: empty is the default; otherwise a whole number from uptime::kMinDays
// to uptime::kMaxDays.
absl::StatusOr<int> ParseDays(const std::string& text);

}  // namespace statusphere::api

#endif  // STATUSPHERE_SERVER_API_REQUEST_H_
