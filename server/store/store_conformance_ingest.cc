// The Store conformance suite, continued: the cheap paths of ingest. A page found as it was
// (a 304, or a 200 saying what the last merged report said) is not merged again, yet
// anything that changed in between is.
#include <optional>
#include <string>
#include <vector>

#include "common/proto_time.h"
#include "server/store/store_conformance.h"

namespace statusphere::store {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
const std::string kPage = "https://status.ingest.example";

Incident Open(const std::string& id, const std::string& update) {
  Incident i;
  i.set_id(id);
  i.set_title("Incident " + id);
  i.set_impact("minor");
  *i.mutable_start_time() = ToProto(kT0);
  statusphere::v1::IncidentEvent* e = i.add_events();
  e->set_title(update);
  e->set_description(update);
  *e->mutable_time() = ToProto(kT0);
  return i;
}

ScrapeReport Success(std::vector<Incident> incidents) {
  ScrapeReport r;
  r.outcome = ScrapeReport::Outcome::kSuccess;
  r.incidents = std::move(incidents);
  r.lists_every_open_incident = true;
  Component c;
  c.set_id("api");
  c.set_name("API");
  c.set_status("operational");
  r.components.push_back(c);
  return r;
}

ScrapeReport Outcome(ScrapeReport::Outcome outcome) {
  ScrapeReport r;
  r.outcome = outcome;
  if (outcome == ScrapeReport::Outcome::kFailure) r.error_message = "HTTP 503";
  return r;
}

// The one page, scraped every 10 minutes (its policy makes it due at once).
struct Page {
  explicit Page(Store& store) : store(store) {
    EXPECT_TRUE(store.AddPage(NewPage{"Ingest", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  }
  ReportSummary Scrape(const ScrapeReport& report) {
    now += absl::Minutes(10);
    auto leases = store.LeaseDuePages("t", 10, absl::Minutes(5), now);
    EXPECT_TRUE(leases.ok() && leases->size() == 1) << leases.status();
    if (!leases.ok() || leases->size() != 1) return {};
    auto applied =
        store.ApplyReport((*leases)[0].lease_id, report, [](const ScheduleInput& in) { return in.now; }, now);
    EXPECT_TRUE(applied.ok()) << applied.status();
    return applied.value_or(ReportSummary{});
  }
  std::vector<Incident> Stored() { return *store.ListIncidents({kPage}); }
  Store& store;
  absl::Time now = kT0;
};

TEST_P(StoreConformanceTest, AReportSayingWhatTheLastOneSaidIsNotMergedAgain) {
  Page page(*store_);
  const ScrapeReport report = Success({Open("a", "Investigating"), Open("b", "Investigating")});
  ReportSummary first = page.Scrape(report);
  EXPECT_FALSE(first.content_unchanged);
  EXPECT_EQ(first.created, 2);

  ReportSummary again = page.Scrape(report);
  EXPECT_TRUE(again.content_unchanged);
  EXPECT_EQ(again.created + again.updated, 0);
  EXPECT_EQ(again.unchanged, 2);
  // The scrape itself is recorded: the page was read now.
  auto stored = store_->GetPageByUrl(kPage);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(FromProto(stored->last_currently_scraped()), page.now);

  // A 304 and a failure in between leave the digest: the same report is still unchanged.
  EXPECT_FALSE(page.Scrape(Outcome(ScrapeReport::Outcome::kNotModified)).content_unchanged);
  page.Scrape(Outcome(ScrapeReport::Outcome::kFailure));
  EXPECT_TRUE(page.Scrape(report).content_unchanged);
}

TEST_P(StoreConformanceTest, AReportThatDiffersFromTheLastMergedOneIsMerged) {
  Page page(*store_);
  const ScrapeReport x = Success({Open("a", "Investigating")});
  page.Scrape(x);

  // A new update: merged.
  ScrapeReport y = x;
  statusphere::v1::IncidentEvent* e = y.incidents[0].add_events();
  e->set_title("Identified");
  e->set_description("Identified");
  *e->mutable_time() = ToProto(kT0 + absl::Minutes(5));
  ReportSummary updated = page.Scrape(y);
  EXPECT_FALSE(updated.content_unchanged);
  EXPECT_EQ(updated.updated, 1);
  ASSERT_EQ(page.Stored().size(), 1u);
  EXPECT_EQ(page.Stored()[0].events_size(), 2);

  // Every open incident listed, none now: the incident is closed.
  ReportSummary closed = page.Scrape(Success({}));
  EXPECT_FALSE(closed.content_unchanged);
  EXPECT_EQ(closed.updated, 1);
  EXPECT_TRUE(IsSet(page.Stored()[0].end_time()));

  // The earlier report again is not the last merged one: it is merged, not skipped.
  ReportSummary back = page.Scrape(y);
  EXPECT_FALSE(back.content_unchanged);
}

TEST_P(StoreConformanceTest, AReportOfAPageRemovedAndAddedAgainIsMerged) {
  Page page(*store_);
  const ScrapeReport report = Success({Open("a", "Investigating")});
  page.Scrape(report);
  ASSERT_TRUE(store_->RemovePage(kPage).ok());
  ASSERT_TRUE(store_->AddPage(NewPage{"Ingest", kPage, "", PageOrigin::kAdmin}, page.now).ok());
  ReportSummary again = page.Scrape(report);
  EXPECT_FALSE(again.content_unchanged);
  EXPECT_EQ(again.created, 1);
  EXPECT_EQ(page.Stored().size(), 1u);
}

// What the store tells the schedule about a page after each report (what makes it hot).
TEST_P(StoreConformanceTest, TheScheduleLearnsOpenIncidentsMaintenancesInProgressAndTheLastChange) {
  ASSERT_TRUE(store_->AddPage(NewPage{"Ingest", kPage, "", PageOrigin::kAdmin}, kT0).ok());
  absl::Time now = kT0;
  std::optional<ScheduleInput> seen;
  // Each current scrape makes the page due again at once (its backfill, due too, waits:
  // current scrapes go first).
  auto scrape = [&](const ScrapeReport& report) {
    now += absl::Minutes(10);
    seen.reset();
    auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), now);
    ASSERT_TRUE(leases.ok()) << leases.status();
    ASSERT_EQ(leases->size(), 1u);
    ASSERT_EQ((*leases)[0].kind, statusphere::v1::SCRAPE_KIND_CURRENT);
    auto applied = store_->ApplyReport((*leases)[0].lease_id, report,
                                       [&](const ScheduleInput& in) {
                                         seen = in;
                                         return in.now;
                                       },
                                       now);
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_TRUE(seen.has_value());
  };
  // Nothing ever happened: quiet.
  scrape(Success({}));
  EXPECT_FALSE(seen->has_open_incident);
  EXPECT_FALSE(seen->maintenance_in_progress);
  EXPECT_EQ(seen->last_change, absl::InfinitePast());

  // An incident opens: open, changed now.
  const ScrapeReport open = Success({Open("a", "Investigating")});
  scrape(open);
  EXPECT_TRUE(seen->has_open_incident);
  EXPECT_EQ(seen->last_change, now);
  const absl::Time opened = now;
  // Found as it was (a 304, the same content): still open, the change as it was.
  scrape(Outcome(ScrapeReport::Outcome::kNotModified));
  EXPECT_TRUE(seen->has_open_incident);
  EXPECT_EQ(seen->last_change, opened);
  scrape(open);
  EXPECT_TRUE(seen->has_open_incident);
  EXPECT_EQ(seen->last_change, opened);
  // Resolved (no longer listed): not open, changed now.
  scrape(Success({}));
  EXPECT_FALSE(seen->has_open_incident);
  EXPECT_EQ(seen->last_change, now);

  // A maintenance window under way (by its scheduled times, on the clock of the report).
  Incident window = Open("mnt", "In progress");
  window.set_impact("maintenance");
  window.set_status("in_progress");
  *window.mutable_scheduled_start_time() = ToProto(now);
  *window.mutable_scheduled_end_time() = ToProto(now + absl::Hours(3));
  scrape(Success({window}));
  EXPECT_TRUE(seen->maintenance_in_progress);
  EXPECT_FALSE(seen->has_open_incident);  // a maintenance is not an incident

  // A failure is not judged: it backs off whatever the page's state.
  scrape(Outcome(ScrapeReport::Outcome::kFailure));
  EXPECT_FALSE(seen->maintenance_in_progress);
  EXPECT_EQ(seen->last_change, absl::InfinitePast());
}

}  // namespace
}  // namespace statusphere::store
