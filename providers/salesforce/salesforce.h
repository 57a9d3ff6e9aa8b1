// Salesforce Trust (status.salesforce.com), read from its public status API on
// api.status.salesforce.com: /v1/instances/status/preview lists every instance (NA137,
// CS2, POD5, ...) with the incidents and maintenances touching it, and /v1/localizations
// holds the display texts that the API's keys stand for. Instances are the components; a
// record listed under many instances becomes one incident affecting all of them.
#ifndef STATUSPHERE_PROVIDERS_SALESFORCE_SALESFORCE_H_
#define STATUSPHERE_PROVIDERS_SALESFORCE_SALESFORCE_H_

#include "providers/provider.h"

namespace statusphere::providers {

class SalesforceTrust : public Provider {
 public:
  absl::string_view name() const override { return "salesforce"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_SALESFORCE_SALESFORCE_H_
