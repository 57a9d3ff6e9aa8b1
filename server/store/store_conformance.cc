#include "server/store/store_conformance.h"

#include <map>

#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "server/store/incident_merge.h"

namespace statusphere::store {
namespace {

using statusphere::v1::IncidentEvent;
using statusphere::v1::SCRAPE_KIND_CURRENT;
using statusphere::v1::SCRAPE_KIND_HISTORICAL;

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

NewPage Page(const std::string& name, const std::string& url, PageOrigin origin = PageOrigin::kAdmin) {
  return NewPage{name, url, "", origin};
}

IncidentEvent Event(const std::string& id, const std::string& title, absl::Time t, const std::string& body = "body") {
  IncidentEvent e;
  e.set_id(id);
  e.set_title(title);
  e.set_description(body);
  *e.mutable_time() = ToProto(t);
  return e;
}

Incident MakeIncident(const std::string& id, absl::Time start, const std::string& impact,
                      std::optional<absl::Time> end = std::nullopt) {
  Incident i;
  i.set_id(id);
  i.set_title("Incident " + id);
  i.set_impact(impact);
  *i.mutable_start_time() = ToProto(start);
  if (end) *i.mutable_end_time() = ToProto(*end);
  *i.add_events() = Event(id + "-1", "Investigating", start);
  return i;
}

// Every page is due 5 minutes after a success and 1 minute after a failure.
absl::Time FixedPolicy(const ScheduleInput& in) {
  return in.now + (in.outcome == ScrapeReport::Outcome::kFailure ? absl::Minutes(1) : absl::Minutes(5));
}

ScrapeReport Success(std::vector<Incident> incidents, std::vector<Component> components = {}) {
  ScrapeReport r;
  r.outcome = ScrapeReport::Outcome::kSuccess;
  r.incidents = std::move(incidents);
  r.components = std::move(components);
  return r;
}

// Leases due pages and reports `report` for the one at `url`.
absl::StatusOr<ReportSummary> LeaseAndReport(Store& store, const std::string& url, const ScrapeReport& report,
                                             absl::Time now) {
  auto leases = store.LeaseDuePages("t", 100, absl::Minutes(5), now);
  if (!leases.ok()) return leases.status();
  absl::StatusOr<ReportSummary> result = absl::NotFoundError("page was not due");
  for (const auto& lease : *leases) {
    if (lease.page.url() == url) {
      result = store.ApplyReport(lease.lease_id, report, FixedPolicy, now);
    } else if (absl::Status s = store.ReleaseLease(lease.lease_id, now); !s.ok()) {
      return s;
    }
  }
  return result;
}

}  // namespace

void StoreConformanceTest::SetUp() {
  store_ = GetParam().make();
  if (IsSkipped()) return;
  ASSERT_NE(store_, nullptr);
}

TEST_P(StoreConformanceTest, AddedPageIsListedCountedAndFound) {
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("atlassian", "https://status.atlassian.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("Zoom", "https://status.zoom.us"), kT0).ok());
  auto pages = store_->ListPages();
  ASSERT_TRUE(pages.ok()) << pages.status();
  ASSERT_EQ(pages->size(), 3u);
  // Sorted by name case-insensitively.
  EXPECT_EQ((*pages)[0].name(), "atlassian");
  EXPECT_EQ((*pages)[1].name(), "GitHub");
  EXPECT_EQ((*pages)[2].name(), "Zoom");
  EXPECT_EQ(*store_->CountPages(), 3);
  auto by_url = store_->GetPageByUrl("https://www.githubstatus.com");
  ASSERT_TRUE(by_url.ok());
  EXPECT_EQ(by_url->name(), "GitHub");
  EXPECT_FALSE(by_url->is_indexed());
  EXPECT_EQ(by_url->status(), "UNKNOWN");
  // Never-scraped times are absent (null in JSON), not the epoch.
  EXPECT_FALSE(by_url->has_last_currently_scraped());
  EXPECT_FALSE(by_url->has_last_historically_scraped());
  EXPECT_FALSE(by_url->has_last_error_time());
  auto by_name = store_->GetPageByName("gITHUB");
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->url(), "https://www.githubstatus.com");
}

TEST_P(StoreConformanceTest, EmptyStoreListsNothing) {
  EXPECT_TRUE(store_->ListPages()->empty());
  EXPECT_EQ(*store_->CountPages(), 0);
  EXPECT_EQ(*store_->LatestChangeSequence(), 0);
}

TEST_P(StoreConformanceTest, UnknownPagesAreNotFound) {
  EXPECT_EQ(store_->GetPageByUrl("https://nope.example").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetPageByName("nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->ListIncidents({"https://nope.example"}).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->RemovePage("https://nope.example").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->RenamePage("https://nope.example", "x").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, DuplicateUrlOrNameIsRejected) {
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  EXPECT_EQ(store_->AddPage(Page("Other", "https://www.githubstatus.com"), kT0).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->AddPage(Page("GITHUB", "https://other.example"), kT0).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(*store_->CountPages(), 1);
}

TEST_P(StoreConformanceTest, RenameChangesNameAndKeepsUniqueness) {
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("Zoom", "https://status.zoom.us"), kT0).ok());
  auto renamed = store_->RenamePage("https://www.githubstatus.com", "GitHub, Inc.");
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(renamed->name(), "GitHub, Inc.");
  EXPECT_TRUE(store_->GetPageByName("github, inc.").ok());
  EXPECT_EQ(store_->GetPageByName("GitHub").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->RenamePage("https://status.zoom.us", "GITHUB, INC.").status().code(),
            absl::StatusCode::kAlreadyExists);
  // Renaming to the same name with another case is allowed.
  EXPECT_TRUE(store_->RenamePage("https://status.zoom.us", "ZOOM").ok());
}

TEST_P(StoreConformanceTest, RemoveDeletesPageAndItsIncidents) {
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  ASSERT_TRUE(
      LeaseAndReport(*store_, "https://www.githubstatus.com", Success({MakeIncident("a", kT0, "major")}), kT0).ok());
  ASSERT_TRUE(store_->RemovePage("https://www.githubstatus.com").ok());
  EXPECT_EQ(*store_->CountPages(), 0);
  // Added again, it starts empty.
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://www.githubstatus.com"), kT0).ok());
  EXPECT_TRUE(store_->ListIncidents({"https://www.githubstatus.com"})->empty());
}

TEST_P(StoreConformanceTest, CatalogReconciliationAddsUpdatesRemovesAndRespectsAdmins) {
  std::vector<NewPage> catalog = {Page("GitHub", "https://www.githubstatus.com", PageOrigin::kCatalog),
                                  Page("Zoom", "https://status.zoom.us", PageOrigin::kCatalog),
                                  Page("Slack", "https://slack-status.com", PageOrigin::kCatalog)};
  catalog[2].provider = "slack";
  auto first = store_->ReconcileCatalog(catalog, kT0);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->added, 3);
  EXPECT_EQ(store_->GetPageByUrl("https://slack-status.com")->provider(), "slack");

  // Run-time changes: an admin adds a page, removes a catalog page.
  ASSERT_TRUE(store_->AddPage(Page("Mine", "https://status.mine.example"), kT0).ok());
  ASSERT_TRUE(store_->RemovePage("https://status.zoom.us").ok());

  // Same catalog again: nothing changes, the removed page stays removed.
  auto second = store_->ReconcileCatalog(catalog, kT0);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->updated, 0);
  EXPECT_EQ(second->removed, 0);
  EXPECT_EQ(second->skipped.size(), 1u);
  EXPECT_EQ(store_->GetPageByUrl("https://status.zoom.us").status().code(), absl::StatusCode::kNotFound);

