// Adobe's status page (status.adobe.com): its data host serves
// `data.status.adobe.com/adobestatus/StatusEvents`, objects keyed by id: `incidentEvent.incidents`
// (each with the clouds and products it touches, every product with its `history` of updates
// keyed by their time: `status` and `severity`) and `maintenanceEvent.maintenance` (clouds,
// products and a status, no times). Incidents come from the first; a maintenance under way
// marks its clouds and products, having no time to be an incident of its own.
#ifndef STATUSPHERE_PROVIDERS_ADOBE_ADOBE_H_
#define STATUSPHERE_PROVIDERS_ADOBE_ADOBE_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Adobe : public Provider {
 public:
  absl::string_view name() const override { return "adobe"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ADOBE_ADOBE_H_
