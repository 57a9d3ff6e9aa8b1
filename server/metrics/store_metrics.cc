#include "server/metrics/store_metrics.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/utf8.h"
#include "common/vocabulary.h"
#include "server/store/page_status.h"

namespace statusphere::metrics {
namespace {

namespace vocab = statusphere::vocabulary;

// The impacts an open incident is counted under; maintenance is not an outage (and the
// store's unresolved incidents leave it out).
constexpr std::array<absl::string_view, 4> kOpenImpacts = {vocab::kImpactCritical, vocab::kImpactMajor,
                                                           vocab::kImpactMinor, vocab::kImpactNone};

std::string Version(const store::StatusPage& page) {
  return absl::StrCat(page.status(), "|", page.last_currently_scraped().seconds(), ".",
                      page.last_currently_scraped().nanos(), "|", page.last_historically_scraped().seconds(), "|",
                      page.last_error_time().seconds(), ".", page.last_error_time().nanos());
}

// A label value from a status page (a component's name) cut to 200 bytes, on a UTF-8
// character boundary: a hostile page must not make every scrape of /metrics megabytes long.
std::string Bounded(std::string text) {
  constexpr size_t kMax = 200;
  if (text.size() <= kMax) return text;
  return absl::StrCat(Utf8Prefix(text, kMax), "...");
}

// The last time the page was tried: its last success or its last failure.
absl::Time LastAttempt(const store::StatusPage& page) {
  absl::Time last = absl::InfinitePast();
  if (page.has_last_currently_scraped()) last = FromProto(page.last_currently_scraped());
  if (page.has_last_error_time()) last = std::max(last, FromProto(page.last_error_time()));
  return last;
}

}  // namespace

double ComponentStatusValue(const std::string& status) {
  if (status == vocab::kComponentOperational) return 0;
  if (status == vocab::kComponentUnderMaintenance) return 1;
  if (status == vocab::kComponentDegradedPerformance) return 2;
  if (status == vocab::kComponentPartialOutage) return 3;
  if (status == vocab::kComponentMajorOutage) return 4;
  return -1;
}

StoreMetrics::StoreMetrics(store::Store* store, StoreMetricsOptions options) : store_(store), options_(options) {}

std::vector<CollectedFamily> StoreMetrics::Collect(absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (now - last_read_ < options_.min_interval) return last_;
  const Stopwatch stopwatch;
  int reads = 0;
  int errors = 0;

  CollectedFamily page_status{
      "statusphere_page_status",
      "Each status page's overall status as a state set: 1 for the status it has now (up, "
      "degraded: an incident is unresolved, unknown: never indexed or stale), 0 for the others.",
      {"page", "url", "status"}};
  CollectedFamily open_incidents{"statusphere_page_open_incidents",
                                 "Unresolved incidents of each status page by impact (critical, major, minor, none); "
                                 "maintenance is not counted.",
                                 {"page", "url", "impact"}};
  CollectedFamily components{"statusphere_component_status",
                             "Each component's status as a number: 0 operational, 1 under_maintenance, 2 "
                             "degraded_performance, 3 partial_outage, 4 major_outage, -1 unknown. At most "
                             "--metrics_components_per_page per page.",
                             {"page", "url", "component"}};
  CollectedFamily pages_by_provider{
      "statusphere_pages", "Status pages watched, by detected provider (empty until detected).", {"provider"}};
  CollectedFamily failing_by_provider{
      "statusphere_pages_failing", "Status pages whose last scrape failed, by detected provider.", {"provider"}};
  CollectedFamily overdue{"statusphere_pages_overdue",
                          "Pages whose last current scrape attempt is older than the scrape interval with its jitter "
                          "plus a minute, or never tried: due but not scraped.",
                          {}};
  CollectedFamily lag{"statusphere_freshness_lag_seconds",
                      "How long past its due time the most overdue page is (0 when none is overdue; pages never "
                      "tried are counted in statusphere_pages_overdue only).",
                      {}};
  CollectedFamily stale{"statusphere_pages_stale",
                        "Pages indexed once whose last successful scrape is older than --stale_after: their status "
                        "reads unknown until a scrape succeeds.",
                        {}};
  int stale_pages = 0;
  CollectedFamily interval{"statusphere_scrape_interval_seconds", "The current-scrape interval of each page.", {}};
  interval.samples.push_back({{}, absl::ToDoubleSeconds(options_.current_interval)});

  absl::StatusOr<std::vector<store::StatusPage>> pages = store_->ListPages();
  ++reads;
  if (!pages.ok()) ++errors;
  std::set<std::string> seen;
  std::map<std::string, int> provider_pages, provider_failing;
  int overdue_pages = 0;
  double max_lag = 0;
  const absl::Duration due_after =
      options_.current_interval * (1 + std::max(0.0, options_.jitter)) + options_.overdue_grace;
  for (const store::StatusPage& page : pages.ok() ? *pages : std::vector<store::StatusPage>{}) {
    seen.insert(page.url());
    // The open incidents are those last read; the status is the one the API answers now.
    const std::string status = absl::AsciiStrToLower(page.status().empty() ? store::kStatusUnknown : page.status());
    store::StatusPage answered = page;
    store::ApplyStaleness(answered, now, options_.stale_after);
    const std::string status_now = absl::AsciiStrToLower(answered.status());
    if (page.is_indexed() && answered.status() != page.status()) ++stale_pages;
    for (absl::string_view s : {"up", "degraded", "unknown"}) {
      page_status.samples.push_back({{page.name(), page.url(), std::string(s)}, status_now == s ? 1.0 : 0.0});
    }
    ++provider_pages[page.provider()];
    if (!page.last_error().empty()) ++provider_failing[page.provider()];
    const absl::Time last = LastAttempt(page);
    if (last == absl::InfinitePast()) {
      ++overdue_pages;
    } else if (now - last > due_after) {
      ++overdue_pages;
      max_lag = std::max(max_lag, absl::ToDoubleSeconds(now - last - options_.current_interval));
    }

    // Re-read what the list does not carry only for pages that changed, and only so many.
    PageDetail& detail = details_[page.url()];
    const std::string version = Version(page);
    if (detail.version != version && reads < options_.max_page_reads + 2) {
      PageDetail fresh;
      fresh.version = version;
      bool ok = true;
      if (status == "degraded") {
        absl::StatusOr<std::vector<store::Incident>> open = store_->ListUnresolvedIncidents(page.url());
        ++reads;
        ok = open.ok();
        for (const store::Incident& incident : ok ? *open : std::vector<store::Incident>{}) {
          ++fresh.open_by_impact[incident.impact()];
        }
      }
      if (ok && options_.max_components_per_page > 0 && page.is_indexed()) {
        absl::StatusOr<store::StatusPage> full = store_->GetPageByUrl(page.url());
        ++reads;
        ok = full.ok();
        std::set<std::string> names;
        for (int i = 0; ok && i < full->components_size() && i < options_.max_components_per_page; ++i) {
          const store::Component& c = full->components(i);
          std::string name = Bounded(c.group().empty() ? c.name() : absl::StrCat(c.group(), " / ", c.name()));
          // Two components of one name (pages do that) must not be one series twice.
          if (names.count(name) > 0) name = absl::StrCat(name, " (", c.id(), ")");
          if (!names.insert(name).second) continue;
          fresh.components.push_back({name, ComponentStatusValue(c.status())});
        }
      }
      if (ok) {
        detail = std::move(fresh);
      } else {
        ++errors;  // read again at the next scrape
      }
    }
    // A page now up has no open incidents, whatever was read when it was degraded.
    for (absl::string_view impact : kOpenImpacts) {
      auto it = detail.open_by_impact.find(std::string(impact));
      const int count = status == "degraded" && it != detail.open_by_impact.end() ? it->second : 0;
      open_incidents.samples.push_back({{page.name(), page.url(), std::string(impact)}, static_cast<double>(count)});
    }
    for (const auto& [name, value] : detail.components) {
      components.samples.push_back({{page.name(), page.url(), name}, value});
    }
  }
  // Forget removed pages.
  for (auto it = details_.begin(); it != details_.end();) {
    it = seen.count(it->first) > 0 ? std::next(it) : details_.erase(it);
  }
  for (const auto& [provider, count] : provider_pages) {
    pages_by_provider.samples.push_back({{provider}, static_cast<double>(count)});
    failing_by_provider.samples.push_back({{provider}, static_cast<double>(provider_failing[provider])});
  }
  if (pages.ok()) {
    overdue.samples.push_back({{}, static_cast<double>(overdue_pages)});
    stale.samples.push_back({{}, static_cast<double>(stale_pages)});
    lag.samples.push_back({{}, max_lag});
  }

  CollectedFamily pending{"statusphere_notifications_pending",
                          "Webhook notifications waiting to be sent or being retried (the outbox), all subscriptions.",
                          {}};
  CollectedFamily failed{
      "statusphere_notifications_failed",
      "Webhook notifications given up on and not yet pruned (--notify_retention), all subscriptions.",
      {}};
  absl::StatusOr<std::vector<store::Subscription>> subscriptions = store_->ListSubscriptions();
  ++reads;
  if (subscriptions.ok()) {
    double pending_count = 0, failed_count = 0;
    for (const store::Subscription& s : *subscriptions) {
      pending_count += s.delivery().pending();
      failed_count += s.delivery().failed();
    }
    pending.samples.push_back({{}, pending_count});
    failed.samples.push_back({{}, failed_count});
  } else {
    ++errors;
  }

  CollectedFamily cost{"statusphere_metrics_store_reads",
                       "Store calls the last reading of these metrics made (bounded by the page reads cap).",
                       {}};
  cost.samples.push_back({{}, static_cast<double>(reads)});
  CollectedFamily cost_time{
      "statusphere_metrics_collect_seconds", "How long the last reading of these metrics took.", {}};
  cost_time.samples.push_back({{}, stopwatch.Seconds()});
  CollectedFamily error_count{
      "statusphere_metrics_store_errors", "Store calls that failed during the last reading of these metrics.", {}};
  error_count.samples.push_back({{}, static_cast<double>(errors)});

  last_ = {std::move(page_status),
           std::move(open_incidents),
           std::move(components),
           std::move(pages_by_provider),
           std::move(failing_by_provider),
           std::move(overdue),
           std::move(stale),
           std::move(lag),
           std::move(interval),
           std::move(pending),
           std::move(failed),
           std::move(cost),
           std::move(cost_time),
           std::move(error_count)};
  last_read_ = now;
  return last_;
}

}  // namespace statusphere::metrics