  // A new catalog: GitHub renamed, Slack dropped, a new page. The admin's page survives.
  std::vector<NewPage> next = {Page("GitHub Inc", "https://www.githubstatus.com", PageOrigin::kCatalog),
                               Page("Zoom", "https://status.zoom.us", PageOrigin::kCatalog),
                               Page("Stripe", "https://status.stripe.com", PageOrigin::kCatalog)};
  auto third = store_->ReconcileCatalog(next, kT0);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->added, 1);
  EXPECT_EQ(third->updated, 1);
  EXPECT_EQ(third->removed, 1);
  EXPECT_EQ(store_->GetPageByUrl("https://www.githubstatus.com")->name(), "GitHub Inc");
  EXPECT_EQ(store_->GetPageByUrl("https://slack-status.com").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetPageByUrl("https://status.mine.example").ok());
  EXPECT_EQ(*store_->CountPages(), 3);  // GitHub Inc, Stripe, Mine

  // An admin adding a removed catalog page back makes it stay.
  ASSERT_TRUE(store_->AddPage(Page("Zoom", "https://status.zoom.us"), kT0).ok());
  EXPECT_EQ(store_->ReconcileCatalog(next, kT0)->skipped.size(), 0u);
}

TEST_P(StoreConformanceTest, CatalogEntryWhoseNameIsTakenIsSkipped) {
  ASSERT_TRUE(store_->AddPage(Page("GitHub", "https://github.mine.example"), kT0).ok());
  auto result = store_->ReconcileCatalog({Page("github", "https://www.githubstatus.com", PageOrigin::kCatalog)}, kT0);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->added, 0);
  ASSERT_EQ(result->skipped.size(), 1u);
  EXPECT_EQ(*store_->CountPages(), 1);
}

