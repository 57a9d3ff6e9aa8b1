// The Store conformance suite, continued: what a page published, as it is read back (every
// update kept, the page's overall status and own indicator, incident descriptions).
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

using statusphere::v1::IncidentEvent;

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
const std::string kPage = "https://www.githubstatus.com";

IncidentEvent Update(const std::string& title, absl::Time t, const std::string& body, const std::string& id = "") {
  IncidentEvent e;
  e.set_id(id);
  e.set_title(title);
  e.set_description(body);
  *e.mutable_time() = ToProto(t);
  return e;
}

Incident MakeIncident(const std::string& id, const std::string& impact, std::vector<IncidentEvent> events) {
  Incident i;
  i.set_id(id);
  i.set_title("Incident " + id);
  i.set_impact(impact);
  *i.mutable_start_time() = ToProto(kT0);
  for (auto& e : events) *i.add_events() = std::move(e);
  return i;
}

Component MakeComponent(const std::string& name, const std::string& status) {
  Component c;
  c.set_id(name);
  c.set_name(name);
  c.set_status(status);
  return c;
}

// Leases kPage and reports `report` for it, as a scraper would.
absl::StatusOr<ReportSummary> Report(Store& store, ScrapeReport report, absl::Time now) {
  auto leases = store.LeaseDuePages("t", 10, absl::Minutes(5), now);
  if (!leases.ok()) return leases.status();
  if (leases->size() != 1) return absl::NotFoundError("the page was not due");
  report.outcome = ScrapeReport::Outcome::kSuccess;
  return store.ApplyReport((*leases)[0].lease_id, report, [](const ScheduleInput& in) { return in.now; }, now);
}

ScrapeReport Success(std::vector<Incident> incidents, std::vector<Component> components = {}) {
  ScrapeReport r;
  r.incidents = std::move(incidents);
  r.components = std::move(components);
  return r;
}

