// Reading platform JSON defensively: documents come from untrusted servers, so every
// field may be missing, null or of the wrong type. These helpers never throw.
#ifndef STATUSPHERE_PROVIDERS_COMMON_JSON_FIELDS_H_
#define STATUSPHERE_PROVIDERS_COMMON_JSON_FIELDS_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "providers/documents.h"

namespace statusphere::providers {

using Json = nlohmann::json;

// Parses a document that must be a JSON object; errors name the URL.
absl::StatusOr<Json> ParseJsonObject(absl::string_view url, absl::string_view body);

// Parses a document that must be a JSON array (some vendors answer a bare list of
// components or incidents); errors name the URL.
absl::StatusOr<Json> ParseJsonArray(absl::string_view url, absl::string_view body);

// A Detection::probe_matches: the probe answered 200 with a JSON object of this shape.
std::function<bool(const Document&)> JsonProbeOfShape(bool (*has_shape)(const Json&));

// The string at `key`, or "" when missing, null or not a string.
std::string StringField(const Json& object, const char* key);

// True only when `key` holds the boolean true (nlohmann's value(key, false) throws when it
// holds anything else).
bool BoolField(const Json& object, const char* key);

// The array at `key`, or an empty array.
const Json& ArrayField(const Json& object, const char* key);

// An RFC 3339 time at `key`. nullopt when missing or null; INVALID_ARGUMENT when present but
// unparsable or absurd (before 1990 or more than 10 years ahead).
absl::StatusOr<std::optional<absl::Time>> TimeField(const Json& object, const char* key);

// Parses an RFC 3339 time ("2026-07-31T14:05:23.123Z", "...-07:00").
std::optional<absl::Time> ParseRfc3339(absl::string_view text);

// Rejects times no status page can mean.
bool IsPlausibleTime(absl::Time t);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_JSON_FIELDS_H_
