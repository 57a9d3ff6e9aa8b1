// Metrics read from the store when /metrics is scraped: what users alert on about their
// vendors (each page's status, its open incidents by impact, each component's status) and
// the server's own backlog (pages overdue for a scrape and how late the oldest is;
// notifications pending and failed).
//
// The cost of one /metrics request is bounded: one ListPages and one ListSubscriptions,
// plus at most `max_page_reads` reads of single pages, and only of pages that changed
// since the last scrape (their scrape times, error or status moved); the rest is served
// from what earlier scrapes read. Requests closer together than `min_interval` share one
// reading.
#ifndef STATUSPHERE_SERVER_METRICS_STORE_METRICS_H_
#define STATUSPHERE_SERVER_METRICS_STORE_METRICS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/metrics/metrics.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::metrics {

struct StoreMetricsOptions {
  // Component series kept per page (its first components in the page's order); 0 turns
  // component metrics off. One Statuspage page lists 475 components.
  int max_components_per_page = 100;
  // Pages whose components and open incidents are re-read per /metrics request at most.
  int max_page_reads = 200;
  // A /metrics request within this of the last reading is answered from it.
  absl::Duration min_interval = absl::Seconds(5);
  // The scrape cadence, to tell an overdue page: its last attempt is older than the
  // interval stretched by its jitter, plus `overdue_grace` (a scrape takes time).
  absl::Duration current_interval = absl::Minutes(5);
  double jitter = 0.1;
  absl::Duration overdue_grace = absl::Minutes(1);
  // A page indexed once and not read successfully for longer than this is stale: its status
  // reads unknown (store/page_status.h ApplyStaleness), and statusphere_pages_stale counts it.
  absl::Duration stale_after = absl::InfiniteDuration();
};

// Component status as a number (the component_status gauge's value).
double ComponentStatusValue(const std::string& status);

class StoreMetrics {
 public:
  // `store` must outlive this.
  StoreMetrics(store::Store* store, StoreMetricsOptions options);

  // The families, read now (or reused, see above). A store error leaves out what it
  // concerns and counts in statusphere_metrics_store_errors.
  std::vector<CollectedFamily> Collect(absl::Time now);

 private:
  struct PageDetail {
    std::string version;  // what the page looked like when this was read
    std::map<std::string, int> open_by_impact;
    std::vector<std::pair<std::string, double>> components;  // name, status value
  };

  store::Store* const store_;
  const StoreMetricsOptions options_;
  absl::Mutex mu_;  // one reading at a time; the others wait and reuse it
  absl::Time last_read_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::vector<CollectedFamily> last_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, PageDetail> details_ ABSL_GUARDED_BY(mu_);  // by page url
};

}  // namespace statusphere::metrics

#endif  // STATUSPHERE_SERVER_METRICS_STORE_METRICS_H_
