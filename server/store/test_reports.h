// Scrape reports as tests write them, for the store's conformance suite and the tests of
// what is built on the store (server/page_list_test.cc).
#ifndef STATUSPHERE_SERVER_STORE_TEST_REPORTS_H_
#define STATUSPHERE_SERVER_STORE_TEST_REPORTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/store/sql/sql_store.h"

namespace statusphere::store {

// Leases every due page at `now`, reports `report` for the one at `url` (due again at once)
// and gives the others back. NOT_FOUND when `url` was not due.
absl::Status ReportOn(Store& store, const std::string& url, const ScrapeReport& report, absl::Time now);

// A maintenance window announced at `announced` for `begins` to `ends`, which its page
// leaves "scheduled": it is in progress only by the clock.
Incident ScheduledMaintenance(const std::string& id, absl::Time announced, absl::Time begins, absl::Time ends);

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_TEST_REPORTS_H_
