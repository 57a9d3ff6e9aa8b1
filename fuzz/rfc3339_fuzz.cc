// Fuzz target for RFC 3339 time parsing. ParseRfc3339 reads the common shape by hand for
// speed: whenever absl::ParseTime (the reference) also reads the text, both must agree to
// the nanosecond (absl keeps quarter nanoseconds; protobuf Timestamps stop at nanoseconds).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "providers/common/json_fields.h"
#include "providers/fuzzing/documents.h"
#include "providers/fuzzing/page_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text = statusphere::fuzz::AsText(data, size);
  const std::optional<absl::Time> ours = statusphere::providers::ParseRfc3339(text);
  absl::Time reference;
  std::string error;
  if (ours && absl::ParseTime(absl::RFC3339_full, std::string(text), &reference, &error) &&
      absl::ToUnixNanos(reference) != absl::ToUnixNanos(*ours)) {
    statusphere::fuzz::Fail("ParseRfc3339", absl::StrCat("'", text, "' read as ", absl::FormatTime(*ours),
                                                         ", absl::ParseTime reads ", absl::FormatTime(reference)));
  }
  if (ours) statusphere::providers::IsPlausibleTime(*ours);
  return 0;
}
