#include "server/report_bounds.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"

namespace statusphere {
namespace {

TEST(ReportBoundsTest, KeepsOnlyWebDeepLinks) {
  store::ScrapeReport report;
  for (const char* link :
       {"https://status.example.com/incidents/1", " JaVaScRiPt:alert(1)", "data:text/html,x", "/rel"}) {
    report.incidents.emplace_back().set_deep_link(link);
  }
  BoundReport(report, {});
  EXPECT_EQ(report.incidents[0].deep_link(), "https://status.example.com/incidents/1");
  for (int i = 1; i < 4; ++i) EXPECT_EQ(report.incidents[i].deep_link(), "") << i;
}

TEST(ReportBoundsTest, CutsOverlongTextsTheSameWayEveryTimeOnACharacterBoundary) {
  store::ScrapeReport report;
  v1::Incident& incident = report.incidents.emplace_back();
  std::string title;
  for (int i = 0; i < 1100; ++i) title += "é";  // 2 bytes each: 2,200 bytes
  incident.set_title(title + "tail");
  incident.set_description(std::string(100 << 10, 'x'));
  incident.add_components(std::string(600, 'c'));
  v1::IncidentEvent* event = incident.add_events();
  event->set_description(std::string(70 << 10, 'b'));
  v1::Component& component = report.components.emplace_back();
  component.set_name(std::string(513, 'n'));

  store::ScrapeReport again = report;
  const ReportCuts cuts = BoundReport(report, {});
  BoundReport(again, {});
  EXPECT_EQ(cuts.texts_cut, 5);
  EXPECT_LE(report.incidents[0].title().size(), 2048u);
  EXPECT_TRUE(absl::EndsWith(report.incidents[0].title(), " [cut by statusphere]"));
  // Cut between characters: the text before the mark is whole "é"s.
  const std::string kept = report.incidents[0].title().substr(0, report.incidents[0].title().size() - 21);
  EXPECT_EQ(kept.size() % 2, 0u);
  EXPECT_LE(report.incidents[0].description().size(), size_t{64 << 10});
  EXPECT_LE(report.incidents[0].events(0).description().size(), size_t{64 << 10});
  EXPECT_LE(report.incidents[0].components(0).size(), 512u);
  EXPECT_LE(report.components[0].name().size(), 512u);
  EXPECT_EQ(report.incidents[0].SerializeAsString(), again.incidents[0].SerializeAsString());
}

TEST(ReportBoundsTest, KeepsTheNewestUpdatesOfAnIncidentAndCountsTheRest) {
  store::ScrapeReport report;
  v1::Incident& incident = report.incidents.emplace_back();
  for (int i = 0; i < 30; ++i) {
    v1::IncidentEvent* e = incident.add_events();
    e->set_id(absl::StrCat("u", i));
    *e->mutable_time() = ToProto(absl::FromUnixSeconds(1'700'000'000 + i));
  }
  ReportBounds bounds;
  bounds.max_updates_per_incident = 10;
  const ReportCuts cuts = BoundReport(report, bounds);
  EXPECT_EQ(cuts.updates_dropped, 20);
  ASSERT_EQ(report.incidents[0].events_size(), 10);
  for (const auto& e : report.incidents[0].events())
    EXPECT_GE(ToMicros(e.time()), ToMicros(ToProto(absl::FromUnixSeconds(1'700'000'020))));
}

TEST(ReportBoundsTest, LeavesAReportWithinItsBoundsAlone) {
  store::ScrapeReport report;
  v1::Incident& incident = report.incidents.emplace_back();
  incident.set_title("Elevated errors");
  incident.add_events()->set_description("We are investigating.");
  const std::string before = incident.SerializeAsString();
  EXPECT_FALSE(BoundReport(report, {}).any());
  EXPECT_EQ(report.incidents[0].SerializeAsString(), before);
}

}  // namespace
}  // namespace statusphere
