// PagerDuty-hosted status pages (status.pagerduty.com and the pages PagerDuty hosts for its
// customers). The home page carries everything in one JSON island (data_island.h): open
// incidents and the resolved history with their updates, the services shown as components,
// and the layout that groups them.
#ifndef STATUSPHERE_PROVIDERS_PAGERDUTY_PAGERDUTY_H_
#define STATUSPHERE_PROVIDERS_PAGERDUTY_PAGERDUTY_H_

#include "providers/provider.h"

namespace statusphere::providers {

class PagerDuty : public Provider {
 public:
  absl::string_view name() const override { return "pagerduty"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_PAGERDUTY_PAGERDUTY_H_
