#include "server/uptime/uptime.h"

#include <initializer_list>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"

namespace statusphere::uptime {
namespace {

// Now is 2026-03-10 12:00 UTC; a 7-day window starts 2026-03-04 00:00 and holds six whole days
// and 720 minutes of today.
constexpr int kDays = 7;
constexpr double kWindowMinutes = 6 * 1440 + 720;

absl::Time At(const std::string& text) {
  absl::Time t;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, text, &t, &error)) << text << ": " << error;
  return t;
}

const absl::Time kNow = At("2026-03-10T12:00:00Z");

v1::Incident MakeIncident(const std::string& id, const std::string& impact, const std::string& start,
                          const std::string& end, std::initializer_list<std::string> components = {}) {
  v1::Incident incident;
  incident.set_id(id);
  incident.set_impact(impact);
  *incident.mutable_start_time() = ToProto(At(start));
  if (!end.empty()) *incident.mutable_end_time() = ToProto(At(end));
  for (const auto& name : components) incident.add_components(name);
  return incident;
}

v1::Component MakeComponent(const std::string& name, const std::string& group = "") {
  v1::Component component;
  component.set_name(name);
  component.set_group(group);
  component.set_status("operational");
  return component;
}

v1::GetUptimeResponse Compute(std::vector<v1::Incident> incidents, std::vector<v1::Component> components = {},
                              int days = kDays, absl::Time now = kNow) {
  UptimeInput input;
  input.page_url = "https://status.example.com";
  input.is_indexed = true;
  input.components = std::move(components);
  input.incidents = std::move(incidents);
  input.days = days;
  input.now = now;
  absl::StatusOr<v1::GetUptimeResponse> response = ComputeUptime(input);
  EXPECT_TRUE(response.ok()) << response.status();
  return response.ok() ? *response : v1::GetUptimeResponse();
}

// Day index in the 7-day window from its date.
int DayOf(const v1::ComponentUptime& row, const std::string& date) {
  for (int i = 0; i < row.days_size(); ++i) {
    if (row.days(i).date() == date) return i;
  }
  ADD_FAILURE() << "no day " << date;
  return 0;
}

const v1::ComponentUptime* Row(const v1::GetUptimeResponse& response, const std::string& name) {
  for (const auto& row : response.components()) {
    if (row.name() == name) return &row;
  }
  return nullptr;
}

TEST(UptimeTest, WindowIsWholeUtcDaysEndingNowOldestFirst) {
  const v1::GetUptimeResponse response = Compute({});
  EXPECT_EQ(response.days(), 7);
  EXPECT_EQ(FromProto(response.window_start()), At("2026-03-04T00:00:00Z"));
  EXPECT_EQ(FromProto(response.window_end()), kNow);
  ASSERT_EQ(response.page().days_size(), 7);
  EXPECT_EQ(response.page().days(0).date(), "2026-03-04");
  EXPECT_EQ(response.page().days(6).date(), "2026-03-10");
  EXPECT_EQ(response.page().uptime_percent(), 100.0);
  EXPECT_EQ(response.page().name(), "");
  EXPECT_TRUE(response.components().empty());
  EXPECT_TRUE(response.is_indexed());
  EXPECT_EQ(response.status_page_url(), "https://status.example.com");
}

TEST(UptimeTest, OpenIncidentRunsToNow) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "critical", "2026-03-10T10:00:00Z", "", {"API"})}, {MakeComponent("API", "Core")});
  EXPECT_EQ(response.page().days(6).major_outage_minutes(), 120);
  EXPECT_EQ(response.page().days(6).incident_count(), 1);
  EXPECT_EQ(response.page().days(5).incident_count(), 0);
  EXPECT_EQ(response.page().major_outage_minutes(), 120);
  EXPECT_DOUBLE_EQ(response.page().uptime_percent(), 100.0 * (1 - 120 / kWindowMinutes));
  ASSERT_EQ(response.components_size(), 1);
  EXPECT_EQ(response.components(0).name(), "API");
  EXPECT_EQ(response.components(0).group(), "Core");
  EXPECT_EQ(response.components(0).major_outage_minutes(), 120);
  ASSERT_EQ(response.impacts_size(), 5);
  EXPECT_EQ(response.impacts(0).impact(), "critical");
  EXPECT_EQ(response.impacts(0).incident_count(), 1);
  EXPECT_EQ(response.impacts(0).resolved_count(), 0);
  EXPECT_EQ(response.impacts(0).mean_time_to_resolve_minutes(), 0.0);
}

