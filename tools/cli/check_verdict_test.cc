#include "tools/cli/check_verdict.h"

#include "common/proto_time.h"
#include "gtest/gtest.h"

namespace statusphere::cli {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

v1::StatusPage Page(std::vector<std::pair<std::string, std::string>> components) {
  v1::StatusPage page;
  page.set_name("Acme");
  page.set_url("https://status.acme.test");
  for (const auto& [name, status] : components) {
    v1::Component* component = page.add_components();
    component->set_name(name);
    component->set_status(status);
  }
  return page;
}

v1::GetCurrentStatusResponse Current(const std::string& status) {
  v1::GetCurrentStatusResponse current;
  current.set_status(status);
  *current.mutable_last_currently_scraped() = ToProto(kNow - absl::Minutes(1));
  return current;
}

void Open(v1::GetCurrentStatusResponse& current, const std::string& impact, absl::Duration ago,
          std::vector<std::string> components = {}) {
  v1::Incident* incident = current.add_unresolved_incidents();
  incident->set_title(impact + " trouble");
  incident->set_impact(impact);
  *incident->mutable_start_time() = ToProto(kNow - ago);
  for (const auto& name : components) incident->add_components(name);
}

TEST(CheckVerdictTest, AnUpPageIsOperational) {
  VendorVerdict v = Judge("acme", Page({{"API", "operational"}}), Current("UP"), {});
  EXPECT_EQ(v.Status(), "operational");
  EXPECT_EQ(v.since, absl::InfinitePast());
  EXPECT_EQ(ExitCode({v}, Severity::kDegraded), 0);
}

TEST(CheckVerdictTest, TheWorstOfIncidentsAndComponentsSinceTheOldestIncident) {
  v1::GetCurrentStatusResponse current = Current("DEGRADED");
  Open(current, "minor", absl::Hours(2));
  Open(current, "major", absl::Minutes(30));
  VendorVerdict v = Judge("acme", Page({{"API", "degraded_performance"}}), current, {});
  EXPECT_EQ(v.Status(), "major");
  EXPECT_EQ(v.since, kNow - absl::Hours(2));
  EXPECT_EQ(v.incidents.size(), 2u);
  EXPECT_EQ(ExitCode({v}, Severity::kDegraded), 1);
  EXPECT_EQ(ExitCode({v}, Severity::kMajor), 1);
  EXPECT_EQ(ExitCode({v}, Severity::kCritical), 0);
  // A component's major outage is critical, though no incident says so yet.
  EXPECT_EQ(Judge("acme", Page({{"API", "major_outage"}}), Current("DEGRADED"), {}).Status(), "critical");
  EXPECT_EQ(Judge("acme", Page({{"API", "partial_outage"}}), Current("DEGRADED"), {}).Status(), "major");
}

TEST(CheckVerdictTest, DegradedWithoutAReasonIsNeverFine) {
  VendorVerdict v = Judge("acme", Page({{"API", "operational"}}), Current("DEGRADED"), {});
  EXPECT_EQ(v.Status(), "degraded");
  EXPECT_EQ(v.reason, "a maintenance window is in progress");
}

TEST(CheckVerdictTest, ComponentsNarrowTheVerdict) {
  v1::GetCurrentStatusResponse current = Current("DEGRADED");
  Open(current, "critical", absl::Hours(1), {"Billing"});
  const v1::StatusPage page = Page({{"API", "operational"}, {"Billing", "major_outage"}});
  VendorVerdict api = Judge("acme", page, current, {"api"});
  EXPECT_EQ(api.Status(), "operational");
  ASSERT_EQ(api.components.size(), 1u);
  EXPECT_EQ(api.components[0].name, "API");
  EXPECT_TRUE(api.incidents.empty());
  EXPECT_EQ(Judge("acme", page, current, {"billing"}).Status(), "critical");
  // An incident naming no component may touch any: it counts.
  Open(current, "major", absl::Minutes(5));
  EXPECT_EQ(Judge("acme", page, current, {"api"}).Status(), "major");
  // A page with none of the components asked for is judged whole.
  EXPECT_EQ(Judge("acme", page, current, {"smtp"}).Status(), "critical");
}

TEST(CheckVerdictTest, UnknownStaleAndMissingVendorsExit2UnlessOneIsDown) {
  v1::GetCurrentStatusResponse never;
  never.set_status("UNKNOWN");
  never.set_status_reason("not indexed yet");
  VendorVerdict unknown = Judge("new", Page({}), never, {});
  EXPECT_EQ(unknown.Status(), "unknown");
  v1::GetCurrentStatusResponse stale = Current("UNKNOWN");
  stale.set_status_reason("not read successfully since 2027-01-15 08:00 UTC");
  VendorVerdict old = Judge("old", Page({{"API", "major_outage"}}), stale, {});
  EXPECT_EQ(old.Status(), "stale");
  EXPECT_EQ(old.reason, "not read successfully since 2027-01-15 08:00 UTC");
  VendorVerdict fine = Judge("acme", Page({}), Current("UP"), {});
  EXPECT_EQ(ExitCode({fine, unknown}, Severity::kCritical), 2);
  EXPECT_EQ(ExitCode({fine, old}, Severity::kCritical), 2);
  EXPECT_EQ(ExitCode({fine, NotFound("nope")}, Severity::kCritical), 2);
  EXPECT_EQ(NotFound("nope").Status(), "not found");
  v1::GetCurrentStatusResponse down = Current("DEGRADED");
  Open(down, "critical", absl::Minutes(3));
  EXPECT_EQ(ExitCode({unknown, Judge("down", Page({}), down, {})}, Severity::kCritical), 1);
}

TEST(CheckVerdictTest, ThresholdWords) {
  EXPECT_EQ(*ParseThreshold("degraded"), Severity::kDegraded);
  EXPECT_EQ(*ParseThreshold("major"), Severity::kMajor);
  EXPECT_EQ(*ParseThreshold("critical"), Severity::kCritical);
  EXPECT_EQ(ParseThreshold("minor").status().message(), "--fail-on must be degraded, major or critical, not 'minor'");
}

}  // namespace
}  // namespace statusphere::cli
