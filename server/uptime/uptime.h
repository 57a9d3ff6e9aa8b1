// Uptime history of one status page, computed from its stored incidents: the figures
// GetUptime answers with (the definition of downtime is in the proto, above
// GetUptimeResponse). A pure function of its input, so that every rule is testable
// without a store or a clock.
#ifndef STATUSPHERE_SERVER_UPTIME_UPTIME_H_
#define STATUSPHERE_SERVER_UPTIME_UPTIME_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "statusphere/v1/resources.pb.h"
#include "statusphere/v1/status_page_service.pb.h"

namespace statusphere::uptime {

inline constexpr int kMinDays = 1;
inline constexpr int kMaxDays = 365;
inline constexpr int kDefaultDays = 90;
// Share of a partial-outage minute that counts as downtime in uptime_percent: the weight
// Instatus documents for its Statuspage-style uptime bars.
inline constexpr double kPartialOutageWeight = 0.3;

struct UptimeInput {
  std::string page_url;
  bool is_indexed = false;
  // The page's current components, in the page's order.
  std::vector<v1::Component> components;
  // Any of the page's incidents: those that cover nothing of the window are ignored, so a
  // caller may pass more than it must (the store reads only those that end in the window).
  std::vector<v1::Incident> incidents;
  int days = kDefaultDays;
  absl::Time now;
};

// The start of the window: 00:00 UTC of the first of `days` days, the last being today.
absl::Time WindowStart(absl::Time now, int days);

// INVALID_ARGUMENT when days is outside 1..365.
absl::StatusOr<v1::GetUptimeResponse> ComputeUptime(const UptimeInput& input);

}  // namespace statusphere::uptime

#endif  // STATUSPHERE_SERVER_UPTIME_UPTIME_H_