TEST(UptimeTest, OverlappingImpactsOnOneComponentCountEachMinuteOnceAsTheWorst) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("minor", "minor", "2026-03-08T09:00:00Z", "2026-03-08T11:00:00Z", {"API"}),
               MakeIncident("crit", "critical", "2026-03-08T10:00:00Z", "2026-03-08T10:30:00Z", {"API"}),
               MakeIncident("major", "major", "2026-03-08T10:45:00Z", "2026-03-08T11:15:00Z", {"API"})},
              {MakeComponent("API"), MakeComponent("Web")});
  const v1::ComponentUptime& api = *Row(response, "API");
  const int day = DayOf(api, "2026-03-08");
  EXPECT_EQ(api.days(day).major_outage_minutes(), 30);
  // 09:00-11:15 less the critical half hour.
  EXPECT_EQ(api.days(day).partial_outage_minutes(), 105);
  EXPECT_EQ(api.days(day).incident_count(), 3);
  EXPECT_DOUBLE_EQ(api.uptime_percent(), 100.0 * (1 - (30 + 0.3 * 105) / kWindowMinutes));
  EXPECT_EQ(response.page().days(day).partial_outage_minutes(), 105);
  const v1::ComponentUptime& web = *Row(response, "Web");
  EXPECT_EQ(web.major_outage_minutes() + web.partial_outage_minutes(), 0);
  EXPECT_EQ(web.uptime_percent(), 100.0);
}

TEST(UptimeTest, IncidentAcrossUtcMidnightIsSplitBetweenTheTwoDays) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "major", "2026-03-07T23:30:00Z", "2026-03-08T00:45:00Z")});
  const v1::ComponentUptime& page = response.page();
  EXPECT_EQ(page.days(DayOf(page, "2026-03-07")).partial_outage_minutes(), 30);
  EXPECT_EQ(page.days(DayOf(page, "2026-03-08")).partial_outage_minutes(), 45);
  EXPECT_EQ(page.days(DayOf(page, "2026-03-07")).incident_count(), 1);
  EXPECT_EQ(page.days(DayOf(page, "2026-03-08")).incident_count(), 1);
  EXPECT_EQ(page.partial_outage_minutes(), 75);
}

TEST(UptimeTest, IncidentAcrossManyDays) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "critical", "2026-03-05T12:00:00Z", "2026-03-08T06:00:00Z")});
  const v1::ComponentUptime& page = response.page();
  std::vector<int> minutes, counts;
  for (const auto& day : page.days()) {
    minutes.push_back(day.major_outage_minutes());
    counts.push_back(day.incident_count());
  }
  EXPECT_EQ(minutes, (std::vector<int>{0, 720, 1440, 1440, 360, 0, 0}));
  EXPECT_EQ(counts, (std::vector<int>{0, 1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(page.major_outage_minutes(), 3960);
  EXPECT_EQ(response.impacts(0).mean_time_to_resolve_minutes(), 3960.0);
}

TEST(UptimeTest, IncidentNamingNoComponentCountsForThePageOnly) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "critical", "2026-03-09T08:00:00Z", "2026-03-09T09:00:00Z")},
              {MakeComponent("API"), MakeComponent("Web")});
  EXPECT_EQ(response.page().major_outage_minutes(), 60);
  ASSERT_EQ(response.components_size(), 2);
  EXPECT_EQ(response.components(0).major_outage_minutes(), 0);
  EXPECT_EQ(response.components(1).major_outage_minutes(), 0);
  EXPECT_EQ(response.components(0).days(5).incident_count(), 0);
}

TEST(UptimeTest, ComponentNoLongerListedFollowsTheCurrentOnesByName) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "minor", "2026-03-09T08:00:00Z", "2026-03-09T09:00:00Z", {"Zeta (retired)", "Web"}),
               MakeIncident("b", "minor", "2026-03-09T10:00:00Z", "2026-03-09T10:10:00Z", {"Alpha (retired)"}),
               // Far older than the window: its retired component gets no row.
               MakeIncident("c", "minor", "2025-01-01T10:00:00Z", "2025-01-01T11:00:00Z", {"Ancient"})},
              {MakeComponent("Web", "Front"), MakeComponent("API", "Core")});
  std::vector<std::string> names;
  for (const auto& row : response.components()) names.push_back(absl::StrCat(row.name(), "/", row.group()));
  EXPECT_EQ(names, (std::vector<std::string>{"Web/Front", "API/Core", "Alpha (retired)/", "Zeta (retired)/"}));
  EXPECT_EQ(Row(response, "Zeta (retired)")->partial_outage_minutes(), 60);
  EXPECT_EQ(Row(response, "Alpha (retired)")->partial_outage_minutes(), 10);
  EXPECT_EQ(Row(response, "Web")->partial_outage_minutes(), 60);
  EXPECT_EQ(response.page().partial_outage_minutes(), 70);
  EXPECT_EQ(response.impacts(2).incident_count(), 2);  // minor; the old one started before the window
}

