// A status-page platform. Each platform lives in its own folder under providers/ and is
// listed once in providers/providers.bzl; the scraper knows only this interface. Parse is a
// pure function of the fetched bytes, so that providers are tested on files and fuzzed.
#ifndef STATUSPHERE_PROVIDERS_PROVIDER_H_
#define STATUSPHERE_PROVIDERS_PROVIDER_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/documents.h"
#include "statusphere/v1/resources.pb.h"
#include "statusphere/v1/scrape_service.pb.h"

namespace statusphere::providers {

// What a page parses to.
struct ParsedPage {
  std::vector<statusphere::v1::Incident> incidents;
  std::vector<statusphere::v1::Component> components;
  // The documents list every incident still open, so one no longer listed has ended (see
  // ScrapeSuccess.lists_every_open_incident). Leave false when a source lists only the
  // latest N incidents.
  bool lists_every_open_incident = false;
  // The page's own overall indicator, verbatim as the platform publishes it (see
  // StatusPage.platform_indicator: Statuspage's status.indicator, status.io's
  // status_overall.status, ...). Empty when the documents carry none.
  std::string platform_indicator;
};

// What one scrape of a page fetches.
struct FetchPlan {
  std::vector<DocumentToFetch> documents;
  // Platforms of several rounds only: the documents named in those fetched so far (e.g. an
  // id printed in the home page, the pages a list's first page counts), fetched next and
  // added to those Parse receives. Called once per round after the first, with every
  // document fetched so far, until it names no new URL. Every round but the last is
  // fetched in full (no conditional requests), so that the next is always known. It may
  // read the page URL the plan was made for: call it while that lives.
  std::function<std::vector<DocumentToFetch>(const Documents& first)> follow_ups;
  // How many rounds follow_ups may add (the scraper allows at most 3): a home page that
  // names a list whose first page names the rest takes 2.
  int follow_up_rounds = 1;
  // Documents that stand in for the others (a home page carrying what its blocked API
  // would say): fetched, and added to those Parse receives, only when a document of the
  // plan did not answer (no response, or neither 200 nor 304). Unlike follow_ups they
  // leave conditional requests on.
  std::vector<DocumentToFetch> fallbacks;
};

// How the detection cascade (detect.h) recognises a platform. Every part is optional.
struct Detection {
  // Hosts only this platform serves: recognised without a fetch.
  std::function<bool(absl::string_view page_url)> known_host;
  // The document whose response tells whether a page is built on this platform, and
  // whether that response has this platform's shape. A 200 alone is never a match:
  // single-page apps answer every path.
  std::function<std::string(absl::string_view page_url)> probe_url;
  std::function<bool(const Document& probe)> probe_matches;
  // The probe is of a generic format that other platforms serve too (every Statuspage page
  // has a feed): tried only after every other probe and the home pages' markers.
  bool probe_is_last_resort = false;
  // The home page's HTML carries this platform's markers (its asset hosts, generated tags).
  // Asked when no probe document matched, e.g. when the platform's API is refused to bots
  // or down at the time, so that the page is still told apart from a generic feed.
  std::function<bool(const Document& home)> home_page_matches;

  bool IsKnownHost(absl::string_view page_url) const { return known_host && known_host(page_url); }
  bool ProbeMatches(const Document& probe) const { return probe_matches && probe_matches(probe); }
  bool HomePageMatches(const Document& home) const { return home_page_matches && home_page_matches(home); }
};

class Provider {
 public:
  virtual ~Provider() = default;

  // Stable name, stored per page: "atlassian-statuspage".
  virtual absl::string_view name() const = 0;

  // The documents to fetch for one scrape of `page_url` (a normalized home URL).
  virtual FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const = 0;

  // Parses the documents fetched for the plan, by role. A role may be missing (a saved
  // document parsed alone): the page is then what the others hold. A document that is
  // there but failed or is broken is an error naming its URL and what was wrong; a
  // half-parsed page is never returned as a success.
  virtual absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const = 0;

  virtual Detection detection() const = 0;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_PROVIDER_H_
