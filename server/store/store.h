// The storage interface the server is built on: one implementation (sql/sql_store.h) on two
// databases, SQLite (embedded default) and PostgreSQL, which pass one conformance suite.
// Nothing here is specific to either:
// times are absl::Time, resources are the contract's proto messages, errors are
// absl::Status with canonical codes.
#ifndef STATUSPHERE_SERVER_STORE_STORE_H_
#define STATUSPHERE_SERVER_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "statusphere/v1/resources.pb.h"
#include "statusphere/v1/scrape_service.pb.h"
#include "statusphere/v1/status_page_service.pb.h"
#include "statusphere/v1/subscription_service.pb.h"

namespace statusphere::store {

using statusphere::v1::Component;
using statusphere::v1::Incident;
using statusphere::v1::IncidentChange;
using statusphere::v1::ScrapeFailure;
using statusphere::v1::ScrapeKind;
using statusphere::v1::StatusPage;
using statusphere::v1::Subscription;

// Where a page came from: the seeded catalog, or an administrator at run time. Catalog
// reconciliation only ever touches catalog pages.
enum class PageOrigin { kCatalog, kAdmin };

struct NewPage {
  std::string name;
  std::string url;       // already normalized
  std::string provider;  // may be empty
  PageOrigin origin = PageOrigin::kAdmin;
};

struct CatalogReconciliation {
  int added = 0;
  int updated = 0;
  int removed = 0;
  // Entries skipped because their name belongs to another page, or an admin removed them.
  std::vector<std::string> skipped;
};

struct IncidentQuery {
  std::string page_url;
  // Keep only these impacts; empty keeps all.
  std::set<std::string> impacts;
  // At most this many, newest start first; 0 = no limit.
  int limit = 0;
  // When set, only incidents still open, ending at or after this time, or starting at or
  // after it: those that can cover a time window beginning then (GetUptime), read without
  // the page's whole history.
  std::optional<absl::Time> open_at_or_after;
};

// Where a page sits in ListPages' order: its name lowered (ASCII, as names are unique
// case-insensitively), then its url. A cursor: the slice after it is read by key, not by
// position, so pages added or removed meanwhile do not shift the pages after it.
struct PageOrderKey {
  std::string name_key;
  std::string url;
};
inline PageOrderKey OrderKeyOf(const StatusPage& page) { return {absl::AsciiStrToLower(page.name()), page.url()}; }

// One slice of ListPages' order (ListPagesAfter).
struct PageSlice {
  std::vector<StatusPage> pages;  // without components
  bool more = false;              // pages follow the last of these
  int total = 0;                  // pages known in all, read with the slice
};

struct HttpValidators {
  std::string etag;
  std::string last_modified;
  bool operator==(const HttpValidators& o) const {
    return etag == o.etag && last_modified == o.last_modified;
  }
};

struct LeaseRecord {
  std::string lease_id;
  StatusPage page;  // components left out
  ScrapeKind kind = statusphere::v1::SCRAPE_KIND_UNSPECIFIED;
  absl::Time deadline;
  std::map<std::string, HttpValidators> validators;  // by fetched URL
};

// What a scraper reported for a lease.
struct ScrapeReport {
  enum class Outcome { kSuccess, kNotModified, kFailure };
  Outcome outcome = Outcome::kSuccess;
  std::vector<Incident> incidents;    // kSuccess
  std::vector<Component> components;  // kSuccess; empty leaves stored ones alone
  // kSuccess: `incidents` lists every open incident; stored open ones not in it are closed.
  bool lists_every_open_incident = false;
  // kSuccess: the page's own overall indicator, verbatim; empty leaves the stored one.
  std::string platform_indicator;
  std::string error_message;          // kFailure
  ScrapeFailure::Reason failure_reason = ScrapeFailure::REASON_UNSPECIFIED;  // kFailure
  absl::Duration retry_after = absl::ZeroDuration();  // kFailure, when the page asked
  std::string provider;               // empty leaves it unchanged
  std::map<std::string, HttpValidators> validators;
};

struct ReportSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  absl::Time next_scrape_time;
  std::string page_url;     // the leased page
  int updates_dropped = 0;  // stored updates that gave way to newer ones (StoreLimits)
  // A success saying what the last success merged into the page said (report_digest.h):
  // nothing was merged, the page's scrape time and validators only were written.
  bool content_unchanged = false;
};

// What one page may make the store keep (see README, Security). A real page stays far
// below both; a hostile one hits them instead of filling the disk.
struct StoreLimits {
  // An incident keeps its newest updates, at most this many.
  int max_updates_per_incident = 500;
  // Bytes of incidents and change-log entries one page may hold; a report that would go
  // past it is stored as a failed scrape (lastError says so) and nothing of it is kept.
  int64_t page_budget_bytes = int64_t{64} << 20;
};

