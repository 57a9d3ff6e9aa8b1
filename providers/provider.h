// A status-page platform. Each platform lives in its own folder under providers/ and
// registers itself in the registry with one line; the scraper knows only this interface.
// Parse is a pure function of the fetched bytes, so that providers are tested on files
// and fuzzed.
#ifndef STATUSPHERE_PROVIDERS_PROVIDER_H_
#define STATUSPHERE_PROVIDERS_PROVIDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "statusphere/v1/resources.pb.h"
#include "statusphere/v1/scrape_service.pb.h"

namespace statusphere::providers {

// One fetched document, as the scraper got it.
struct Document {
  std::string url;
  int http_status = 200;
  std::string content_type;
  std::string body;
};

// What a page parses to.
struct ParsedPage {
  std::vector<statusphere::v1::Incident> incidents;
  std::vector<statusphere::v1::Component> components;
  // The documents list every incident still open, so one no longer listed has ended (see
  // ScrapeSuccess.lists_every_open_incident). Leave false when a source lists only the
  // latest N incidents.
  bool lists_every_open_incident = false;
};

class Provider {
 public:
  virtual ~Provider() = default;

  // Stable name, stored per page: "atlassian-statuspage".
  virtual absl::string_view name() const = 0;

  // Absolute URLs to fetch for one scrape of `page_url` (a normalized home URL).
  virtual std::vector<std::string> UrlsToFetch(absl::string_view page_url,
                                               statusphere::v1::ScrapeKind kind) const = 0;

  // Two-round platforms: URLs that can only be known from the first documents (e.g. an id
  // printed in the home page), fetched next and appended to the documents Parse receives.
  // Their first round is always fetched in full, so the second round is always known.
  virtual bool HasFollowUps() const { return false; }
  virtual std::vector<std::string> FollowUpUrls(absl::string_view page_url,
                                                const std::vector<Document>& first) const {
    return {};
  }

  // Parses the documents fetched for UrlsToFetch (same order), then any follow-ups. An error names the URL and
  // what was wrong; a half-parsed page is never returned as a success.
  virtual absl::StatusOr<ParsedPage> Parse(absl::string_view page_url,
                                           const std::vector<Document>& documents) const = 0;

  // Detection: the URL whose response tells whether a page is built on this platform
  // (empty when only the host tells), and whether that response has this platform's shape.
  // A 200 alone is never a match: single-page apps answer every path.
  virtual bool MatchesHost(absl::string_view page_url) const { return false; }
  virtual std::string ProbeUrl(absl::string_view page_url) const { return ""; }
  virtual bool MatchesProbe(const Document& probe) const { return false; }
  // A probe tried only after every other probe and the home pages' markers: generic
  // formats that other platforms serve too (every Statuspage page has a feed).
  virtual bool ProbeIsLastResort() const { return false; }
  // The home page's HTML carries this platform's markers (its asset hosts, generated tags).
  // Asked when no probe document matched, e.g. when the platform's API is refused to bots
  // or down at the time, so that the page is still told apart from a generic feed.
  virtual bool MatchesHomePage(const Document& home) const { return false; }
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_PROVIDER_H_
