// The overall status vocabulary shared by StatusPage.status and GetCurrentStatus, and the
// rule that computes it from what a page's stored rows say.
#ifndef STATUSPHERE_SERVER_STORE_PAGE_STATUS_H_
#define STATUSPHERE_SERVER_STORE_PAGE_STATUS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::store {

inline constexpr char kStatusUp[] = "UP";
inline constexpr char kStatusDegraded[] = "DEGRADED";
inline constexpr char kStatusUnknown[] = "UNKNOWN";

// A component status that is a problem of the service. under_maintenance is not one: a
// maintenance counts when its window is in progress (MaintenanceInProgress).
inline bool IsDegradedComponentStatus(absl::string_view status) {
  return status == vocabulary::kComponentDegradedPerformance || status == vocabulary::kComponentPartialOutage ||
         status == vocabulary::kComponentMajorOutage;
}

// Whether a maintenance window (impact "maintenance") is under way at `now`: not ended,
// and either its page says it is in progress (in_progress, verifying) or its window has
// begun and not passed its announced end (pages that start windows on time often leave
// them "scheduled"). A window announced for later keeps the page UP.
inline bool MaintenanceInProgress(const statusphere::v1::Incident& m, absl::Time now) {
  if (IsSet(m.end_time())) return false;
  if (m.status() == vocabulary::kLifecycleInProgress || m.status() == vocabulary::kLifecycleVerifying) return true;
  if (m.status() == vocabulary::kLifecycleCompleted) return false;
  // A maintenance's start_time may be when it was announced: a window still "scheduled"
  // has begun only by its announced start.
  if (m.status() == vocabulary::kLifecycleScheduled && !IsSet(m.scheduled_start_time())) return false;
  const auto& begins = IsSet(m.scheduled_start_time()) ? m.scheduled_start_time() : m.start_time();
  if (!IsSet(begins) || FromProto(begins) > now) return false;
  return !IsSet(m.scheduled_end_time()) || FromProto(m.scheduled_end_time()) > now;
}

// What the overall status is decided on.
struct PageFacts {
  bool is_indexed = false;
  // An incident (maintenance aside) without an end time.
  bool has_unresolved_incident = false;
  bool has_maintenance_in_progress = false;
  // A component reports degraded_performance, partial_outage or major_outage: pages turn
  // a component red before anyone writes an incident.
  bool has_degraded_component = false;
};

// UNKNOWN until the page was indexed once; then DEGRADED while an incident is unresolved,
// a maintenance is in progress or a component is degraded; UP otherwise.
inline const char* OverallStatus(const PageFacts& page) {
  if (!page.is_indexed) return kStatusUnknown;
  const bool degraded = page.has_unresolved_incident || page.has_maintenance_in_progress || page.has_degraded_component;
  return degraded ? kStatusDegraded : kStatusUp;
}

// When the page was last read successfully: its last current scrape (a 304 counts), else
// its last backfill; InfinitePast when never.
inline absl::Time LastRead(const statusphere::v1::StatusPage& page) {
  if (IsSet(page.last_currently_scraped())) return FromProto(page.last_currently_scraped());
  if (IsSet(page.last_historically_scraped())) return FromProto(page.last_historically_scraped());
  return absl::InfinitePast();
}

// The rule's other half, decided when a page is answered since it depends on the clock: a
// page indexed once whose last successful read is older than `stale_after` at `now` says
// UNKNOWN (a page failing for hours must not keep saying UP), until a scrape succeeds
// again. Sets status_reason for every UNKNOWN page.
inline void ApplyStaleness(statusphere::v1::StatusPage& page, absl::Time now, absl::Duration stale_after) {
  if (!page.is_indexed()) {
    page.set_status_reason("not indexed yet");
    return;
  }
  const absl::Time last_read = LastRead(page);
  if (last_read == absl::InfinitePast() || now - last_read <= stale_after) return;
  page.set_status(kStatusUnknown);
  std::string reason = absl::StrCat("not read successfully since ",
                                    absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", last_read, absl::UTCTimeZone()));
  if (!page.last_error().empty()) absl::StrAppend(&reason, "; last error: ", page.last_error());
  page.set_status_reason(std::move(reason));
}

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_PAGE_STATUS_H_
