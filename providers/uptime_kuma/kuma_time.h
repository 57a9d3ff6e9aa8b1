// Times as Uptime Kuma writes them. Its database columns hold UTC as
// "YYYY-MM-DD HH:MM:SS" (heartbeats add ".mmm") with no zone; values computed in
// JavaScript arrive as ISO strings ending in "Z"; a single maintenance window keeps the
// wall-clock text its author typed ("YYYY-MM-DD HH:MM", "T" or space), in the
// maintenance's own time zone.
#ifndef STATUSPHERE_PROVIDERS_UPTIME_KUMA_KUMA_TIME_H_
#define STATUSPHERE_PROVIDERS_UPTIME_KUMA_KUMA_TIME_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {

// The time at `key`. Text without a zone is read at `zoneless_offset` ("+02:00"; "" means
// UTC). nullopt when missing or null; INVALID_ARGUMENT naming the key when present but not
// such a time, or absurd.
absl::StatusOr<std::optional<absl::Time>> KumaTimeField(const Json& object, const char* key,
                                                        absl::string_view zoneless_offset = "");

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPTIME_KUMA_KUMA_TIME_H_