// Decides when a page is due again; the store stays free of scheduling policy.
struct ScheduleInput {
  ScrapeKind kind;
  ScrapeReport::Outcome outcome;
  int consecutive_failures;  // including this one, when it failed
  absl::Duration retry_after;
  absl::Time now;
  ScrapeFailure::Reason failure_reason = ScrapeFailure::REASON_UNSPECIFIED;  // when it failed
  // The page after this report, for current scrapes that did not fail (else left so): what
  // makes it hot (scraped more often, schedule.h).
  bool has_open_incident = false;        // unresolved, maintenance not counted
  bool maintenance_in_progress = false;  // a window under way at `now`
  absl::Time last_change = absl::InfinitePast();  // its incidents' last change, `now` if this report made one
};
using SchedulePolicy = std::function<absl::Time(const ScheduleInput&)>;

// A page that does not work: never indexed, or its last scrape failed (then `page` says
// since when, how often in a row and the last error).
struct UnhealthyPage {
  StatusPage page;  // components left out
  ScrapeFailure::Reason failure_reason = ScrapeFailure::REASON_UNSPECIFIED;  // of the last failure
};

struct ChangeRecord {
  int64_t sequence = 0;  // increasing; the watch cursor
  IncidentChange::Kind kind = IncidentChange::KIND_UNSPECIFIED;
  Incident incident;
  absl::Time change_time;
};

// A webhook subscription as stored: the contract's message (id, description, target,
// filter, create time; the delivery state is filled on reads) and its signing secret.
struct SubscriptionRecord {
  Subscription subscription;
  std::string secret;  // empty for unsigned kinds
};

// Decides whether a subscription wants a change; the store stays free of filter policy.
using SubscriptionMatcher = std::function<bool(const Subscription&, const ChangeRecord&)>;

// What one DispatchChanges call did.
struct FanOut {
  int changes = 0;        // changes read past the cursor (the cursor moved by as many)
  int notifications = 0;  // outbox rows created for them
};

// One notification to send: a change fanned out to one subscription (an outbox row).
struct Delivery {
  int64_t id = 0;
  SubscriptionRecord subscription;  // with the target's full url
  ChangeRecord change;
  int attempt = 0;  // this attempt's number, from 1
  absl::Time created;
};

class Store {
 public:
  virtual ~Store() = default;

  // Moves on after every write that can change an answer (pages, components, incidents);
  // the answer cache keeps nothing built before it moved.
  virtual uint64_t content_generation() const = 0;

  // --- Pages ---------------------------------------------------------------------------
  // ALREADY_EXISTS when the url, or the name case-insensitively, is taken.
  virtual absl::StatusOr<StatusPage> AddPage(const NewPage& page, absl::Time now) = 0;
  // Removes the page, its incidents, components and leases. NOT_FOUND when unknown.
  // A removed catalog page is remembered so that reconciliation does not bring it back.
  virtual absl::Status RemovePage(const std::string& url) = 0;
  // NOT_FOUND when unknown; ALREADY_EXISTS when another page has the name.
  virtual absl::StatusOr<StatusPage> RenamePage(const std::string& url,
                                                const std::string& new_name) = 0;
  // Brings catalog pages in line with `entries`: adds new ones, updates names and
  // providers of catalog pages that changed, removes catalog pages no longer listed.
  // Pages added at run time are never touched.
  virtual absl::StatusOr<CatalogReconciliation> ReconcileCatalog(
      const std::vector<NewPage>& entries, absl::Time now) = 0;

  // All pages sorted by name case-insensitively, without components.
  virtual absl::StatusOr<std::vector<StatusPage>> ListPages() = 0;
  virtual absl::StatusOr<int> CountPages() = 0;
  // ListPages' order, at most `limit` (>= 1) pages after `after` (from the first when
  // nullopt; `after` need not be a stored page's key, e.g. the last one was removed).
  virtual absl::StatusOr<PageSlice> ListPagesAfter(const std::optional<PageOrderKey>& after, int limit) = 0;
  // With components. NOT_FOUND when unknown.
  virtual absl::StatusOr<StatusPage> GetPageByUrl(const std::string& url) = 0;
  virtual absl::StatusOr<StatusPage> GetPageByName(const std::string& name) = 0;

  // --- Incidents -----------------------------------------------------------------------
  // NOT_FOUND when the page is unknown.
  virtual absl::StatusOr<std::vector<Incident>> ListIncidents(const IncidentQuery& query) = 0;
  // Incidents of the page without an end time, maintenance excluded, newest first.
  // Incidents handed out (these, ListIncidents, changes, deliveries) carry a description
  // where the platform gave none (incident_description.h); stored ones keep the platform's.
  virtual absl::StatusOr<std::vector<Incident>> ListUnresolvedIncidents(
      const std::string& page_url) = 0;

