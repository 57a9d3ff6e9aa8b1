#include "providers/uptime_kuma/components.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/vocabulary.h"

namespace statusphere::providers {
namespace {

// Heartbeat status codes (server/model/monitor.js): 0 DOWN, 1 UP, 2 PENDING (failing but
// still retrying, so not yet declared down), 3 MAINTENANCE.
std::string ComponentStatus(int64_t code) {
  switch (code) {
    case 0:
      return vocabulary::kComponentMajorOutage;
    case 1:
      return vocabulary::kComponentOperational;
    case 2:
      return vocabulary::kComponentDegradedPerformance;
    case 3:
      return vocabulary::kComponentUnderMaintenance;
    default:
      return "unknown";
  }
}

// The status of the newest heartbeat. Kuma lists them oldest first. Entries without a
// status (a bare 0, or a status of null) are empty time buckets that newer Kuma versions
// send for the heartbeat bar; they say nothing, so the newest real one counts.
absl::StatusOr<std::string> LatestStatus(const Json& beats, const std::string& monitor_id) {
  if (!beats.is_array()) {
    return absl::InvalidArgumentError(absl::StrCat("heartbeatList[", monitor_id, "] is not a list"));
  }
  for (auto it = beats.rbegin(); it != beats.rend(); ++it) {
    if (!it->is_object()) continue;
    auto status = it->find("status");
    if (status == it->end() || status->is_null()) continue;
    if (!status->is_number_integer()) {
      return absl::InvalidArgumentError(
          absl::StrCat("a heartbeat of monitor ", monitor_id, " has a non-integer status"));
    }
    return ComponentStatus(status->get<int64_t>());
  }
  return std::string("unknown");
}

}  // namespace

absl::StatusOr<std::map<std::string, std::string>> MonitorStatuses(const Json& heartbeats) {
  const auto list = heartbeats.find("heartbeatList");
  if (list == heartbeats.end() || !list->is_object()) {
    return absl::InvalidArgumentError("no 'heartbeatList' object: not Kuma's heartbeat document");
  }
  std::map<std::string, std::string> statuses;
  for (const auto& [monitor_id, beats] : list->items()) {
    absl::StatusOr<std::string> status = LatestStatus(beats, monitor_id);
    if (!status.ok()) return status.status();
    statuses[monitor_id] = *status;
  }
  return statuses;
}

absl::StatusOr<std::vector<statusphere::v1::Component>> KumaComponents(
    const Json& page, const std::map<std::string, std::string>& statuses) {
  std::vector<statusphere::v1::Component> components;
  std::set<std::string> seen;
  for (const Json& group : ArrayField(page, "publicGroupList")) {
    if (!group.is_object()) return absl::InvalidArgumentError("a public group is not an object");
    for (const Json& monitor : ArrayField(group, "monitorList")) {
      const auto id = monitor.is_object() ? monitor.find("id") : monitor.end();
      if (!monitor.is_object() || id == monitor.end() || !id->is_number_integer()) {
        return absl::InvalidArgumentError(
            absl::StrCat("a monitor of group '", StringField(group, "name"), "' has no integer id"));
      }
      const std::string monitor_id = std::to_string(id->get<int64_t>());
      // One monitor may sit in two groups of a page; it is one component.
      if (!seen.insert(monitor_id).second) continue;
      statusphere::v1::Component c;
      c.set_id(monitor_id);
      c.set_name(StringField(monitor, "name"));
      c.set_group(StringField(group, "name"));
      // A monitor added after the (separately cached) heartbeat document has none yet.
      const auto status = statuses.find(monitor_id);
      c.set_status(status == statuses.end() ? "unknown" : status->second);
      components.push_back(std::move(c));
    }
  }
  return components;
}

}  // namespace statusphere::providers
