#include "server/metrics/store_metrics.h"

#include <optional>

#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "server/store/sqlite/sqlite_store.h"

namespace statusphere::metrics {
namespace {

using store::Component;
using store::Incident;
using store::ScrapeReport;

const absl::Time kT0 = absl::FromUnixSeconds(1800000000);

absl::Time Policy(const store::ScheduleInput& in) { return in.now + absl::Minutes(5); }

Incident MakeIncident(const std::string& id, const std::string& impact, bool open) {
  Incident i;
  i.set_id(id);
  i.set_title("Incident " + id);
  i.set_impact(impact);
  *i.mutable_start_time() = ToProto(kT0 - absl::Hours(1));
  if (!open) *i.mutable_end_time() = ToProto(kT0 - absl::Minutes(30));
  return i;
}

Component MakeComponent(const std::string& id, const std::string& name, const std::string& status,
                        const std::string& group = "") {
  Component c;
  c.set_id(id);
  c.set_name(name);
  c.set_status(status);
  c.set_group(group);
  return c;
}

// The value of the sample with these labels in the family `name`, if any.
std::optional<double> Sample(const std::vector<CollectedFamily>& families, const std::string& name,
                             const Labels& labels = {}) {
  for (const CollectedFamily& f : families) {
    if (f.name != name) continue;
    for (const auto& [l, v] : f.samples) {
      if (l == labels) return v;
    }
  }
  return std::nullopt;
}

size_t SeriesCount(const std::vector<CollectedFamily>& families, const std::string& name) {
  for (const CollectedFamily& f : families) {
    if (f.name == name) return f.samples.size();
  }
  return 0;
}

class StoreMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::SqliteStore::Open(":memory:");
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
    for (const auto& [name, url] :
         {std::pair{"GitHub", "https://www.githubstatus.com"}, std::pair{"Stripe", "https://status.stripe.com"},
          std::pair{"Broken", "https://status.broken.example"}, std::pair{"Newcomer", "https://status.new.example"}}) {
      ASSERT_TRUE(store_->AddPage({name, url, "", store::PageOrigin::kAdmin}, kT0 - absl::Hours(2)).ok());
    }
    // Scraped at kT0: GitHub with an open major and a resolved minor incident and three
    // components (two of one name), Stripe all well, Broken failing; Newcomer never.
    auto leases = store_->LeaseDuePages("t", 10, absl::Minutes(5), kT0);
    ASSERT_TRUE(leases.ok());
    for (const store::LeaseRecord& lease : *leases) {
      ScrapeReport report;
      report.provider = "atlassian-statuspage";
      if (lease.page.url() == "https://www.githubstatus.com") {
        report.incidents = {MakeIncident("a", "major", true), MakeIncident("b", "minor", false)};
        report.components = {MakeComponent("c1", "Git Operations", "major_outage"),
                             MakeComponent("c2", "API", "operational", "Core"),
                             MakeComponent("c3", "API", "degraded_performance", "Core")};
      } else if (lease.page.url() == "https://status.stripe.com") {
        // A hostile name: 300 bytes of "é" is cut to 200 (100 characters) and "...".
        std::string long_name;
        for (int i = 0; i < 150; ++i) long_name += "\xc3\xa9";
        report.components = {MakeComponent("s1", "Payments", "operational"),
                             MakeComponent("s2", long_name, "operational")};
      } else if (lease.page.url() == "https://status.broken.example") {
        report.outcome = ScrapeReport::Outcome::kFailure;
        report.error_message = "HTTP 500";
        report.provider = "";
      } else {
        ASSERT_TRUE(store_->ReleaseLease(lease.lease_id, kT0).ok());
        continue;
      }
      ASSERT_TRUE(store_->ApplyReport(lease.lease_id, report, Policy, kT0).ok());
    }
  }
  std::unique_ptr<store::Store> store_;
};

