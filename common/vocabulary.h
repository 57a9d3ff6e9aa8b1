// The words the contract uses for an incident's impact, its lifecycle status and a component's
// status, written once. Providers map each
// platform's own words onto these; the API validates filters against them; notifications
// rank them. (A page's overall status, UP / DEGRADED / UNKNOWN, is in
// server/store/page_status.h, next to the rule that computes it.)
#ifndef STATUSPHERE_COMMON_VOCABULARY_H_
#define STATUSPHERE_COMMON_VOCABULARY_H_

#include <array>

#include "absl/strings/string_view.h"

namespace statusphere::vocabulary {

inline constexpr char kImpactCritical[] = "critical";
inline constexpr char kImpactMajor[] = "major";
inline constexpr char kImpactMinor[] = "minor";
inline constexpr char kImpactMaintenance[] = "maintenance";
inline constexpr char kImpactNone[] = "none";

// Every impact, most severe first (the order error messages list them in).
inline constexpr std::array<absl::string_view, 5> kImpacts = {kImpactCritical, kImpactMajor, kImpactMinor,
                                                              kImpactMaintenance, kImpactNone};

inline bool IsImpact(absl::string_view word) {
  for (absl::string_view impact : kImpacts) {
    if (word == impact) return true;
  }
  return false;
}

// Severity of an unplanned impact: none 0, minor 1, major 2, critical 3; -1 for maintenance
// (planned, not ranked against outages) and for words that are not impacts.
inline int ImpactRank(absl::string_view impact) {
  if (impact == kImpactNone) return 0;
  if (impact == kImpactMinor) return 1;
  if (impact == kImpactMajor) return 2;
  if (impact == kImpactCritical) return 3;
  return -1;
}

// An incident's or update's lifecycle status (IncidentEvent.status, Incident.status). The first
// four are an incident's, the next five a maintenance window's ("postmortem" closes either).
inline constexpr char kLifecycleInvestigating[] = "investigating";
inline constexpr char kLifecycleIdentified[] = "identified";
inline constexpr char kLifecycleMonitoring[] = "monitoring";
inline constexpr char kLifecycleResolved[] = "resolved";
inline constexpr char kLifecyclePostmortem[] = "postmortem";
inline constexpr char kLifecycleScheduled[] = "scheduled";
inline constexpr char kLifecycleInProgress[] = "in_progress";
inline constexpr char kLifecycleVerifying[] = "verifying";
inline constexpr char kLifecycleCompleted[] = "completed";
// An update that is a note and does not move the incident to another status.
inline constexpr char kLifecycleUpdate[] = "update";

// Every status an update can move an incident to (all but kLifecycleUpdate).
inline constexpr std::array<absl::string_view, 9> kLifecycleStatuses = {
    kLifecycleInvestigating, kLifecycleIdentified, kLifecycleMonitoring, kLifecycleResolved, kLifecyclePostmortem,
    kLifecycleScheduled,     kLifecycleInProgress, kLifecycleVerifying,  kLifecycleCompleted};

// Whether `word` is one of kLifecycleStatuses: platforms that use our words (Statuspage and its
// lookalikes) are mapped by this test, anything else becoming kLifecycleUpdate.
inline bool IsLifecycleStatus(absl::string_view word) {
  for (absl::string_view status : kLifecycleStatuses) {
    if (word == status) return true;
  }
  return false;
}

// Whether an incident in this lifecycle status has ended (resolved, its postmortem published,
// or a maintenance completed): providers give it an end time when the platform gives none.
inline bool IsClosedStatus(absl::string_view status) {
  return status == kLifecycleResolved || status == kLifecyclePostmortem || status == kLifecycleCompleted;
}

// A component's status, as Statuspage names them (the other platforms map onto these).
inline constexpr char kComponentOperational[] = "operational";
inline constexpr char kComponentDegradedPerformance[] = "degraded_performance";
inline constexpr char kComponentPartialOutage[] = "partial_outage";
inline constexpr char kComponentMajorOutage[] = "major_outage";
inline constexpr char kComponentUnderMaintenance[] = "under_maintenance";

inline constexpr std::array<absl::string_view, 5> kComponentStatuses = {
    kComponentOperational, kComponentDegradedPerformance, kComponentPartialOutage, kComponentMajorOutage,
    kComponentUnderMaintenance};

inline bool IsComponentStatus(absl::string_view word) {
  for (absl::string_view status : kComponentStatuses) {
    if (word == status) return true;
  }
  return false;
}

}  // namespace statusphere::vocabulary

#endif  // STATUSPHERE_COMMON_VOCABULARY_H_