TEST(UptimeTest, OneDayIsTodayOnlyAndTheWindowStartCutsAnIncident) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "critical", "2026-03-09T22:00:00Z", "2026-03-10T01:00:00Z")}, {}, 1);
  EXPECT_EQ(FromProto(response.window_start()), At("2026-03-10T00:00:00Z"));
  ASSERT_EQ(response.page().days_size(), 1);
  EXPECT_EQ(response.page().days(0).date(), "2026-03-10");
  EXPECT_EQ(response.page().days(0).major_outage_minutes(), 60);
  EXPECT_EQ(response.page().days(0).incident_count(), 1);
  EXPECT_DOUBLE_EQ(response.page().uptime_percent(), 100.0 * (1 - 60.0 / 720));
  // It started before the window: not in the impact summary.
  EXPECT_EQ(response.impacts(0).incident_count(), 0);
}

TEST(UptimeTest, IncidentsEndingBeforeOrAtTheWindowStartAreLeftOut) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "critical", "2026-03-03T22:00:00Z", "2026-03-04T00:00:00Z"),
               MakeIncident("b", "critical", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")});
  EXPECT_EQ(response.page().major_outage_minutes(), 0);
  EXPECT_EQ(response.page().days(0).incident_count(), 0);
  EXPECT_EQ(response.page().uptime_percent(), 100.0);
}

TEST(UptimeTest, AnIncidentOpenForYearsCoversTheWholeWindow) {
  const v1::GetUptimeResponse response = Compute({MakeIncident("a", "critical", "2024-01-01T00:00:00Z", "")});
  EXPECT_EQ(response.page().major_outage_minutes(), static_cast<int>(kWindowMinutes));
  EXPECT_EQ(response.page().uptime_percent(), 0.0);
  for (const auto& day : response.page().days()) EXPECT_EQ(day.incident_count(), 1) << day.date();
}

TEST(UptimeTest, MaintenanceCoversItsScheduledWindowAndNoOutageMinute) {
  v1::Incident done = MakeIncident("m1", "maintenance", "2026-03-01T09:00:00Z", "2026-03-06T04:00:00Z", {"DB"});
  *done.mutable_scheduled_start_time() = ToProto(At("2026-03-06T02:00:00Z"));
  *done.mutable_scheduled_end_time() = ToProto(At("2026-03-06T05:00:00Z"));  // completed an hour early
  const v1::GetUptimeResponse response =
      Compute({done, MakeIncident("o", "critical", "2026-03-06T03:00:00Z", "2026-03-06T03:30:00Z", {"DB"})},
              {MakeComponent("DB")});
  const v1::ComponentUptime& db = *Row(response, "DB");
  const int day = DayOf(db, "2026-03-06");
  EXPECT_EQ(db.days(day).maintenance_minutes(), 90);  // 02:00-04:00 less the outage
  EXPECT_EQ(db.days(day).major_outage_minutes(), 30);
  EXPECT_EQ(db.days(day).incident_count(), 1);                               // maintenance is not an incident
  EXPECT_DOUBLE_EQ(db.uptime_percent(), 100.0 * (1 - 30 / kWindowMinutes));  // maintenance is not downtime
  const v1::ImpactSummary& maintenance = response.impacts(3);
  EXPECT_EQ(maintenance.impact(), "maintenance");
  EXPECT_EQ(maintenance.incident_count(), 1);  // its work began in the window, though announced before
  EXPECT_EQ(maintenance.resolved_count(), 1);
  EXPECT_EQ(maintenance.mean_time_to_resolve_minutes(), 120.0);
}

TEST(UptimeTest, MaintenanceWithoutEndRunsToItsScheduledEndElseToNow) {
  v1::Incident overdue = MakeIncident("m1", "maintenance", "2026-03-05T00:00:00Z", "");
  *overdue.mutable_scheduled_start_time() = ToProto(At("2026-03-05T01:00:00Z"));
  *overdue.mutable_scheduled_end_time() = ToProto(At("2026-03-05T01:45:00Z"));
  v1::Incident running = MakeIncident("m2", "maintenance", "2026-03-10T11:00:00Z", "");
  v1::Incident future = MakeIncident("m3", "maintenance", "2026-03-09T00:00:00Z", "");
  *future.mutable_scheduled_start_time() = ToProto(At("2026-03-12T01:00:00Z"));
  *future.mutable_scheduled_end_time() = ToProto(At("2026-03-12T02:00:00Z"));
  const v1::GetUptimeResponse response = Compute({overdue, running, future});
  const v1::ComponentUptime& page = response.page();
  EXPECT_EQ(page.days(DayOf(page, "2026-03-05")).maintenance_minutes(), 45);
  EXPECT_EQ(page.days(DayOf(page, "2026-03-10")).maintenance_minutes(), 60);
  EXPECT_EQ(page.maintenance_minutes(), 105);
  EXPECT_EQ(page.uptime_percent(), 100.0);
  EXPECT_EQ(response.impacts(3).incident_count(), 2);  // the future one has not begun
  EXPECT_EQ(response.impacts(3).resolved_count(), 0);
}