TEST_P(StoreConformanceTest, NewPagesAreDueAtOnceAndLeasedOnlyOnce) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("B", "https://b.example"), kT0).ok());
  auto first = store_->LeaseDuePages("s1", 1, absl::Minutes(5), kT0);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].kind, SCRAPE_KIND_CURRENT);
  EXPECT_EQ((*first)[0].deadline, kT0 + absl::Minutes(5));
  auto second = store_->LeaseDuePages("s2", 10, absl::Minutes(5), kT0);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_NE((*first)[0].page.url(), (*second)[0].page.url());
  EXPECT_TRUE(store_->LeaseDuePages("s3", 10, absl::Minutes(5), kT0)->empty());
}

TEST_P(StoreConformanceTest, ExpiredLeaseIsTakenOverAndItsReportRejected) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  auto dead = store_->LeaseDuePages("dies", 1, absl::Seconds(30), kT0);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_TRUE(store_->LeaseDuePages("s2", 1, absl::Seconds(30), kT0 + absl::Seconds(29))->empty());
  auto takeover = store_->LeaseDuePages("s2", 1, absl::Seconds(30), kT0 + absl::Seconds(31));
  ASSERT_EQ(takeover->size(), 1u);
  auto late = store_->ApplyReport((*dead)[0].lease_id, Success({MakeIncident("x", kT0, "minor")}), FixedPolicy,
                                  kT0 + absl::Seconds(32));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListIncidents({"https://a.example"})->empty());
  EXPECT_TRUE(store_->ApplyReport((*takeover)[0].lease_id, Success({}), FixedPolicy, kT0 + absl::Seconds(33)).ok());
}

TEST_P(StoreConformanceTest, ReportAfterLeaseDeadlineIsRejectedAndStoresNothing) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  auto lease = store_->LeaseDuePages("s", 1, absl::Seconds(30), kT0);
  ASSERT_EQ(lease->size(), 1u);
  auto late = store_->ApplyReport((*lease)[0].lease_id, Success({MakeIncident("x", kT0, "minor")}), FixedPolicy,
                                  kT0 + absl::Seconds(31));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(store_->ListIncidents({"https://a.example"})->empty());
  EXPECT_FALSE(store_->GetPageByUrl("https://a.example")->is_indexed());
}

