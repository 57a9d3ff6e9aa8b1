// Algolia's status page (status.algolia.com): `/2/status/service/all/period/current` gives
// `global.status` in Statuspage's component words (operational, degraded_performance,
// partial_outage, major_outage): one component, "Algolia", and the page's indicator. Nothing
// else in the document is established by code that reads it.
#ifndef STATUSPHERE_PROVIDERS_ALGOLIA_ALGOLIA_H_
#define STATUSPHERE_PROVIDERS_ALGOLIA_ALGOLIA_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Algolia : public Provider {
 public:
  absl::string_view name() const override { return "algolia"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ALGOLIA_ALGOLIA_H_
