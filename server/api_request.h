// The public API's request fields, read and checked once for every call that takes them:
// a value that does not fit is INVALID_ARGUMENT with a message that names the field and
// says what is wrong (REST shows it verbatim as its 400's error, so the wording is part of
// the contract the original Statusphere frontend relies on).
#ifndef STATUSPHERE_SERVER_API_REQUEST_H_
#define STATUSPHERE_SERVER_API_REQUEST_H_

#include <cstdint>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

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

// A number a request may give in two fields: REST's spelling, text in the field named
// `text_field` ("limit", "days"), kept so that REST's query parameters and messages stay
// as they are; and an int32 for typed clients, named `number_field`, 0 being unset as
// proto3 has it. Errors name the field the client used, so the value says which one.
struct RequestedNumber {
  int value = 0;
  absl::string_view field;  // text_field or number_field: one of the caller's literals
};
// A limit (ListIncidents, GetAtomFeed): the integer when set (negative is refused), else
// the text as ParseLimit reads it. Both set is INVALID_ARGUMENT.
absl::StatusOr<RequestedNumber> ChooseLimit(const std::string& text, int32_t number, absl::string_view number_field);
// GetUptime's days: the integer when set (kMinDays to kMaxDays), else the text as
// ParseDays reads it. Both set is INVALID_ARGUMENT.
absl::StatusOr<int> ChooseDays(const std::string& text, int32_t number, absl::string_view number_field);

}  // namespace statusphere::api

#endif  // STATUSPHERE_SERVER_API_REQUEST_H_