TEST(UptimeTest, MeanTimeToResolveByImpact) {
  const v1::GetUptimeResponse response = Compute({
      MakeIncident("m1", "minor", "2026-03-05T10:00:00Z", "2026-03-05T10:30:00Z"),
      MakeIncident("m2", "minor", "2026-03-06T10:00:00Z", "2026-03-06T11:30:00Z"),
      MakeIncident("m3", "minor", "2026-03-10T11:00:00Z", ""),
      MakeIncident("j1", "major", "2026-03-07T10:00:00Z", "2026-03-07T10:10:30Z"),
      MakeIncident("n1", "none", "2026-03-08T10:00:00Z", "2026-03-08T12:00:00Z"),
  });
  std::vector<std::string> order;
  for (const auto& s : response.impacts()) order.push_back(s.impact());
  EXPECT_EQ(order, (std::vector<std::string>{"critical", "major", "minor", "maintenance", "none"}));
  EXPECT_EQ(response.impacts(0).incident_count(), 0);
  EXPECT_EQ(response.impacts(1).incident_count(), 1);
  EXPECT_DOUBLE_EQ(response.impacts(1).mean_time_to_resolve_minutes(), 10.5);
  EXPECT_EQ(response.impacts(2).incident_count(), 3);
  EXPECT_EQ(response.impacts(2).resolved_count(), 2);
  EXPECT_DOUBLE_EQ(response.impacts(2).mean_time_to_resolve_minutes(), 60.0);
  EXPECT_EQ(response.impacts(4).incident_count(), 1);
  EXPECT_DOUBLE_EQ(response.impacts(4).mean_time_to_resolve_minutes(), 120.0);
  // Impact none is an incident of the day, and no downtime.
  const v1::ComponentUptime& page = response.page();
  EXPECT_EQ(page.days(DayOf(page, "2026-03-08")).incident_count(), 1);
  EXPECT_EQ(page.days(DayOf(page, "2026-03-08")).partial_outage_minutes(), 0);
  // 30 + 90 + 60 (to now) minor, 11 major (10:00-10:10:30 touches eleven clock minutes).
  EXPECT_EQ(page.partial_outage_minutes(), 30 + 90 + 60 + 11);
}

TEST(UptimeTest, PartlyCoveredMinutesCountWhole) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "critical", "2026-03-09T10:00:30Z", "2026-03-09T10:01:10Z")}, {}, kDays,
              At("2026-03-10T12:00:20Z"));
  EXPECT_EQ(response.page().major_outage_minutes(), 2);
  // The minute now falls in counts whole in the window too.
  EXPECT_DOUBLE_EQ(response.page().uptime_percent(), 100.0 * (1 - 2 / (kWindowMinutes + 1)));
}

TEST(UptimeTest, EndBeforeStartCoversNothing) {
  const v1::GetUptimeResponse response =
      Compute({MakeIncident("a", "critical", "2026-03-09T10:00:00Z", "2026-03-09T09:00:00Z")});
  EXPECT_EQ(response.page().major_outage_minutes(), 0);
  EXPECT_EQ(response.page().days(5).incident_count(), 1);
  EXPECT_EQ(response.impacts(0).incident_count(), 1);
  EXPECT_EQ(response.impacts(0).resolved_count(), 1);
  EXPECT_EQ(response.impacts(0).mean_time_to_resolve_minutes(), 0.0);
}

TEST(UptimeTest, DaysOutsideOneTo365AreRefused) {
  for (int days : {0, -1, 366}) {
    UptimeInput input;
    input.days = days;
    input.now = kNow;
    EXPECT_EQ(ComputeUptime(input).status().code(), absl::StatusCode::kInvalidArgument) << days;
  }
  EXPECT_EQ(Compute({}, {}, 365).page().days_size(), 365);
  EXPECT_EQ(Compute({}, {}, 365).page().days(0).date(), "2025-03-11");
}

}  // namespace
}  // namespace statusphere::uptime
