// The records the store keeps and hands out. The store itself is sql/sql_store.h: one class
// on two databases, SQLite (embedded default) and PostgreSQL, which pass one conformance
// suite. Nothing here is specific to either:
// times are absl::Time, resources are the contract's proto messages, errors are
// absl::Status with canonical codes.
#ifndef STATUSPHERE_SERVER_STORE_STORE_H_
#define STATUSPHERE_SERVER_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
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

// What search finds a page by (server/page_index.h).
struct PageName {
  std::string url;
  std::string name;
};

// Every page's url and name, as of a version of the page list (Store::PageListVersion).
struct PageNames {
  int64_t version = 0;
  std::vector<PageName> pages;
};

// Where every page of the list stands (ListPageMarks): its url and list mark, a value
// that a write of anything ListPages shows of the page replaces (through any server).
struct PageMark {
  absl::string_view url;  // in PageMarks::text
  int64_t mark = 0;
};
struct PageMarks {
  // The page list's version (PageListVersion), read first: the pages are at least its.
  int64_t version = 0;
  std::vector<PageMark> pages;  // in ListPages' order when asked, else in no order
  // What `pages` views: read as one text, not 100,000 rows (the rows' own cost was most of
  // a call). Shared, so that moving the marks keeps the views valid.
  std::shared_ptr<const std::string> text;
  // The pages with a maintenance window in progress at the time asked: their status moves
  // with the clock, not with a write.
  std::set<std::string> in_maintenance;
};

// One slice of ListPages' order (ListPagesAfter).
struct PageSlice {
  std::vector<StatusPage> pages;  // without components
  bool more = false;              // pages follow the last of these
  int total = 0;                  // pages known in all, read with the slice
};

struct HttpValidators {
  std::string etag;
  std::string last_modified;
  bool operator==(const HttpValidators& o) const { return etag == o.etag && last_modified == o.last_modified; }
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
  std::string error_message;                                                 // kFailure
  ScrapeFailure::Reason failure_reason = ScrapeFailure::REASON_UNSPECIFIED;  // kFailure
  absl::Duration retry_after = absl::ZeroDuration();                         // kFailure, when the page asked
  // kSuccess, kNotModified: how long the page said its documents stay fresh (Cache-Control).
  absl::Duration fresh_for = absl::ZeroDuration();
  std::string provider;  // empty leaves it unchanged
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
  bool has_open_incident = false;                   // unresolved, maintenance not counted
  bool maintenance_in_progress = false;             // a window under way at `now`
  absl::Time last_change = absl::InfinitePast();    // its incidents' last change, `now` if this report made one
  absl::Duration fresh_for = absl::ZeroDuration();  // the report's, when it did not fail
};
using SchedulePolicy = std::function<absl::Time(const ScheduleInput&)>;

// A page that does not work: never indexed, or its last scrape failed (then `page` says
// since when, how often in a row and the last error).
struct UnhealthyPage {
  StatusPage page;                                                           // components left out
  ScrapeFailure::Reason failure_reason = ScrapeFailure::REASON_UNSPECIFIED;  // of the last failure
};

struct ChangeRecord {
  int64_t sequence = 0;  // increasing; the watch cursor
  IncidentChange::Kind kind = IncidentChange::KIND_UNSPECIFIED;
  Incident incident;
  absl::Time change_time;
  // Set (and `kind` KIND_UNSPECIFIED, `incident` empty) for a component change: the
  // components whose status one report changed. Fan-out and deliveries see these, and
  // ListChanges hands them out only when asked (ChangeKinds).
  std::optional<v1::ComponentChangeEvent> components;
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

// The events of one digest window of one subscription (an EMAIL target with
// digest_minutes): claimed together, sent as one mail, marked together.
struct DigestBatch {
  std::vector<Delivery> deliveries;  // oldest change first; empty when no window is due
  int held_back = 0;                 // events of the same window left for the next mail
};

// How much one digest carries at most: events, and bytes of their stored incidents.
struct DigestLimits {
  int max_events = 50;
  int64_t max_bytes = 256 * 1024;
};

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_STORE_H_