TEST_F(StoreMetricsTest, VendorStatusPerPageIncidentAndComponent) {
  StoreMetrics metrics(store_.get(), {});
  const std::vector<CollectedFamily> f = metrics.Collect(kT0 + absl::Minutes(1));
  const std::string gh = "https://www.githubstatus.com";
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"GitHub", gh, "degraded"}), 1);
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"GitHub", gh, "up"}), 0);
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"Stripe", "https://status.stripe.com", "up"}), 1);
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"Newcomer", "https://status.new.example", "unknown"}), 1);
  EXPECT_EQ(SeriesCount(f, "statusphere_page_status"), 12u);  // 4 pages x 3 states

  EXPECT_EQ(Sample(f, "statusphere_page_open_incidents", {"GitHub", gh, "major"}), 1);
  EXPECT_EQ(Sample(f, "statusphere_page_open_incidents", {"GitHub", gh, "minor"}), 0);  // resolved
  EXPECT_EQ(Sample(f, "statusphere_page_open_incidents", {"GitHub", gh, "critical"}), 0);
  EXPECT_EQ(SeriesCount(f, "statusphere_page_open_incidents"), 16u);

  EXPECT_EQ(Sample(f, "statusphere_component_status", {"GitHub", gh, "Git Operations"}), 4);
  EXPECT_EQ(Sample(f, "statusphere_component_status", {"GitHub", gh, "Core / API"}), 0);
  EXPECT_EQ(Sample(f, "statusphere_component_status", {"GitHub", gh, "Core / API (c3)"}), 2);
  EXPECT_EQ(Sample(f, "statusphere_component_status", {"Stripe", "https://status.stripe.com", "Payments"}), 0);
  std::string cut;
  for (int i = 0; i < 100; ++i) cut += "\xc3\xa9";
  EXPECT_EQ(Sample(f, "statusphere_component_status", {"Stripe", "https://status.stripe.com", cut + "..."}), 0);
  EXPECT_EQ(SeriesCount(f, "statusphere_component_status"), 5u);

  EXPECT_EQ(Sample(f, "statusphere_pages", {"atlassian-statuspage"}), 2);
  EXPECT_EQ(Sample(f, "statusphere_pages", {""}), 2);
  EXPECT_EQ(Sample(f, "statusphere_pages_failing", {""}), 1);
  EXPECT_EQ(Sample(f, "statusphere_pages_failing", {"atlassian-statuspage"}), 0);
  EXPECT_EQ(Sample(f, "statusphere_notifications_pending"), 0);
  // One minute after the scrapes only the page never tried is overdue.
  EXPECT_EQ(Sample(f, "statusphere_pages_overdue"), 1);
  EXPECT_EQ(Sample(f, "statusphere_freshness_lag_seconds"), 0);
  EXPECT_EQ(Sample(f, "statusphere_scrape_interval_seconds"), 300);
}

// Read at kT0 with a 15 min bound: fresh at kT0 + 10 min; at kT0 + 20 min GitHub and Stripe
// (indexed) are stale and read unknown, while their open incidents stay those last read.
TEST_F(StoreMetricsTest, PagesNotReadSinceTheBoundAreStaleAndUnknown) {
  StoreMetricsOptions options;
  options.stale_after = absl::Minutes(15);
  const std::string gh = "https://www.githubstatus.com";
  {
    StoreMetrics metrics(store_.get(), options);
    const std::vector<CollectedFamily> f = metrics.Collect(kT0 + absl::Minutes(10));
    EXPECT_EQ(Sample(f, "statusphere_pages_stale"), 0);
    EXPECT_EQ(Sample(f, "statusphere_page_status", {"GitHub", gh, "degraded"}), 1);
  }
  StoreMetrics metrics(store_.get(), options);
  const std::vector<CollectedFamily> f = metrics.Collect(kT0 + absl::Minutes(20));
  EXPECT_EQ(Sample(f, "statusphere_pages_stale"), 2);
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"GitHub", gh, "unknown"}), 1);
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"GitHub", gh, "degraded"}), 0);
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"Stripe", "https://status.stripe.com", "unknown"}), 1);
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"Stripe", "https://status.stripe.com", "up"}), 0);
  EXPECT_EQ(Sample(f, "statusphere_page_open_incidents", {"GitHub", gh, "major"}), 1);
  // Never indexed is unknown too, but not stale.
  EXPECT_EQ(Sample(f, "statusphere_page_status", {"Newcomer", "https://status.new.example", "unknown"}), 1);
}

TEST_F(StoreMetricsTest, FreshnessLagCountsFromTheDueTime) {
  StoreMetrics metrics(store_.get(), {});
  // 10 minutes after the scrapes: every page is past 5 min x 1.1 + 1 min; the lag is
  // 10 - 5 = 5 minutes past the due time.
  const std::vector<CollectedFamily> f = metrics.Collect(kT0 + absl::Minutes(10));
  EXPECT_EQ(Sample(f, "statusphere_pages_overdue"), 4);
  EXPECT_EQ(Sample(f, "statusphere_freshness_lag_seconds"), 300);
}

TEST_F(StoreMetricsTest, ComponentSeriesAreBoundedPerPage) {
  StoreMetricsOptions options;
  options.max_components_per_page = 2;
  StoreMetrics metrics(store_.get(), options);
  const std::vector<CollectedFamily> f = metrics.Collect(kT0 + absl::Minutes(1));
  EXPECT_EQ(SeriesCount(f, "statusphere_component_status"), 4u);  // the first 2 of GitHub and of Stripe
  options.max_components_per_page = 0;
  StoreMetrics none(store_.get(), options);
  EXPECT_EQ(SeriesCount(none.Collect(kT0 + absl::Minutes(1)), "statusphere_component_status"), 0u);
}