// The one page these tests report on, added, and the calls they make on it. Tests are
// of StoreConformanceTest (each backend instantiates it), so this is a helper, not a
// fixture of its own.
struct OnePage {
  explicit OnePage(Store& store) : store(store) {
    EXPECT_TRUE(store.AddPage(NewPage{"GitHub", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  }
  std::string PageStatus() { return store.GetPageByUrl(kPage)->status(); }
  // The status the page list shows for kPage (the list computes it for all pages at once).
  std::string ListedStatus() {
    auto pages = store.ListPages();
    return pages.ok() && pages->size() == 1 ? (*pages)[0].status() : "not listed";
  }
  std::vector<Incident> Stored() { return *store.ListIncidents({kPage}); }
  absl::StatusOr<ReportSummary> Scrape(ScrapeReport report) {
    now += absl::Minutes(10);
    return Report(store, std::move(report), now);
  }
  Store& store;
  absl::Time now = kT0;
};

// GitHub's feed posts "Update"s about different components in the same minute; feed
// updates have no id. Each is its own update, and a re-report duplicates none.
TEST_P(StoreConformanceTest, SameMinuteUpdatesUnderOneHeadingAreAllKept) {
  OnePage page(*store_);
  const absl::Time minute = kT0 + absl::Minutes(7);
  auto updates = [&] {
    return std::vector<IncidentEvent>{
        Update("Update", minute, "Git Operations is experiencing degraded performance."),
        Update("Update", minute, "Issues is experiencing degraded performance."),
        Update("Update", minute, "Pull Requests is experiencing degraded performance."),
        Update("Investigating", kT0, "We are investigating reports of degraded performance."),
    };
  };
  auto created = page.Scrape(Success({MakeIncident("feed-1", "minor", updates())}));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->created, 1);
  ASSERT_EQ(page.Stored().size(), 1u);
  Incident stored = page.Stored()[0];
  ASSERT_EQ(stored.events_size(), 4);
  std::vector<std::string> bodies;
  for (const auto& e : stored.events()) bodies.push_back(e.description());
  // Newest first; the three of one minute in a fixed order (by their content).
  EXPECT_EQ(bodies, (std::vector<std::string>{"Git Operations is experiencing degraded performance.",
                                              "Issues is experiencing degraded performance.",
                                              "Pull Requests is experiencing degraded performance.",
                                              "We are investigating reports of degraded performance."}));

  // The same content again, once with its line breaks re-extracted: nothing changes.
  auto again = page.Scrape(Success({MakeIncident("feed-1", "minor", updates())}));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->unchanged, 1);
  std::vector<IncidentEvent> rewrapped = updates();
  rewrapped[1].set_description("Issues is experiencing\n  degraded performance. ");
  auto rewrapped_report = page.Scrape(Success({MakeIncident("feed-1", "minor", rewrapped)}));
  ASSERT_TRUE(rewrapped_report.ok()) << rewrapped_report.status();
  EXPECT_EQ(page.Stored()[0].events_size(), 4);

  // A thinner feed that shows only one of them loses none.
  ASSERT_TRUE(page.Scrape(Success({MakeIncident("feed-1", "minor", {updates()[2]})})).ok());
  EXPECT_EQ(page.Stored()[0].events_size(), 4);
  // A fourth same-minute update is added.
  ASSERT_TRUE(
      page.Scrape(Success({MakeIncident("feed-1", "minor",
                                        {Update("Update", minute, "Actions is experiencing degraded performance.")})}))
          .ok());
  EXPECT_EQ(page.Stored()[0].events_size(), 5);
}

// A page turns a component red before anyone writes an incident: the page is DEGRADED,
// in the page list too, and UP again once every component is operational.
TEST_P(StoreConformanceTest, ADegradedComponentMakesThePageDegradedWithoutAnIncident) {
  OnePage page(*store_);
  EXPECT_EQ(page.PageStatus(), "UNKNOWN");
  ASSERT_TRUE(
      page.Scrape(Success({}, {MakeComponent("API", "operational"), MakeComponent("Git", "operational")})).ok());
  EXPECT_EQ(page.PageStatus(), "UP");
  for (const char* status : {"degraded_performance", "partial_outage", "major_outage"}) {
    ASSERT_TRUE(page.Scrape(Success({}, {MakeComponent("API", "operational"), MakeComponent("Git", status)})).ok());
    EXPECT_EQ(page.PageStatus(), "DEGRADED") << status;
    EXPECT_EQ(page.ListedStatus(), "DEGRADED") << status;
    EXPECT_TRUE(store_->ListUnresolvedIncidents(kPage)->empty());
  }
  // Under maintenance is not an outage by itself (a window in progress is, below).
  ASSERT_TRUE(
      page.Scrape(Success({}, {MakeComponent("API", "under_maintenance"), MakeComponent("Git", "operational")})).ok());
  EXPECT_EQ(page.PageStatus(), "UP");
  EXPECT_EQ(page.ListedStatus(), "UP");
}

// A maintenance in progress now makes the page DEGRADED; one scheduled for later keeps it
// UP; a window that has begun while its page still says "scheduled" is in progress.
TEST_P(StoreConformanceTest, AMaintenanceInProgressMakesThePageDegradedOneLaterDoesNot) {
  OnePage page(*store_);
  const absl::Time now = absl::Now();  // the store decides on its clock
  Incident later = MakeIncident("later", "maintenance", {Update("Scheduled", kT0, "We will upgrade the database.")});
  later.set_status("scheduled");
  *later.mutable_scheduled_start_time() = ToProto(now + absl::Hours(48));
  *later.mutable_scheduled_end_time() = ToProto(now + absl::Hours(50));
  ASSERT_TRUE(page.Scrape(Success({later})).ok());
  EXPECT_EQ(page.PageStatus(), "UP");
  EXPECT_EQ(page.ListedStatus(), "UP");

  Incident begun = MakeIncident("begun", "maintenance", {Update("Scheduled", kT0, "Network maintenance.")});
  begun.set_status("scheduled");
  *begun.mutable_scheduled_start_time() = ToProto(now - absl::Minutes(30));
  *begun.mutable_scheduled_end_time() = ToProto(now + absl::Hours(1));
  ASSERT_TRUE(page.Scrape(Success({later, begun})).ok());
  EXPECT_EQ(page.PageStatus(), "DEGRADED");
  EXPECT_EQ(page.ListedStatus(), "DEGRADED");

  // Completed: UP again. A window the page says is in progress counts whatever its times.
  *begun.mutable_end_time() = ToProto(now - absl::Minutes(1));
  begun.set_status("completed");
  ASSERT_TRUE(page.Scrape(Success({later, begun})).ok());
  EXPECT_EQ(page.PageStatus(), "UP");
  later.set_status("in_progress");
  ASSERT_TRUE(page.Scrape(Success({later, begun})).ok());
  EXPECT_EQ(page.PageStatus(), "DEGRADED");
  EXPECT_EQ(page.ListedStatus(), "DEGRADED");
  // Maintenance is still not an unresolved incident.
  EXPECT_TRUE(store_->ListUnresolvedIncidents(kPage)->empty());
}

// The page's own indicator is stored as reported; a scrape that carries none (a feed, a
// backfill) leaves it; a failed scrape leaves it too.
TEST_P(StoreConformanceTest, ThePlatformIndicatorIsKeptUntilAScrapeReadsAnother) {
  OnePage page(*store_);
  EXPECT_EQ(store_->GetPageByUrl(kPage)->platform_indicator(), "");
  ScrapeReport major = Success({}, {MakeComponent("API", "major_outage")});
  major.platform_indicator = "major";
  ASSERT_TRUE(page.Scrape(major).ok());
  EXPECT_EQ(store_->GetPageByUrl(kPage)->platform_indicator(), "major");
  EXPECT_EQ((*store_->ListPages())[0].platform_indicator(), "major");
  ASSERT_TRUE(page.Scrape(Success({})).ok());
  EXPECT_EQ(store_->GetPageByUrl(kPage)->platform_indicator(), "major");

  auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), page.now += absl::Minutes(10));
  ASSERT_EQ(leases->size(), 1u);
  ScrapeReport failure;
  failure.outcome = ScrapeReport::Outcome::kFailure;
  failure.error_message = "HTTP 503";
  failure.platform_indicator = "critical";  // ignored: only a success says what the page said
  ASSERT_TRUE(
      store_->ApplyReport((*leases)[0].lease_id, failure, [](const ScheduleInput& in) { return in.now; }, page.now)
          .ok());
  EXPECT_EQ(store_->GetPageByUrl(kPage)->platform_indicator(), "major");

  ScrapeReport none = Success({}, {MakeComponent("API", "operational")});
  none.platform_indicator = "none";
  ASSERT_TRUE(page.Scrape(none).ok());
  EXPECT_EQ(store_->GetPageByUrl(kPage)->platform_indicator(), "none");
  EXPECT_EQ(page.PageStatus(), "UP");
}

