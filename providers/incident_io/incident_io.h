// incident.io status pages. Two APIs are read and merged:
//  - the Statuspage-compatible JSON (/api/v2/summary.json, incidents.json), parsed by
//    Atlassian Statuspage's API parser (statuspage_api.h), which tolerates what the layer leaves out (resolved_at,
//    shortlinks, maintenance windows);
//  - incident.io's own widget API (/proxy/<host>, and /proxy/<host>/incidents for the
//    backfill; see native_api.h), which adds maintenance windows, component groups and the
//    components each incident affects.
// The compatible JSON is required; the native API is used when it answers in its shape.
// Pages are told apart from Statuspage by their ids: 26-character ULIDs
// ("01JMDK9XYNY6RXSED6SDWW50WY") instead of 12-character codes.
#ifndef STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_
#define STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_

#include "providers/provider.h"

namespace statusphere::providers {

class IncidentIo : public Provider {
 public:
  absl::string_view name() const override { return "incident-io"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  // Probed like Statuspage, told apart by its ids; else its home page's flight data. No
  // host is only its own.
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_INCIDENT_IO_INCIDENT_IO_H_
