// UptimeRobot's monitors as components, and a down monitor as an open incident of its
// component. The monitor list publishes each monitor's state now and its uptime per day
// (newest first, days in the page's UTC offset), not when a downtime began: the day it
// began is the newest day, going back from today through whole days down, on which the
// monitor was partly up.
#ifndef STATUSPHERE_PROVIDERS_UPTIMEROBOT_MONITORS_H_
#define STATUSPHERE_PROVIDERS_UPTIMEROBOT_MONITORS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/common/json_fields.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers::uptimerobot {

// The list's days ("2025-03-08", newest first) in its time zone ("+05:00").
struct Calendar {
  std::vector<std::string> days;
  absl::TimeZone zone = absl::UTCTimeZone();
};

// "+05:00" / "-06:00" as a fixed zone; "" as UTC.
absl::StatusOr<absl::TimeZone> ZoneOfOffset(absl::string_view offset);

// statusClass success / danger / black (paused: not checked, so unknown).
std::string ComponentStatus(absl::string_view status_class);

// The component of one monitor; INVALID_ARGUMENT when it has no numeric monitorId.
absl::StatusOr<statusphere::v1::Component> ComponentOf(const Json& monitor);

// The open incident of a monitor reported down ("danger"), nullopt for any other; its id
// names the day the downtime began, so that a later downtime is a new incident.
absl::StatusOr<std::optional<statusphere::v1::Incident>> DowntimeOf(const Json& monitor, const Calendar& calendar,
                                                                    absl::string_view page_url);

}  // namespace statusphere::providers::uptimerobot

#endif  // STATUSPHERE_PROVIDERS_UPTIMEROBOT_MONITORS_H_
