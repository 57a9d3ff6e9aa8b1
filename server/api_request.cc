#include "server/api_request.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/page_url.h"
#include "common/vocabulary.h"
#include "server/uptime/uptime.h"

namespace statusphere::api {
namespace {

// The impacts in alphabetical order, as error messages have always listed them.
const std::set<std::string>& KnownImpactsSorted() {
  static const auto* impacts = new std::set<std::string>(vocabulary::kImpacts.begin(), vocabulary::kImpacts.end());
  return *impacts;
}

// A decimal integer written with digits only (no sign, no spaces inside), if `trimmed` is one
// that fits in 64 bits.
std::optional<int64_t> DigitsOnlyNumber(absl::string_view trimmed) {
  int64_t value = 0;
  bool digits_only = !trimmed.empty();
  for (char c : trimmed) digits_only = digits_only && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (!digits_only || !absl::SimpleAtoi(trimmed, &value)) return std::nullopt;
  return value;
}

// Both spellings of one number given: which one the client meant is a guess, so neither wins.
absl::Status BothGiven(absl::string_view text_field, absl::string_view number_field) {
  return absl::InvalidArgumentError(
      absl::StrCat(text_field, " and ", number_field, " are the same setting: give only one of them"));
}

}  // namespace

// A required statusPageUrl, normalized. Clients pass it unencoded and unnormalized.
absl::StatusOr<std::string> RequiredPageUrl(const std::string& url) {
  if (absl::StripAsciiWhitespace(url).empty()) {
    return absl::InvalidArgumentError("statusPageUrl is required");
  }
  if (url.size() > kMaxUrlLength) {
    return absl::InvalidArgumentError(absl::StrCat("statusPageUrl is longer than ", kMaxUrlLength, " characters"));
  }
  absl::StatusOr<std::string> normalized = NormalizePageUrl(url);
  if (!normalized.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("statusPageUrl: ", normalized.status().message()));
  }
  return normalized;
}

absl::StatusOr<std::set<std::string>> ParseImpacts(const std::string& list) {
  std::set<std::string> impacts;
  for (absl::string_view word : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    std::string impact = absl::AsciiStrToLower(absl::StripAsciiWhitespace(word));
    if (!vocabulary::IsImpact(impact)) {
      return absl::InvalidArgumentError(absl::StrCat("impact: unknown value '", word,
                                                     "'; expected a comma-separated list of ",
                                                     absl::StrJoin(KnownImpactsSorted(), ", ")));
    }
    impacts.insert(std::move(impact));
  }
  return impacts;
}

absl::StatusOr<int> ParseLimit(const std::string& text) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.empty()) return 0;
  const std::optional<int64_t> limit = DigitsOnlyNumber(trimmed);
  if (!limit || *limit > 1'000'000'000) {
    return absl::InvalidArgumentError(absl::StrCat("limit: '", text, "' is not a non-negative integer"));
  }
  return static_cast<int>(*limit);
}

// GetUptime's days: empty is the default; anything but a whole number in range is refused
// with what was wrong, as ParseLimit's limit.
absl::StatusOr<int> ParseDays(const std::string& text) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.empty()) return uptime::kDefaultDays;
  const std::optional<int64_t> days = DigitsOnlyNumber(trimmed);
  if (!days || *days < uptime::kMinDays || *days > uptime::kMaxDays) {
    return absl::InvalidArgumentError(absl::StrCat("days: '", text, "' is not a whole number of days from ",
                                                   uptime::kMinDays, " to ", uptime::kMaxDays));
  }
  return static_cast<int>(*days);
}

absl::StatusOr<RequestedNumber> ChooseLimit(const std::string& text, int32_t number, absl::string_view number_field) {
  if (number == 0) {
    absl::StatusOr<int> limit = ParseLimit(text);
    if (!limit.ok()) return limit.status();
    return RequestedNumber{*limit, "limit"};
  }
  if (!absl::StripAsciiWhitespace(text).empty()) return BothGiven("limit", number_field);
  if (number < 0) {
    return absl::InvalidArgumentError(absl::StrCat(number_field, ": ", number, " is not a non-negative integer"));
  }
  return RequestedNumber{number, number_field};
}

absl::StatusOr<int> ChooseDays(const std::string& text, int32_t number, absl::string_view number_field) {
  if (number == 0) return ParseDays(text);
  if (!absl::StripAsciiWhitespace(text).empty()) return BothGiven("days", number_field);
  if (number < uptime::kMinDays || number > uptime::kMaxDays) {
    return absl::InvalidArgumentError(absl::StrCat(number_field, ": ", number, " is not a whole number of days from ",
                                                   uptime::kMinDays, " to ", uptime::kMaxDays));
  }
  return number;
}

}  // namespace statusphere::api
