// incident.io status pages. Two APIs are read and merged:
//  - the Statuspage-compatible JSON (/api/v2/summary.json, incidents.json), parsed like
//    Atlassian Statuspage, which tolerates what the layer leaves out (resolved_at,
//    shortlinks, maintenance windows);
//  - incident.io's own widget API (/proxy/<host>, and /proxy/<host>/incidents for the
//    backfill; see native_api.h), which adds maintenance windows, component groups and the
//    components each incident affects.
// The compatible JSON is required; the native API is used when it answers in its shape.
// Pages are told apart from Statuspage by their ids: 26-character ULIDs
// ("01JMDK9XYNY6RXSED6SDWW50WY") instead of 12-character codes.
#ifndef STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_
#define STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_

#include "providers/atlassian_statuspage/atlassian_statuspage.h"

namespace statusphere::providers {

class IncidentIo : public AtlassianStatuspage {
 public:
  absl::string_view name() const override { return "incident-io"; }
  std::vector<std::string> UrlsToFetch(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const std::vector<Document>& documents) const override;
  bool MatchesHost(absl::string_view) const override { return false; }
  bool MatchesProbe(const Document& probe) const override;
  // Its home page has no documented markers; Statuspage's are not its own.
  bool MatchesHomePage(const Document&) const override { return false; }
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_
