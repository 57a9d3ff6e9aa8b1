#include "server/store/incident_merge.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/proto_time.h"
#include "gtest/gtest.h"

namespace statusphere::store {
namespace {

using statusphere::v1::Incident;
using statusphere::v1::IncidentChange;
using statusphere::v1::IncidentEvent;

const absl::Time kT0 = absl::FromUnixSeconds(1'600'000'000);

IncidentEvent Event(const std::string& id, const std::string& title, absl::Time t) {
  IncidentEvent e;
  e.set_id(id);
  e.set_title(title);
  *e.mutable_time() = ToProto(t);
  return e;
}

Incident Base() {
  Incident i;
  i.set_id("x");
  i.set_title("Degraded API");
  i.set_impact("minor");
  *i.mutable_start_time() = ToProto(kT0);
  *i.add_events() = Event("1", "Investigating", kT0);
  return i;
}

TEST(MergeIncident, NewIncidentIsCreatedWithEventsNewestFirst) {
  Incident reported = Base();
  *reported.add_events() = Event("2", "Identified", kT0 + absl::Minutes(5));
  MergeResult r = MergeIncident(std::nullopt, reported);
  EXPECT_EQ(r.change, IncidentChange::CREATED);
  ASSERT_EQ(r.incident.events_size(), 2);
  EXPECT_EQ(r.incident.events(0).title(), "Identified");
}

TEST(MergeIncident, SameReportChangesNothing) {
  Incident stored = MergeIncident(std::nullopt, Base()).incident;
  EXPECT_EQ(MergeIncident(stored, Base()).change, IncidentChange::KIND_UNSPECIFIED);
}

// Change detection compares whole incidents: any one field that differs is an update.
TEST(MergeIncident, AChangeInAnyOneFieldIsAnUpdate) {
  const Incident stored = MergeIncident(std::nullopt, Base()).incident;
  std::vector<std::pair<std::string, std::function<void(Incident&)>>> edits = {
      {"title", [](Incident& i) { i.set_title("API down"); }},
      {"description", [](Incident& i) { i.set_description("postmortem"); }},
      {"deep_link", [](Incident& i) { i.set_deep_link("https://example.com/i/x"); }},
      {"impact", [](Incident& i) { i.set_impact("major"); }},
      {"status", [](Incident& i) { i.set_status("identified"); }},
      {"start_time", [](Incident& i) { *i.mutable_start_time() = ToProto(kT0 - absl::Minutes(1)); }},
      {"scheduled_start_time", [](Incident& i) { *i.mutable_scheduled_start_time() = ToProto(kT0); }},
      {"scheduled_end_time", [](Incident& i) { *i.mutable_scheduled_end_time() = ToProto(kT0); }},
      {"component", [](Incident& i) { i.add_components("API"); }},
      {"event text", [](Incident& i) { i.mutable_events(0)->set_description("looking into it"); }},
      {"event status", [](Incident& i) { i.mutable_events(0)->set_status("investigating"); }},
  };
  for (const auto& [field, edit] : edits) {
    Incident reported = Base();
    edit(reported);
    EXPECT_EQ(MergeIncident(stored, reported).change, IncidentChange::UPDATED) << field;
  }
}

// A stored time that is present but empty means unset: re-reporting the same is no change.
TEST(MergeIncident, AnEmptyStoredTimeEqualsAnAbsentOne) {
  Incident stored = MergeIncident(std::nullopt, Base()).incident;
  stored.mutable_end_time();
  stored.mutable_scheduled_end_time();
  EXPECT_EQ(MergeIncident(stored, Base()).change, IncidentChange::KIND_UNSPECIFIED);
}

TEST(MergeIncident, UpdatesAccumulateAndEditedUpdateReplacesItsOldText) {
  Incident stored = MergeIncident(std::nullopt, Base()).incident;
  Incident reported = Base();
  reported.clear_events();
  IncidentEvent edited = Event("1", "Investigating", kT0);
  edited.set_description("edited text");
  *reported.add_events() = edited;
  *reported.add_events() = Event("2", "Monitoring", kT0 + absl::Minutes(9));
  MergeResult r = MergeIncident(stored, reported);
  EXPECT_EQ(r.change, IncidentChange::UPDATED);
  ASSERT_EQ(r.incident.events_size(), 2);
  EXPECT_EQ(r.incident.events(1).description(), "edited text");
}

TEST(MergeIncident, UpdatesWithoutIdAreKeyedByTimeTitleAndBody) {
  Incident a = Base();
  a.mutable_events(0)->clear_id();
  a.mutable_events(0)->set_description("Git Operations is degraded.");
  Incident stored = MergeIncident(std::nullopt, a).incident;
  EXPECT_EQ(MergeIncident(stored, a).change, IncidentChange::KIND_UNSPECIFIED);
  Incident b = a;
  b.mutable_events(0)->set_title("Update");
  EXPECT_EQ(MergeIncident(stored, b).incident.events_size(), 2);
  // Same minute, same heading, another body: another update (GitHub posts one per component).
  Incident c = a;
  c.mutable_events(0)->set_description("Issues is degraded.");
  MergeResult r = MergeIncident(stored, c);
  EXPECT_EQ(r.change, IncidentChange::UPDATED);
  EXPECT_EQ(r.incident.events_size(), 2);
  // The same body with other line breaks and spaces is the same update.
  Incident d = a;
  d.mutable_events(0)->set_description(" Git Operations\n  is degraded. ");
  EXPECT_EQ(MergeIncident(stored, d).incident.events_size(), 1);
}

TEST(UpdateKey, IdFirstElseContent) {
  IncidentEvent with_id = Event("u1", "Update", kT0);
  IncidentEvent same_id_other_text = Event("u1", "Resolved", kT0 + absl::Minutes(1));
  EXPECT_EQ(UpdateKey(with_id), UpdateKey(same_id_other_text));
  IncidentEvent x = Event("", "Update", kT0), y = Event("", "Update", kT0);
  x.set_description("a b");
  y.set_description("a  b\n");
  EXPECT_EQ(UpdateKey(x), UpdateKey(y));
  y.set_description("a c");
  EXPECT_NE(UpdateKey(x), UpdateKey(y));
}

// A source that once gave an update without its body (or a parser that did not find it)
// and now gives the body: one update, with the body; a bodyless one alone is kept.
TEST(MergeIncident, ABodylessUpdateGivesWayToTheSameWithABody) {
  Incident bare = Base();
  bare.mutable_events(0)->clear_id();
  Incident stored = MergeIncident(std::nullopt, bare).incident;
  ASSERT_EQ(stored.events_size(), 1);
  Incident full = bare;
  full.mutable_events(0)->set_description("We are investigating.");
  MergeResult r = MergeIncident(stored, full);
  EXPECT_EQ(r.change, IncidentChange::UPDATED);
  ASSERT_EQ(r.incident.events_size(), 1);
  EXPECT_EQ(r.incident.events(0).description(), "We are investigating.");
  // And the other way round: the bodyless re-report changes nothing.
  EXPECT_EQ(MergeIncident(r.incident, bare).change, IncidentChange::KIND_UNSPECIFIED);
}

TEST(MergeIncident, ThinnerLaterScrapeLosesNothing) {
  Incident rich = Base();
  rich.set_description("postmortem");
  rich.add_components("API");
  rich.set_deep_link("https://status.example/incidents/x");
  *rich.mutable_end_time() = ToProto(kT0 + absl::Hours(1));
  *rich.add_events() = Event("2", "Resolved", kT0 + absl::Hours(1));
  Incident stored = MergeIncident(std::nullopt, rich).incident;

  Incident thin;
  thin.set_id("x");
  thin.set_title("Degraded API");
  *thin.add_events() = Event("1", "Investigating", kT0);
  MergeResult r = MergeIncident(stored, thin);
  EXPECT_EQ(r.change, IncidentChange::KIND_UNSPECIFIED);
  EXPECT_EQ(r.incident.description(), "postmortem");
  EXPECT_EQ(r.incident.components_size(), 1);
  EXPECT_EQ(FromProto(r.incident.end_time()), kT0 + absl::Hours(1));
  EXPECT_EQ(r.incident.events_size(), 2);
}

TEST(MergeIncident, ResolutionIsReportedAsResolved) {
  Incident stored = MergeIncident(std::nullopt, Base()).incident;
  Incident resolved = Base();
  *resolved.mutable_end_time() = ToProto(kT0 + absl::Hours(2));
  *resolved.add_events() = Event("9", "Resolved", kT0 + absl::Hours(2));
  MergeResult r = MergeIncident(stored, resolved);
  EXPECT_EQ(r.change, IncidentChange::RESOLVED);
  EXPECT_EQ(FromProto(r.incident.end_time()), kT0 + absl::Hours(2));
}

TEST(MergeIncident, UpdateAfterResolutionReopens) {
  Incident resolved = Base();
  *resolved.mutable_end_time() = ToProto(kT0 + absl::Hours(1));
  Incident stored = MergeIncident(std::nullopt, resolved).incident;
  Incident reopened = Base();
  *reopened.add_events() = Event("3", "Investigating", kT0 + absl::Hours(3));
  MergeResult r = MergeIncident(stored, reopened);
  EXPECT_EQ(r.change, IncidentChange::UPDATED);
  EXPECT_FALSE(IsSet(r.incident.end_time()));
}

TEST(MergeIncident, ComponentsAreTheUnion) {
  Incident a = Base();
  a.add_components("API");
  Incident stored = MergeIncident(std::nullopt, a).incident;
  Incident b = Base();
  b.add_components("Web");
  b.add_components("API");
  MergeResult r = MergeIncident(stored, b);
  ASSERT_EQ(r.incident.components_size(), 2);
  EXPECT_EQ(r.incident.components(0), "API");
  EXPECT_EQ(r.incident.components(1), "Web");
}

}  // namespace
}  // namespace statusphere::store

namespace statusphere::store {
namespace {

TEST(CloseNoLongerListed, ClosesOnlyOpenIncidentsTheReportLeftOut) {
  const absl::Time t0 = absl::FromUnixSeconds(1'700'000'000), now = t0 + absl::Hours(3);
  Incident listed, gone, closed_already, future_window;
  listed.set_id("listed");
  gone.set_id("gone");
  *gone.mutable_start_time() = ToProto(t0);
  *gone.add_events() = IncidentEvent();
  closed_already.set_id("closed");
  *closed_already.mutable_end_time() = ToProto(t0 + absl::Minutes(1));
  future_window.set_id("window");
  future_window.set_impact("maintenance");
  *future_window.mutable_start_time() = ToProto(now + absl::Hours(5));

  const std::vector<Incident> closed =
      CloseNoLongerListed({listed, gone, closed_already, future_window}, {listed}, now);
  ASSERT_EQ(closed.size(), 2u);
  EXPECT_EQ(closed[0].id(), "gone");
  EXPECT_EQ(FromProto(closed[0].end_time()), now);
  EXPECT_EQ(closed[0].status(), "resolved");
  EXPECT_EQ(closed[0].events_size(), 2);
  EXPECT_EQ(closed[1].id(), "window");
  EXPECT_EQ(FromProto(closed[1].end_time()), now + absl::Hours(5));  // called off: ends where it would start
  EXPECT_EQ(closed[1].status(), "completed");
  EXPECT_EQ(closed[1].events(0).id(), kNoLongerListedEventId);

  // Folded into the stored incident, it is a resolution; listed open again, it is undone.
  MergeResult resolved = MergeIncident(gone, closed[0]);
  EXPECT_EQ(resolved.change, IncidentChange::RESOLVED);
  MergeResult reopened = MergeIncident(resolved.incident, gone);
  EXPECT_EQ(reopened.change, IncidentChange::UPDATED);
  EXPECT_FALSE(IsSet(reopened.incident.end_time()));
  EXPECT_EQ(reopened.incident.events_size(), 1);
  // Listed again but closed by the vendor: the vendor's end is taken.
  Incident vendor_closed = gone;
  *vendor_closed.mutable_end_time() = ToProto(t0 + absl::Hours(1));
  EXPECT_EQ(FromProto(MergeIncident(resolved.incident, vendor_closed).incident.end_time()), t0 + absl::Hours(1));
}

}  // namespace
}  // namespace statusphere::store