  // Pages never indexed or failing: failing ones first, longest failing first, then the
  // others by name.
  virtual absl::StatusOr<std::vector<UnhealthyPage>> ListUnhealthyPages() = 0;

  // --- Scraping ------------------------------------------------------------------------
  // Leases up to `max_pages` due pages (never one that holds a live lease), earliest due
  // first. A page never scraped is due before every page that has been: one an
  // administrator added first of all (someone is waiting for it), then new catalog pages.
  virtual absl::StatusOr<std::vector<LeaseRecord>> LeaseDuePages(const std::string& scraper_id,
                                                                 int max_pages,
                                                                 absl::Duration lease_duration,
                                                                 absl::Time now) = 0;
  // NOT_FOUND for an unknown lease, FAILED_PRECONDITION for an expired one.
  virtual absl::StatusOr<absl::Time> RenewLease(const std::string& lease_id,
                                                absl::Duration extension, absl::Time now) = 0;
  virtual absl::Status ReleaseLease(const std::string& lease_id, absl::Time now) = 0;
  // Applies a report and ends its lease, atomically: either all of it is stored or none.
  virtual absl::StatusOr<ReportSummary> ApplyReport(const std::string& lease_id,
                                                    const ScrapeReport& report,
                                                    const SchedulePolicy& policy,
                                                    absl::Time now) = 0;

  // --- Changes -------------------------------------------------------------------------
  // Changes with sequence > after, oldest first, at most `limit`; optionally of one page.
  virtual absl::StatusOr<std::vector<ChangeRecord>> ListChanges(int64_t after,
                                                                const std::string& page_url,
                                                                int limit) = 0;
  // The sequence of the newest change (0 when none).
  virtual absl::StatusOr<int64_t> LatestChangeSequence() = 0;
  // Changes up to this sequence may have been pruned (0 when none was): a reader resuming
  // after an older sequence has missed some. Read it after ListChanges: it only grows.
  virtual absl::StatusOr<int64_t> PrunedChangesThrough() = 0;
  // Deletes the changes stored before `before` that the notification fan-out has passed
  // (all of them while there is no subscription); returns how many.
  virtual absl::StatusOr<int> PruneChanges(absl::Time before) = 0;

  // --- Subscriptions and their outbox ----------------------------------------------------
  // Stores a new subscription (its id set by the caller); it receives changes stored after
  // this call only (exactly: changes in flight during the call count as before it).
  // ALREADY_EXISTS when the id is taken.
  virtual absl::Status CreateSubscription(const SubscriptionRecord& record, absl::Time now) = 0;
  // Oldest first, with delivery state, without secrets. Target urls are returned in full:
  // redacting them is the API's business.
  virtual absl::StatusOr<std::vector<Subscription>> ListSubscriptions() = 0;
  // NOT_FOUND when unknown.
  virtual absl::StatusOr<Subscription> GetSubscription(const std::string& id) = 0;
  // Also drops its outbox rows. NOT_FOUND when unknown.
  virtual absl::Status DeleteSubscription(const std::string& id) = 0;

  // Fans out up to `max_changes` changes past the durable dispatch cursor: one outbox row
  // per (matching subscription, change), due at `now`, and advances the cursor, in one
  // transaction, so that each change is fanned out exactly once even across restarts and
  // servers. Without subscriptions it does nothing (the first subscription moves the
  // cursor to its start).
  virtual absl::StatusOr<FanOut> DispatchChanges(const SubscriptionMatcher& matches, int max_changes,
                                                 absl::Time now) = 0;
  // Deletes delivered and failed outbox rows created before `before`; returns how many.
  virtual absl::StatusOr<int> PruneDeliveries(absl::Time before) = 0;
  // Leases up to `max` due outbox rows to `owner` until now + `lease`, counting an
  // attempt on each. A row is due when pending, its next attempt time has come, its lease
  // (if any) expired, and no earlier change of the same incident for the same
  // subscription is still pending (order per incident). Never one row to two owners.
  virtual absl::StatusOr<std::vector<Delivery>> ClaimDeliveries(const std::string& owner, int max,
                                                                absl::Duration lease, absl::Time now) = 0;
  // The target accepted row `id`. FAILED_PRECONDITION when `owner` no longer holds it.
  virtual absl::Status MarkDelivered(int64_t id, const std::string& owner, absl::Time now) = 0;
  // An attempt failed with `error`: retry at `retry_at`, or give up (row failed) when
  // nullopt. FAILED_PRECONDITION when `owner` no longer holds it.
  virtual absl::Status MarkAttemptFailed(int64_t id, const std::string& owner, const std::string& error,
                                         std::optional<absl::Time> retry_at, absl::Time now) = 0;
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_STORE_H_
