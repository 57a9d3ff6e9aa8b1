// Broadcom's status page (status.broadcom.com): `/api/v1/status` gives `page.state`
// (operational, degraded, under_maintenance, which the API also sends as under-maintenance)
// and `page.state_text`: one component, "Broadcom", and the page's indicator.
#ifndef STATUSPHERE_PROVIDERS_BROADCOM_BROADCOM_H_
#define STATUSPHERE_PROVIDERS_BROADCOM_BROADCOM_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Broadcom : public Provider {
 public:
  absl::string_view name() const override { return "broadcom"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_BROADCOM_BROADCOM_H_
