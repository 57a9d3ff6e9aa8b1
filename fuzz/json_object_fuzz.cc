// Fuzz target for the JSON helpers every JSON provider reads untrusted documents with:
// ParseJsonObject, then each top-level field through StringField, ArrayField and TimeField.
#include <cstddef>
#include <cstdint>
#include <string>

#include "providers/common/json_fields.h"
#include "providers/fuzzing/documents.h"
#include "providers/fuzzing/page_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace statusphere::providers;
  const absl::StatusOr<Json> json =
      ParseJsonObject("https://fuzz.example/doc.json", statusphere::fuzz::AsText(data, size));
  if (!json.ok()) {
    if (json.status().code() != absl::StatusCode::kInvalidArgument) {
      statusphere::fuzz::Fail("ParseJsonObject", json.status().ToString());
    }
    return 0;
  }
  if (!json->is_object()) statusphere::fuzz::Fail("ParseJsonObject", "success with a non-object");
  for (const auto& [key, value] : json->items()) {
    StringField(*json, key.c_str());
    ArrayField(*json, key.c_str());
    TimeField(*json, key.c_str()).IgnoreError();
  }
  return 0;
}
