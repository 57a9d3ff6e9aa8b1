// Ids and lists in platform JSON, as the smaller platforms write them: ids that are numbers
// on one platform and strings on another, and documents that are a bare JSON array.
#ifndef STATUSPHERE_PROVIDERS_COMMON_JSON_VALUES_H_
#define STATUSPHERE_PROVIDERS_COMMON_JSON_VALUES_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "providers/common/json_fields.h"
#include "providers/documents.h"

namespace statusphere::providers {

// The integer at `key`; nullopt when missing or not an integer.
inline std::optional<long long> IntegerField(const Json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<long long>();
}

// The id at `key` as text: a string as it is, an integer in decimal; "" otherwise.
inline std::string IdText(const Json& object, const char* key = "id") {
  if (!object.is_object() || !object.contains(key)) return "";
  const Json& id = object[key];
  if (id.is_string()) return id.get<std::string>();
  if (id.is_number_integer()) return std::to_string(id.get<long long>());
  return "";
}

// A document that must have answered 200 with a JSON array (UNAVAILABLE naming the URL when
// it did not answer 200). The shared parser, with its depth limit, takes objects: the array
// is parsed wrapped in one. Go writes a slice never made as null: an empty array.
inline absl::StatusOr<Json> ParseJsonArray(const Document& d) {
  if (d.http_status != 200) return absl::UnavailableError(absl::StrCat(d.url, ": ", OutcomeOf(d)));
  absl::StatusOr<Json> wrapped = ParseJsonObject(d.url, absl::StrCat("{\"list\":", d.body, "}"));
  if (!wrapped.ok()) return wrapped.status();
  Json& list = (*wrapped)["list"];
  if (list.is_null()) return Json::array();
  if (!list.is_array()) return absl::InvalidArgumentError(absl::StrCat(d.url, ": not a JSON array"));
  return std::move(list);
}

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_JSON_VALUES_H_