TEST_F(StoreMetricsTest, OnlyChangedPagesAreReadAgainAndReadsAreCapped) {
  StoreMetricsOptions options;
  options.min_interval = absl::ZeroDuration();
  StoreMetrics metrics(store_.get(), options);
  // First reading: ListPages, GitHub's incidents and page, Stripe's page, ListSubscriptions
  // (Broken and Newcomer were never indexed: nothing more to read).
  EXPECT_EQ(Sample(metrics.Collect(kT0 + absl::Minutes(1)), "statusphere_metrics_store_reads"), 5);
  // Nothing changed: the list and the subscriptions only.
  EXPECT_EQ(Sample(metrics.Collect(kT0 + absl::Minutes(2)), "statusphere_metrics_store_reads"), 2);

  options.max_page_reads = 1;
  StoreMetrics capped(store_.get(), options);
  const std::vector<CollectedFamily> f = capped.Collect(kT0 + absl::Minutes(1));
  EXPECT_LE(*Sample(f, "statusphere_metrics_store_reads"), 4);
  const std::vector<CollectedFamily> again = capped.Collect(kT0 + absl::Minutes(1));
  // The pages left over are read at the next scrape: all five components are there now.
  EXPECT_EQ(SeriesCount(again, "statusphere_component_status"), 5u);
}

TEST_F(StoreMetricsTest, RequestsCloseTogetherShareOneReading) {
  StoreMetrics metrics(store_.get(), {});  // min_interval 5 s
  metrics.Collect(kT0 + absl::Minutes(1));
  ASSERT_TRUE(store_->RemovePage("https://status.stripe.com").ok());
  EXPECT_EQ(SeriesCount(metrics.Collect(kT0 + absl::Minutes(1) + absl::Seconds(4)), "statusphere_page_status"), 12u);
  EXPECT_EQ(SeriesCount(metrics.Collect(kT0 + absl::Minutes(1) + absl::Seconds(6)), "statusphere_page_status"), 9u);
}

// Calls of `operation` the store has timed so far (the registry is the process's).
double TimedCalls(const std::string& operation) {
  const std::string text = DefaultRegistry().Render();
  const std::string key =
      "statusphere_store_operation_duration_seconds_count{operation=\"" + operation + "\",outcome=\"ok\"} ";
  const size_t at = text.find(key);
  return at == std::string::npos ? 0 : std::stod(text.substr(at + key.size()));
}

TEST_F(StoreMetricsTest, TheStoreTimesEachOperation) {
  const double lists = TimedCalls("ListPages");
  const double reports = TimedCalls("ApplyReport");
  EXPECT_GE(reports, 3);  // SetUp's
  StoreMetrics metrics(store_.get(), {});
  metrics.Collect(kT0 + absl::Minutes(1));
  EXPECT_EQ(TimedCalls("ListPages"), lists + 1);
  EXPECT_EQ(TimedCalls("ApplyReport"), reports);
  // The newest methods too: timing is where every method meets the database, not in a
  // wrapper that each new method must remember.
  const double slices = TimedCalls("ListPagesAfter");
  const double unhealthy = TimedCalls("ListUnhealthyPages");
  ASSERT_TRUE(store_->ListPagesAfter(std::nullopt, 2).ok());
  ASSERT_TRUE(store_->ListUnhealthyPages().ok());
  EXPECT_EQ(TimedCalls("ListPagesAfter"), slices + 1);
  EXPECT_EQ(TimedCalls("ListUnhealthyPages"), unhealthy + 1);
}

TEST_F(StoreMetricsTest, OnlyWritesOfContentMoveTheContentGeneration) {
  const uint64_t before = store_->content_generation();
  ASSERT_TRUE(store_->ListPages().ok());
  auto leases = store_->LeaseDuePages("t", 1, absl::Minutes(5), kT0 + absl::Hours(1));
  ASSERT_TRUE(leases.ok());
  EXPECT_EQ(store_->content_generation(), before) << "reads and leases change no answer";
  ASSERT_TRUE(store_->RenamePage("https://status.stripe.com", "Stripe Inc").ok());
  EXPECT_EQ(store_->content_generation(), before + 1);
  // A failed write counts too: its commit may have happened with the answer lost.
  EXPECT_FALSE(store_->RenamePage("https://status.unknown.example", "Nobody").ok());
  EXPECT_EQ(store_->content_generation(), before + 2);
}

