// incident.io status pages, through their Statuspage-compatible JSON (/api/v2/...): same
// parser as Atlassian Statuspage, which tolerates what the compatibility layer leaves out
// (resolved_at, shortlinks, the scheduled-maintenances endpoint). Told apart by its ids:
// 26-character ULIDs ("01JMDK9XYNY6RXSED6SDWW50WY") instead of 12-character codes.
#ifndef STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_
#define STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_

#include "providers/atlassian_statuspage/atlassian_statuspage.h"

namespace statusphere::providers {

class IncidentIo : public AtlassianStatuspage {
 public:
  absl::string_view name() const override { return "incident-io"; }
  std::vector<std::string> UrlsToFetch(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  bool MatchesHost(absl::string_view) const override { return false; }
  bool MatchesProbe(const Document& probe) const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_