// One rule on every backend: leasing a page removes that page's expired lease, and only
// that one (its row is locked; other pages' are not). An expired lease of a page not
// leased again stays, so its holder learns that it expired, not that it never existed.
TEST_P(StoreConformanceTest, LeasingRemovesOnlyTheLeasedPagesExpiredLease) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("B", "https://b.example"), kT0).ok());
  auto dead = store_->LeaseDuePages("dies", 2, absl::Seconds(30), kT0);
  ASSERT_TRUE(dead.ok()) << dead.status();
  ASSERT_EQ(dead->size(), 2u);
  std::map<std::string, std::string> dead_lease;  // page url -> lease id
  for (const LeaseRecord& lease : *dead) dead_lease[lease.page.url()] = lease.lease_id;
  const absl::Time later = kT0 + absl::Seconds(31);
  auto takeover = store_->LeaseDuePages("s2", 1, absl::Seconds(30), later);
  ASSERT_TRUE(takeover.ok()) << takeover.status();
  ASSERT_EQ(takeover->size(), 1u);
  ASSERT_EQ((*takeover)[0].page.url(), "https://a.example");  // due as early as B, first by url
  EXPECT_EQ(store_->RenewLease(dead_lease["https://a.example"], absl::Minutes(1), later).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->RenewLease(dead_lease["https://b.example"], absl::Minutes(1), later).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->ApplyReport(dead_lease["https://b.example"], Success({}), FixedPolicy, later).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // B is due still, and leased over its expired lease, which then is gone.
  auto b = store_->LeaseDuePages("s3", 1, absl::Seconds(30), later);
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*b)[0].page.url(), "https://b.example");
  EXPECT_EQ(store_->RenewLease(dead_lease["https://b.example"], absl::Minutes(1), later).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, RenewAndReleaseLeases) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  auto lease = store_->LeaseDuePages("s", 1, absl::Seconds(30), kT0);
  ASSERT_EQ(lease->size(), 1u);
  const std::string id = (*lease)[0].lease_id;
  auto renewed = store_->RenewLease(id, absl::Minutes(2), kT0 + absl::Seconds(20));
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  EXPECT_EQ(*renewed, kT0 + absl::Seconds(20) + absl::Minutes(2));
  // Still held past the original deadline.
  EXPECT_TRUE(store_->LeaseDuePages("other", 1, absl::Seconds(30), kT0 + absl::Seconds(60))->empty());
  EXPECT_EQ(store_->RenewLease(id, absl::Minutes(1), kT0 + absl::Minutes(10)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->RenewLease("no-such-lease", absl::Minutes(1), kT0).status().code(), absl::StatusCode::kNotFound);
  // Released: the page is due again at once.
  auto again = store_->LeaseDuePages("s", 1, absl::Seconds(30), kT0 + absl::Minutes(20));
  ASSERT_EQ(again->size(), 1u);
  ASSERT_TRUE(store_->ReleaseLease((*again)[0].lease_id, kT0 + absl::Minutes(20)).ok());
  EXPECT_EQ(store_->ReleaseLease((*again)[0].lease_id, kT0).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->LeaseDuePages("s", 1, absl::Seconds(30), kT0 + absl::Minutes(20))->size(), 1u);
}

TEST_P(StoreConformanceTest, SuccessfulReportIndexesPageAndSchedulesNextScrapes) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  Component api;
  api.set_id("c1");
  api.set_name("API");
  api.set_status("operational");
  api.set_group("Core");
  ScrapeReport report = Success({MakeIncident("i1", kT0 - absl::Hours(1), "major", kT0)}, {api});
  report.provider = "atlassian-statuspage";
  report.validators["https://a.example/api/v2/summary.json"] = HttpValidators{"\"abc\"", ""};
  auto summary = LeaseAndReport(*store_, "https://a.example", report, kT0);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->created, 1);
  EXPECT_EQ(summary->next_scrape_time, kT0 + absl::Minutes(5));

  auto page = store_->GetPageByUrl("https://a.example");
  EXPECT_TRUE(page->is_indexed());
  EXPECT_EQ(page->status(), "UP");
  EXPECT_EQ(page->provider(), "atlassian-statuspage");
  EXPECT_EQ(FromProto(page->last_currently_scraped()), kT0);
  ASSERT_EQ(page->components_size(), 1);
  EXPECT_EQ(page->components(0).name(), "API");
  EXPECT_EQ(page->components(0).group(), "Core");

  // The historical backfill is due next, with the validators of the last fetch.
  auto backfill = store_->LeaseDuePages("s", 10, absl::Minutes(5), kT0 + absl::Seconds(1));
  ASSERT_EQ(backfill->size(), 1u);
  EXPECT_EQ((*backfill)[0].kind, SCRAPE_KIND_HISTORICAL);
  EXPECT_EQ((*backfill)[0].validators.at("https://a.example/api/v2/summary.json").etag, "\"abc\"");
  ASSERT_TRUE(store_->ApplyReport((*backfill)[0].lease_id, Success({}), FixedPolicy, kT0 + absl::Seconds(2)).ok());
  EXPECT_EQ(FromProto(store_->GetPageByUrl("https://a.example")->last_historically_scraped()), kT0 + absl::Seconds(2));
  // Nothing due until the policy's next time.
  EXPECT_TRUE(store_->LeaseDuePages("s", 10, absl::Minutes(5), kT0 + absl::Minutes(4))->empty());
  EXPECT_EQ(store_->LeaseDuePages("s", 10, absl::Minutes(5), kT0 + absl::Minutes(5))->size(), 1u);
}

