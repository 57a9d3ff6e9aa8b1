// Fuzz target for printed dates and times (providers/common/printed_time.h): whatever the
// text, reading never crashes, and a placed range is plausible and never ends before it
// starts, whichever year rule and reference it is placed with.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "providers/common/json_fields.h"
#include "providers/common/printed_time.h"
#include "providers/fuzzing/documents.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace statusphere::providers;  // NOLINT
  std::optional<PrintedRange> printed = ParsePrintedRange(statusphere::fuzz::AsText(data, size));
  if (!printed) return 0;
  if (printed->zone_minutes && printed->zone.empty()) std::abort();  // an offset comes from a printed zone
  const absl::Time reference = absl::FromUnixSeconds(1611346341);
  for (YearChoice choice : {YearChoice::kAtOrBefore, YearChoice::kNearest}) {
    std::optional<PlacedRange> placed = PlaceRange(*printed, printed->zone_minutes.value_or(0), reference, choice);
    if (!placed) continue;
    if (!IsPlausibleTime(placed->start)) std::abort();
    if (placed->end && (*placed->end < placed->start || !IsPlausibleTime(*placed->end))) std::abort();
  }
  return 0;
}
