#include "server/store/page_status.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"

namespace statusphere::store {
namespace {

using statusphere::v1::Incident;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

Incident Window(const std::string& status, absl::Duration starts_in, absl::Duration lasts) {
  Incident m;
  m.set_impact("maintenance");
  m.set_status(status);
  *m.mutable_start_time() = ToProto(kNow - absl::Hours(72));  // announced three days ago
  *m.mutable_scheduled_start_time() = ToProto(kNow + starts_in);
  *m.mutable_scheduled_end_time() = ToProto(kNow + starts_in + lasts);
  return m;
}

TEST(MaintenanceInProgress, ByWhatThePageSaysOrByItsWindow) {
  EXPECT_FALSE(MaintenanceInProgress(Window("scheduled", absl::Hours(2), absl::Hours(1)), kNow));
  EXPECT_TRUE(MaintenanceInProgress(Window("scheduled", -absl::Minutes(5), absl::Hours(1)), kNow));
  EXPECT_FALSE(MaintenanceInProgress(Window("scheduled", -absl::Hours(3), absl::Hours(1)), kNow));  // passed
  EXPECT_TRUE(MaintenanceInProgress(Window("in_progress", absl::Hours(2), absl::Hours(1)), kNow));
  EXPECT_TRUE(MaintenanceInProgress(Window("verifying", -absl::Hours(3), absl::Hours(1)), kNow));
  EXPECT_FALSE(MaintenanceInProgress(Window("completed", -absl::Minutes(5), absl::Hours(1)), kNow));
  Incident ended = Window("in_progress", -absl::Hours(1), absl::Hours(2));
  *ended.mutable_end_time() = ToProto(kNow - absl::Minutes(1));
  EXPECT_FALSE(MaintenanceInProgress(ended, kNow));
  // "scheduled" without a window: its start time may be the announcement, not the start.
  Incident announced;
  announced.set_status("scheduled");
  *announced.mutable_start_time() = ToProto(kNow - absl::Hours(1));
  EXPECT_FALSE(MaintenanceInProgress(announced, kNow));
  announced.clear_status();  // a source without statuses: its start is the start
  EXPECT_TRUE(MaintenanceInProgress(announced, kNow));
}

TEST(OverallStatus, UnknownUntilIndexedThenDegradedOnAnyOfThree) {
  PageFacts facts;
  facts.has_unresolved_incident = true;
  EXPECT_STREQ(OverallStatus(facts), "UNKNOWN");
  facts = PageFacts{};
  facts.is_indexed = true;
  EXPECT_STREQ(OverallStatus(facts), "UP");
  for (int which = 0; which < 3; ++which) {
    PageFacts one;
    one.is_indexed = true;
    one.has_unresolved_incident = which == 0;
    one.has_maintenance_in_progress = which == 1;
    one.has_degraded_component = which == 2;
    EXPECT_STREQ(OverallStatus(one), "DEGRADED") << which;
  }
}

TEST(IsDegradedComponentStatus, TheThreeOutageWords) {
  EXPECT_TRUE(IsDegradedComponentStatus("degraded_performance"));
  EXPECT_TRUE(IsDegradedComponentStatus("partial_outage"));
  EXPECT_TRUE(IsDegradedComponentStatus("major_outage"));
  EXPECT_FALSE(IsDegradedComponentStatus("operational"));
  EXPECT_FALSE(IsDegradedComponentStatus("under_maintenance"));
  EXPECT_FALSE(IsDegradedComponentStatus("unknown"));
}

TEST(ApplyStaleness, UnknownOnceTheLastReadIsOlderThanTheBound) {
  const absl::Time read = absl::FromUnixSeconds(1'800'000'000);
  statusphere::v1::StatusPage page;
  page.set_is_indexed(true);
  page.set_status("UP");
  *page.mutable_last_currently_scraped() = ToProto(read);
  page.set_last_error("HTTP 503");

  statusphere::v1::StatusPage fresh = page;
  ApplyStaleness(fresh, read + absl::Minutes(15), absl::Minutes(15));
  EXPECT_EQ(fresh.status(), "UP");
  EXPECT_EQ(fresh.status_reason(), "");

  statusphere::v1::StatusPage stale = page;
  ApplyStaleness(stale, read + absl::Minutes(16), absl::Minutes(15));
  EXPECT_EQ(stale.status(), "UNKNOWN");
  EXPECT_EQ(stale.status_reason(), "not read successfully since 2027-01-15T08:00:00Z; last error: HTTP 503");

  statusphere::v1::StatusPage degraded = page;
  degraded.set_status("DEGRADED");
  ApplyStaleness(degraded, read + absl::Hours(5), absl::Minutes(15));
  EXPECT_EQ(degraded.status(), "UNKNOWN");

  statusphere::v1::StatusPage off = page;
  ApplyStaleness(off, read + absl::Hours(24 * 365), absl::InfiniteDuration());
  EXPECT_EQ(off.status(), "UP");

  statusphere::v1::StatusPage never;
  never.set_status("UNKNOWN");
  ApplyStaleness(never, read, absl::Minutes(15));
  EXPECT_EQ(never.status(), "UNKNOWN");
  EXPECT_EQ(never.status_reason(), "not indexed yet");
}

}  // namespace
}  // namespace statusphere::store