TEST_P(StoreConformanceTest, FailureKeepsDataRecordsErrorAndCountsFailures) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({MakeIncident("i1", kT0, "minor")}), kT0).ok());
  int seen_failures = 0;
  SchedulePolicy policy = [&](const ScheduleInput& in) {
    seen_failures = in.consecutive_failures;
    return in.now + absl::Minutes(1);
  };
  for (int i = 1; i <= 2; ++i) {
    const absl::Time now = kT0 + absl::Hours(i);
    auto leases = store_->LeaseDuePages("s", 10, absl::Minutes(5), now);
    ASSERT_FALSE(leases->empty());
    ScrapeReport failure;
    failure.outcome = ScrapeReport::Outcome::kFailure;
    failure.error_message = "GET https://a.example/api/v2/summary.json: HTTP 503";
    ASSERT_TRUE(store_->ApplyReport((*leases)[0].lease_id, failure, policy, now).ok());
    EXPECT_EQ(seen_failures, i);
  }
  auto page = store_->GetPageByUrl("https://a.example");
  EXPECT_EQ(page->last_error(), "GET https://a.example/api/v2/summary.json: HTTP 503");
  EXPECT_EQ(FromProto(page->last_error_time()), kT0 + absl::Hours(2));
  EXPECT_TRUE(page->is_indexed());
  EXPECT_EQ(store_->ListIncidents({"https://a.example"})->size(), 1u);
  // A success clears the error and the failure count.
  auto leases = store_->LeaseDuePages("s", 10, absl::Minutes(5), kT0 + absl::Hours(3));
  ASSERT_FALSE(leases->empty());
  ScrapeReport not_modified;
  not_modified.outcome = ScrapeReport::Outcome::kNotModified;
  ASSERT_TRUE(store_->ApplyReport((*leases)[0].lease_id, not_modified, policy, kT0 + absl::Hours(3)).ok());
  EXPECT_EQ(seen_failures, 0);
  EXPECT_EQ(store_->GetPageByUrl("https://a.example")->last_error(), "");
}

TEST_P(StoreConformanceTest, IncidentsNewestFirstFilteredAndLimited) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  std::vector<Incident> incidents = {
      MakeIncident("old", kT0 - absl::Hours(72), "minor", kT0 - absl::Hours(71)),
      MakeIncident("new", kT0 - absl::Hours(1), "critical", kT0),
      MakeIncident("mid", kT0 - absl::Hours(24), "major", kT0 - absl::Hours(23)),
      MakeIncident("mnt", kT0 - absl::Hours(48), "maintenance", kT0 - absl::Hours(47)),
  };
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success(incidents), kT0).ok());
  auto all = store_->ListIncidents({"https://a.example"});
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].id(), "new");
  EXPECT_EQ((*all)[1].id(), "mid");
  EXPECT_EQ((*all)[2].id(), "mnt");
  EXPECT_EQ((*all)[3].id(), "old");
  EXPECT_EQ((*all)[0].status_page_url(), "https://a.example");
  auto severe = store_->ListIncidents({"https://a.example", {"critical", "major"}});
  ASSERT_EQ(severe->size(), 2u);
  EXPECT_EQ((*severe)[1].id(), "mid");
  auto limited = store_->ListIncidents({"https://a.example", {}, 3});
  ASSERT_EQ(limited->size(), 3u);
  EXPECT_EQ((*limited)[2].id(), "mnt");
  EXPECT_TRUE(store_->ListIncidents({"https://a.example", {"none"}})->empty());
}

