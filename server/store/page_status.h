// The overall status vocabulary shared by StatusPage.status and GetCurrentStatus.
#ifndef STATUSPHERE_SERVER_STORE_PAGE_STATUS_H_
#define STATUSPHERE_SERVER_STORE_PAGE_STATUS_H_

namespace statusphere::store {

inline constexpr char kStatusUp[] = "UP";
inline constexpr char kStatusDegraded[] = "DEGRADED";
inline constexpr char kStatusUnknown[] = "UNKNOWN";

// UNKNOWN until the page was indexed once; then DEGRADED exactly while an incident
// (maintenance aside) is unresolved.
inline const char* OverallStatus(bool is_indexed, bool has_unresolved_incident) {
  if (!is_indexed) return kStatusUnknown;
  return has_unresolved_incident ? kStatusDegraded : kStatusUp;
}

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_PAGE_STATUS_H_