TEST(ComponentStatusValue, DocumentedNumbers) {
  EXPECT_EQ(ComponentStatusValue("operational"), 0);
  EXPECT_EQ(ComponentStatusValue("under_maintenance"), 1);
  EXPECT_EQ(ComponentStatusValue("degraded_performance"), 2);
  EXPECT_EQ(ComponentStatusValue("partial_outage"), 3);
  EXPECT_EQ(ComponentStatusValue("major_outage"), 4);
  EXPECT_EQ(ComponentStatusValue("unknown"), -1);
}

}  // namespace
}  // namespace statusphere::metrics

namespace statusphere::metrics {
namespace {

// The cost of one /metrics request with 1,600 pages, 800 of them degraded and every indexed
// page listing 20 components (one lists 475, as Statuspage's largest do): the store reads
// stay within the cap, a second request reads only the list, and the series stay within the
// per-page component bound. The times are printed for the record, not asserted.
TEST(StoreMetricsScale, SixteenHundredPagesCostBoundedReads) {
  auto opened = store::SqliteStore::Open(":memory:");
  ASSERT_TRUE(opened.ok());
  std::unique_ptr<store::Store> s = *std::move(opened);
  constexpr int kPages = 1600;
  for (int i = 0; i < kPages; ++i) {
    const std::string url = "https://status" + std::to_string(i) + ".example.com";
    ASSERT_TRUE(s->AddPage({"Vendor " + std::to_string(i), url, "", store::PageOrigin::kAdmin}, kT0).ok());
  }
  // Each page is due twice (current and historical scrapes): lease until none is left.
  for (int round = 0; round < 4 * kPages / 100; ++round) {
    auto leases = s->LeaseDuePages("t", 100, absl::Minutes(5), kT0);
    ASSERT_TRUE(leases.ok());
    if (leases->empty()) break;
    for (const store::LeaseRecord& lease : *leases) {
      const int i = std::stoi(lease.page.url().substr(std::string("https://status").size()));
      ScrapeReport report;
      report.provider = "atlassian-statuspage";
      const int components = i == 7 ? 475 : 20;
      for (int c = 0; c < components; ++c) {
        report.components.push_back(MakeComponent("c" + std::to_string(c), "Component " + std::to_string(c),
                                                  c == 0 && i % 2 == 0 ? "major_outage" : "operational"));
      }
      if (i % 2 == 0) report.incidents = {MakeIncident("open-" + std::to_string(i), "major", true)};
      ASSERT_TRUE(s->ApplyReport(lease.lease_id, report, Policy, kT0).ok());
    }
  }
  StoreMetricsOptions options;
  options.min_interval = absl::ZeroDuration();
  StoreMetrics metrics(s.get(), options);  // 100 components per page, 200 page reads
  absl::Time start = absl::Now();
  std::vector<CollectedFamily> f = metrics.Collect(kT0 + absl::Minutes(1));
  const absl::Duration first = absl::Now() - start;
  EXPECT_LE(*Sample(f, "statusphere_metrics_store_reads"), 200 + 3);
  EXPECT_EQ(SeriesCount(f, "statusphere_page_status"), 3u * kPages);
  // Until every page was read once, requests keep reading up to the cap.
  int requests = 1;
  while (SeriesCount(f, "statusphere_component_status") < 1599u * 20 + 100 && requests < 20) {
    f = metrics.Collect(kT0 + absl::Minutes(1));
    ++requests;
  }
  EXPECT_EQ(SeriesCount(f, "statusphere_component_status"), 1599u * 20 + 100);  // 475 cut to 100
  EXPECT_EQ(Sample(f, "statusphere_page_open_incidents", {"Vendor 8", "https://status8.example.com", "major"}), 1);
  EXPECT_EQ(Sample(f, "statusphere_component_status", {"Vendor 8", "https://status8.example.com", "Component 0"}), 4);
  start = absl::Now();
  f = metrics.Collect(kT0 + absl::Minutes(1));
  const absl::Duration steady = absl::Now() - start;
  EXPECT_EQ(Sample(f, "statusphere_metrics_store_reads"), 2);
  start = absl::Now();
  ASSERT_TRUE(s->ListPages().ok());
  const absl::Duration list = absl::Now() - start;
  // Rendering the whole registry (the /metrics body) with these families.
  Registry registry;
  registry.AddCollector([&] { return metrics.Collect(kT0 + absl::Minutes(1)); });
  start = absl::Now();
  const std::string body = registry.Render();
  const absl::Duration render = absl::Now() - start;
  std::printf(
      "1600 pages: first request %s (%d requests to read every page once), steady request %s, "
      "render %s for %zu bytes; ListPages alone %s\n",
      absl::FormatDuration(first).c_str(), requests, absl::FormatDuration(steady).c_str(),
      absl::FormatDuration(render).c_str(), body.size(), absl::FormatDuration(list).c_str());
}

}  // namespace
}  // namespace statusphere::metrics