// ListIncidents is NOT_FOUND exactly when the page is unknown: a page without incidents
// lists nothing, whatever the filter, and a removed page is unknown again.
TEST_P(StoreConformanceTest, ListIncidentsIsNotFoundExactlyWhenThePageIsUnknown) {
  const std::string url = "https://a.example";
  ASSERT_TRUE(store_->AddPage(Page("A", url), kT0).ok());
  Component api;
  api.set_id("c1");
  api.set_name("API");
  api.set_status("operational");
  ASSERT_TRUE(LeaseAndReport(*store_, url, Success({}, {api}), kT0).ok());
  IncidentQuery filtered{url, {"major", "minor"}, 1};
  for (const IncidentQuery& query : {IncidentQuery{url}, filtered}) {
    auto listed = store_->ListIncidents(query);
    ASSERT_TRUE(listed.ok()) << listed.status();
    EXPECT_TRUE(listed->empty());
  }
  ASSERT_TRUE(store_->RemovePage(url).ok());
  for (const IncidentQuery& query : {IncidentQuery{url}, filtered}) {
    EXPECT_EQ(store_->ListIncidents(query).status().code(), absl::StatusCode::kNotFound);
  }
}

TEST_P(StoreConformanceTest, UnresolvedIncidentMakesPageDegradedUntilResolved) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  Incident open = MakeIncident("open", kT0, "major");
  // Open, but announced for a window that has not begun: not an outage.
  Incident maintenance = MakeIncident("mnt", kT0, "maintenance");
  maintenance.set_status("scheduled");
  *maintenance.mutable_scheduled_start_time() = ToProto(absl::Now() + absl::Hours(24 * 30));
  *maintenance.mutable_scheduled_end_time() = ToProto(absl::Now() + absl::Hours(24 * 30 + 2));
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({open, maintenance}), kT0).ok());
  EXPECT_EQ(store_->GetPageByUrl("https://a.example")->status(), "DEGRADED");
  auto unresolved = store_->ListUnresolvedIncidents("https://a.example");
  ASSERT_EQ(unresolved->size(), 1u);
  EXPECT_EQ((*unresolved)[0].id(), "open");

  open.clear_events();
  *open.add_events() = Event("open-2", "Resolved", kT0 + absl::Minutes(30));
  *open.mutable_end_time() = ToProto(kT0 + absl::Minutes(30));
  auto summary = LeaseAndReport(*store_, "https://a.example", Success({open}), kT0 + absl::Hours(1));
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->updated, 1);
  EXPECT_EQ(store_->GetPageByUrl("https://a.example")->status(), "UP");
  EXPECT_TRUE(store_->ListUnresolvedIncidents("https://a.example")->empty());
}

TEST_P(StoreConformanceTest, UpsertAccumulatesUpdatesAndIsIdempotent) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  Incident first = MakeIncident("i", kT0, "minor");
  ASSERT_EQ(LeaseAndReport(*store_, "https://a.example", Success({first}), kT0)->created, 1);

  // A later scrape shows only the newest update (e.g. a feed that truncates): the first
  // update must survive, and the impact change is taken.
  Incident second = first;
  second.set_impact("major");
  second.clear_events();
  *second.add_events() = Event("i-2", "Identified", kT0 + absl::Minutes(10));
  const absl::Time t1 = kT0 + absl::Hours(1);
  ASSERT_EQ(LeaseAndReport(*store_, "https://a.example", Success({second}), t1)->updated, 1);
  auto stored = store_->ListIncidents({"https://a.example"});
  ASSERT_EQ(stored->size(), 1u);
  ASSERT_EQ((*stored)[0].events_size(), 2);
  EXPECT_EQ((*stored)[0].events(0).title(), "Identified");  // newest first
  EXPECT_EQ((*stored)[0].events(1).title(), "Investigating");
  EXPECT_EQ((*stored)[0].impact(), "major");

  // The same report again changes nothing and logs no change.
  const int64_t changes_before = *store_->LatestChangeSequence();
  auto again = LeaseAndReport(*store_, "https://a.example", Success({second}), t1 + absl::Hours(1));
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(*store_->LatestChangeSequence(), changes_before);
}

