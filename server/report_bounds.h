// Bounds on what one scrape report may make the server store, applied to the report before
// it is merged: its deep links (only absolute http(s) URLs are kept: common/web_link.h), its
// texts and counts (the store then keeps an incident's newest updates and a page's budget,
// store.h StoreLimits). Texts past their bound are cut, not refused: a vendor's overlong
// postmortem still shows, and the same text is cut the same way on every scrape, so that
// it is not taken for a new update each time. Each bound is far above the largest real
// value measured on the captured pages (see README, Security).
#ifndef STATUSPHERE_SERVER_REPORT_BOUNDS_H_
#define STATUSPHERE_SERVER_REPORT_BOUNDS_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/sql/sql_store.h"

namespace statusphere {

struct ReportBounds {
  // Incident and update titles (largest captured: 367 bytes).
  size_t max_title_bytes = 2048;
  // Incident descriptions and update bodies (largest captured: 8,414 bytes).
  size_t max_body_bytes = 64 << 10;
  // Component names and groups, and the component names an incident lists (largest: 56).
  size_t max_component_name_bytes = 512;
  // Components one incident lists (largest captured: 58).
  int max_components_per_incident = 1000;
  // Updates one reported incident may bring (largest captured: 18); the store keeps
  // the newest StoreLimits::max_updates_per_incident of the stored and reported ones.
  int max_updates_per_incident = 500;
};

// What BoundReport cut.
struct ReportCuts {
  int texts_cut = 0;
  int updates_dropped = 0;  // the oldest of an incident's updates, past the bound
  int components_dropped = 0;
  bool any() const { return texts_cut + updates_dropped + components_dropped > 0; }
};

// Cuts `report` to `bounds`, and clears every deep link that is not an absolute http(s) URL
// ("javascript:", "data:", relative ones): outputs link to the page instead.
ReportCuts BoundReport(store::ScrapeReport& report, const ReportBounds& bounds);

// The report path's one call: the report bounded, applied, and what was cut or dropped
// (here or by the store's own limits) logged and counted
// (statusphere_report_cuts_total{what}).
absl::StatusOr<store::ReportSummary> ApplyBoundedReport(store::Store& store, const std::string& lease_id,
                                                        store::ScrapeReport report, const store::SchedulePolicy& policy,
                                                        absl::Time now, const ReportBounds& bounds = {});

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_REPORT_BOUNDS_H_
