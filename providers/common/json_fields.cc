#include "providers/common/json_fields.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace statusphere::providers {
namespace {

const Json& EmptyArray() {
  static const Json* empty = new Json(Json::array());
  return *empty;
}

}  // namespace

absl::StatusOr<Json> ParseJsonObject(absl::string_view url, absl::string_view body) {
  // Depth is bounded by nlohmann's recursion; a parse callback caps nesting so that a
  // hostile document cannot exhaust the stack.
  constexpr int kMaxDepth = 64;
  bool too_deep = false;
  Json::parser_callback_t limit_depth = [&](int depth, Json::parse_event_t, Json&) {
    if (depth > kMaxDepth) too_deep = true;
    return !too_deep;
  };
  Json doc = Json::parse(body.begin(), body.end(), limit_depth, /*allow_exceptions=*/false);
  if (too_deep) return absl::InvalidArgumentError(absl::StrCat(url, ": JSON nested deeper than ", kMaxDepth, " levels"));
  if (doc.is_discarded()) {
    const absl::string_view start = body.substr(0, 40);
    return absl::InvalidArgumentError(absl::StrCat(url, ": not valid JSON (starts with \"",
                                                   std::string(start.begin(), start.end()), "\")"));
  }
  if (!doc.is_object()) return absl::InvalidArgumentError(absl::StrCat(url, ": expected a JSON object"));
  return doc;
}

std::string StringField(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

const Json& ArrayField(const Json& object, const char* key) {
  if (!object.is_object()) return EmptyArray();
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return EmptyArray();
  return *it;
}

std::optional<absl::Time> ParseRfc3339(absl::string_view text) {
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &error)) return t;
  return std::nullopt;
}

bool IsPlausibleTime(absl::Time t) {
  return t >= absl::FromCivil(absl::CivilSecond(1990, 1, 1), absl::UTCTimeZone()) &&
         t <= absl::Now() + absl::Hours(24 * 365 * 10);
}

absl::StatusOr<std::optional<absl::Time>> TimeField(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not a time string"));
  const std::string text = it->get<std::string>();
  std::optional<absl::Time> t = ParseRfc3339(text);
  if (!t) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is not an RFC 3339 time: '", text, "'"));
  if (!IsPlausibleTime(*t)) return absl::InvalidArgumentError(absl::StrCat("'", key, "' is an absurd time: '", text, "'"));
  return t;
}

}  // namespace statusphere::providers