TEST_P(StoreConformanceTest, ChangesAreLoggedInOrderPerPage) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  ASSERT_TRUE(store_->AddPage(Page("B", "https://b.example"), kT0).ok());
  Incident a = MakeIncident("a1", kT0, "major");
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({a}), kT0).ok());
  ASSERT_TRUE(LeaseAndReport(*store_, "https://b.example", Success({MakeIncident("b1", kT0, "minor")}), kT0).ok());
  *a.mutable_end_time() = ToProto(kT0 + absl::Minutes(5));
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({a}), kT0 + absl::Hours(1)).ok());

  auto all = store_->ListChanges(0, "", 100);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_LT((*all)[0].sequence, (*all)[1].sequence);
  EXPECT_EQ((*all)[0].kind, IncidentChange::CREATED);
  EXPECT_EQ((*all)[2].kind, IncidentChange::RESOLVED);
  EXPECT_TRUE(IsSet((*all)[2].incident.end_time()));
  EXPECT_EQ((*all)[2].change_time, kT0 + absl::Hours(1));
  auto only_a = store_->ListChanges(0, "https://a.example", 100);
  ASSERT_EQ(only_a->size(), 2u);
  auto after = store_->ListChanges((*all)[0].sequence, "", 1);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].sequence, (*all)[1].sequence);
  EXPECT_EQ(*store_->LatestChangeSequence(), (*all)[2].sequence);
}

TEST_P(StoreConformanceTest, IncidentsNoLongerListedAsOpenAreClosedAndReopenedIfListedAgain) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  const Incident outage = MakeIncident("outage", kT0, "major");
  const Incident other = MakeIncident("other", kT0, "minor");
  const Incident done = MakeIncident("done", kT0, "minor", kT0 + absl::Minutes(5));
  const Incident future = MakeIncident("window", kT0 + absl::Hours(48), "maintenance");
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({outage, other, done, future}), kT0).ok());

  // A source that lists only the latest N incidents: absence means nothing.
  const absl::Time t1 = kT0 + absl::Hours(1);
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({other}), t1).ok());
  EXPECT_EQ(store_->ListUnresolvedIncidents("https://a.example")->size(), 2u);

  // A source that lists every open incident: the missing open ones have ended.
  const absl::Time t2 = kT0 + absl::Hours(2);
  ScrapeReport current = Success({other});
  current.lists_every_open_incident = true;
  auto summary = LeaseAndReport(*store_, "https://a.example", current, t2);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->updated, 2);  // "outage" and the called-off "window"; "done" was closed already
  auto unresolved = store_->ListUnresolvedIncidents("https://a.example");
  ASSERT_EQ(unresolved->size(), 1u);
  EXPECT_EQ((*unresolved)[0].id(), "other");
  std::map<std::string, Incident> by_id;
  auto stored = store_->ListIncidents({"https://a.example"});
  ASSERT_TRUE(stored.ok()) << stored.status();
  for (const auto& i : *stored) by_id[i.id()] = i;
  const Incident& closed = by_id["outage"];
  EXPECT_EQ(FromProto(closed.end_time()), t2);
  EXPECT_EQ(closed.status(), "resolved");
  ASSERT_EQ(closed.events_size(), 2);
  EXPECT_EQ(closed.events(0).id(), kNoLongerListedEventId);
  EXPECT_EQ(closed.events(0).title(), "Resolved");
  EXPECT_EQ(FromProto(by_id["window"].end_time()), kT0 + absl::Hours(48));  // never began: ends at its start
  EXPECT_EQ(by_id["window"].status(), "completed");
  EXPECT_EQ(FromProto(by_id["done"].end_time()), kT0 + absl::Minutes(5));  // untouched
  auto changes = store_->ListChanges(0, "https://a.example", 100);
  ASSERT_TRUE(changes.ok()) << changes.status();
  int resolved = 0;
  for (const auto& c : *changes) resolved += c.kind == IncidentChange::RESOLVED;
  EXPECT_EQ(resolved, 2);

  // The same listing again: nothing more to close, nothing logged.
  const int64_t before = *store_->LatestChangeSequence();
  ASSERT_EQ(LeaseAndReport(*store_, "https://a.example", current, kT0 + absl::Hours(3))->updated, 0);
  EXPECT_EQ(*store_->LatestChangeSequence(), before);

  // Listed as open again (a glitch, or the vendor reopened it): the inferred closure is
  // taken back; the vendor's own updates stay.
  ScrapeReport relisted = Success({other, outage});
  relisted.lists_every_open_incident = true;
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", relisted, kT0 + absl::Hours(4)).ok());
  unresolved = store_->ListUnresolvedIncidents("https://a.example");
  ASSERT_EQ(unresolved->size(), 2u);
  stored = store_->ListIncidents({"https://a.example"});
  ASSERT_TRUE(stored.ok()) << stored.status();
  for (const auto& i : *stored) {
    if (i.id() != "outage") continue;
    EXPECT_FALSE(IsSet(i.end_time()));
    ASSERT_EQ(i.events_size(), 1);
    EXPECT_EQ(i.events(0).id(), "outage-1");
  }
}

