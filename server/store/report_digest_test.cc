#include "server/store/report_digest.h"

#include <functional>

#include "common/proto_time.h"
#include "gtest/gtest.h"

namespace statusphere::store {
namespace {

ScrapeReport Report() {
  ScrapeReport report;
  report.outcome = ScrapeReport::Outcome::kSuccess;
  report.provider = "atlassian-statuspage";
  report.platform_indicator = "minor";
  report.lists_every_open_incident = true;
  Incident incident;
  incident.set_id("inc-1");
  incident.set_title("Elevated API errors");
  incident.set_impact("minor");
  *incident.mutable_start_time() = ToProto(absl::FromUnixSeconds(1'700'000'000));
  v1::IncidentEvent* update = incident.add_events();
  update->set_status("investigating");
  update->set_description("We are looking into it.");
  *update->mutable_time() = ToProto(absl::FromUnixSeconds(1'700'000'000));
  report.incidents.push_back(incident);
  Component component;
  component.set_id("api");
  component.set_name("API");
  component.set_status("degraded_performance");
  report.components.push_back(component);
  return report;
}

TEST(ReportDigestTest, TheSameContentGivesTheSameDigestWhateverTheValidators) {
  const std::string digest = ReportDigest(Report());
  EXPECT_EQ(digest.size(), 64u) << digest;
  ScrapeReport again = Report();
  again.validators["https://x.example/api/v2/summary.json"] = {"\"etag-2\"", "Mon, 07 Dec 2026 08:00:00 GMT"};
  EXPECT_EQ(ReportDigest(again), digest);
}

TEST(ReportDigestTest, AnyChangeOfContentChangesTheDigest) {
  const std::string digest = ReportDigest(Report());
  const std::vector<std::pair<const char*, std::function<void(ScrapeReport&)>>> changes = {
      {"a new update", [](ScrapeReport& r) { r.incidents[0].add_events()->set_status("identified"); }},
      {"an update's text", [](ScrapeReport& r) { r.incidents[0].mutable_events(0)->set_description("Fixed."); }},
      {"the end", [](ScrapeReport& r) { *r.incidents[0].mutable_end_time() = ToProto(absl::FromUnixSeconds(1)); }},
      {"another incident", [](ScrapeReport& r) { r.incidents.push_back(r.incidents[0]); }},
      {"no incident", [](ScrapeReport& r) { r.incidents.clear(); }},
      {"a component's status", [](ScrapeReport& r) { r.components[0].set_status("operational"); }},
      {"no component", [](ScrapeReport& r) { r.components.clear(); }},
      {"the indicator", [](ScrapeReport& r) { r.platform_indicator = "none"; }},
      {"the provider", [](ScrapeReport& r) { r.provider = ""; }},
      {"lists every open incident", [](ScrapeReport& r) { r.lists_every_open_incident = false; }},
      // Pieces are length-prefixed: moving text from one field to the next is a change.
      {"text moved between fields",
       [](ScrapeReport& r) {
         r.provider += "m";
         r.platform_indicator = "inor";
       }},
  };
  for (const auto& [what, change] : changes) {
    ScrapeReport changed = Report();
    change(changed);
    EXPECT_NE(ReportDigest(changed), digest) << what;
  }
}

TEST(ReportDigestTest, OnlyASuccessHasADigest) {
  ScrapeReport report = Report();
  report.outcome = ScrapeReport::Outcome::kNotModified;
  EXPECT_EQ(ReportDigest(report), "");
  report.outcome = ScrapeReport::Outcome::kFailure;
  EXPECT_EQ(ReportDigest(report), "");
}

}  // namespace
}  // namespace statusphere::store