// An incident's description is the platform's own when it gave one, else its postmortem,
// else the latest update's text; the stored incident keeps the platform's (empty), so
// that a re-report is no change and a newer update moves the description on.
TEST_P(StoreConformanceTest, DescriptionsAreThePostmortemOrTheLatestUpdatesText) {
  OnePage page(*store_);
  Incident plain = MakeIncident("plain", "minor",
                                {Update("Investigating", kT0, "We are investigating.", "u1"),
                                 Update("Identified", kT0 + absl::Minutes(5), "The cause is a bad deploy.", "u2")});
  Incident postmortem =
      MakeIncident("pm", "major",
                   {Update("Resolved", kT0 + absl::Hours(1), "Resolved.", "p2"),
                    Update("Postmortem", kT0 + absl::Hours(30), "A config push took down the API.", "p3"),
                    Update("Investigating", kT0, "Looking into it.", "p1")});
  postmortem.mutable_events(1)->set_status("postmortem");
  *postmortem.mutable_end_time() = ToProto(kT0 + absl::Hours(1));
  Incident own = MakeIncident("own", "minor", {Update("Investigating", kT0, "Errors on checkout.", "o1")});
  own.set_description("Checkout failures in the EU region.");
  Incident silent = MakeIncident("silent", "none", {Update("Investigating", kT0, "", "s1")});
  ASSERT_TRUE(page.Scrape(Success({plain, postmortem, own, silent})).ok());

  auto description_of = [&](const std::string& id) {
    for (const Incident& i : page.Stored()) {
      if (i.id() == id) return i.description();
    }
    return std::string("(not listed)");
  };
  EXPECT_EQ(description_of("plain"), "The cause is a bad deploy.");
  EXPECT_EQ(description_of("pm"), "A config push took down the API.");
  EXPECT_EQ(description_of("own"), "Checkout failures in the EU region.");
  EXPECT_EQ(description_of("silent"), "");
  // Where else incidents are handed out: the unresolved list and the change log.
  auto open = store_->ListUnresolvedIncidents(kPage);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 3u);  // plain, own, silent
  for (const Incident& i : *open) {
    if (i.id() == "plain") EXPECT_EQ(i.description(), "The cause is a bad deploy.");
  }
  auto changes = store_->ListChanges(0, kPage, 100);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 4u);
  for (const ChangeRecord& c : *changes) {
    if (c.incident.id() == "pm") EXPECT_EQ(c.incident.description(), "A config push took down the API.");
  }

  // The same report again changes nothing (the filled text is not stored).
  auto again = page.Scrape(Success({plain, postmortem, own, silent}));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->unchanged, 4);
  // A newer update: the description follows it.
  *plain.add_events() = Update("Monitoring", kT0 + absl::Minutes(20), "A fix is rolling out.", "u3");
  auto newer = page.Scrape(Success({plain}));
  ASSERT_TRUE(newer.ok()) << newer.status();
  EXPECT_EQ(newer->updated, 1);
  EXPECT_EQ(description_of("plain"), "A fix is rolling out.");

  // statusphere's own closing note is not the page's text: the description stays the
  // page's latest.
  ScrapeReport lists_all = Success({own, silent});
  lists_all.lists_every_open_incident = true;
  ASSERT_TRUE(page.Scrape(lists_all).ok());
  EXPECT_EQ(description_of("plain"), "A fix is rolling out.");
}

}  // namespace
}  // namespace statusphere::store
