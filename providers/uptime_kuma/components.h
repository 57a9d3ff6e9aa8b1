// Uptime Kuma's monitors as components: the page document lists them by public group,
// the heartbeat document carries each monitor's recent checks, and the latest check is
// the monitor's status.
#ifndef STATUSPHERE_PROVIDERS_UPTIME_KUMA_COMPONENTS_H_
#define STATUSPHERE_PROVIDERS_UPTIME_KUMA_COMPONENTS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "providers/common/json_fields.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers {

// Component status by monitor id, from /api/status-page/heartbeat/<slug> (parsed).
// INVALID_ARGUMENT (without the URL; the caller adds it) on wrong types.
absl::StatusOr<std::map<std::string, std::string>> MonitorStatuses(const Json& heartbeats);

// The monitors of /api/status-page/<slug> (parsed), in page order, with their status
// ("unknown" for a monitor without heartbeats). INVALID_ARGUMENT on wrong types.
absl::StatusOr<std::vector<statusphere::v1::Component>> KumaComponents(
    const Json& page, const std::map<std::string, std::string>& statuses);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPTIME_KUMA_COMPONENTS_H_
