#include "server/store/test_reports.h"

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/status_macros.h"

namespace statusphere::store {

absl::Status ReportOn(Store& store, const std::string& url, const ScrapeReport& report, absl::Time now) {
  ASSIGN_OR_RETURN(std::vector<LeaseRecord> leases, store.LeaseDuePages("test", 100, absl::Minutes(5), now));
  absl::Status reported = absl::NotFoundError(absl::StrCat(url, " was not due"));
  for (const LeaseRecord& lease : leases) {
    if (lease.page.url() == url) {
      reported = store
                     .ApplyReport(
                         lease.lease_id, report, [](const ScheduleInput& in) { return in.now; }, now)
                     .status();
    } else {
      RETURN_IF_ERROR(store.ReleaseLease(lease.lease_id, now));
    }
  }
  return reported;
}

Incident ScheduledMaintenance(const std::string& id, absl::Time announced, absl::Time begins, absl::Time ends) {
  Incident window;
  window.set_id(id);
  window.set_title("Database upgrade");
  window.set_impact("maintenance");
  window.set_status("scheduled");
  *window.mutable_start_time() = ToProto(announced);
  *window.mutable_scheduled_start_time() = ToProto(begins);
  *window.mutable_scheduled_end_time() = ToProto(ends);
  return window;
}

}  // namespace statusphere::store