TEST_P(StoreConformanceTest, ReportWithEmptyComponentsKeepsStoredComponents) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  Component c;
  c.set_id("c");
  c.set_name("Web");
  c.set_status("major_outage");
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({}, {c}), kT0).ok());
  ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({}), kT0 + absl::Hours(1)).ok());
  auto page = store_->GetPageByUrl("https://a.example");
  ASSERT_EQ(page->components_size(), 1);
  EXPECT_EQ(page->components(0).status(), "major_outage");
}

TEST_P(StoreConformanceTest, ReportedComponentsReplaceStoredOnesWhenTheyDiffer) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  auto component = [](const std::string& name, const std::string& status) {
    Component c;
    c.set_id(name);
    c.set_name(name);
    c.set_status(status);
    return c;
  };
  const std::vector<std::vector<Component>> reports = {
      {component("Web", "major_outage"), component("API", "operational")},
      {component("Web", "major_outage"), component("API", "operational")},  // the same again
      {component("Web", "operational"), component("API", "operational")},   // one status
      {component("API", "operational"), component("Web", "operational")},   // the order
      {component("API", "operational")},                                    // one fewer
      {component("API", "operational"), component("DB", "degraded_performance")},
  };
  absl::Time now = kT0;
  for (const auto& reported : reports) {
    now += absl::Hours(1);
    ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", Success({}, reported), now).ok());
    auto page = store_->GetPageByUrl("https://a.example");
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->components_size(), static_cast<int>(reported.size()));
    for (size_t i = 0; i < reported.size(); ++i) {
      EXPECT_EQ(page->components(i).name(), reported[i].name());
      EXPECT_EQ(page->components(i).status(), reported[i].status());
    }
  }
}

TEST_P(StoreConformanceTest, ReportedValidatorsReplaceStoredOnes) {
  ASSERT_TRUE(store_->AddPage(Page("A", "https://a.example"), kT0).ok());
  const std::string url = "https://a.example/api/v2/summary.json";
  const std::vector<HttpValidators> reports = {
      {"\"a\"", ""}, {"\"a\"", ""}, {"\"b\"", ""}, {"\"b\"", "Tue, 01 Jan 2030 00:00:00 GMT"}, {"", ""}};
  absl::Time now = kT0;
  for (const HttpValidators& reported : reports) {
    now += absl::Hours(1);
    ScrapeReport report = Success({});
    report.validators[url] = reported;
    ASSERT_TRUE(LeaseAndReport(*store_, "https://a.example", report, now).ok());
    auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), now + absl::Hours(1));
    ASSERT_TRUE(leases.ok());
    ASSERT_EQ(leases->size(), 1u);
    EXPECT_EQ((*leases)[0].validators.at(url), reported);
    ASSERT_TRUE(store_->ReleaseLease((*leases)[0].lease_id, now).ok());
  }
}

TEST_P(StoreConformanceTest, TextSurvivesRoundTripExactly) {
  const std::string name = "Ünïcode ✓ 'quotes' \"double\" ; DROP TABLE pages; --";
  ASSERT_TRUE(store_->AddPage(Page(name, "https://u.example"), kT0).ok());
  EXPECT_EQ(store_->GetPageByUrl("https://u.example")->name(), name);
  Incident i = MakeIncident("ü/1", kT0, "none");
  i.set_description(std::string("nul\0byte", 8));
  ASSERT_TRUE(LeaseAndReport(*store_, "https://u.example", Success({i}), kT0).ok());
  auto stored = store_->ListIncidents({"https://u.example"});
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].id(), "ü/1");
  EXPECT_EQ((*stored)[0].description(), std::string("nul\0byte", 8));
}

}  // namespace statusphere::store
