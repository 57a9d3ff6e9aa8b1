// Okta's status page (status.okta.com), a Salesforce site: the home page prints its records as
// JSON into hidden elements, `data-id="incidents"` (Salesforce Incident__c rows: open and
// recent), `data-id="planned-outages"` (maintenance windows, the same fields) and
// `data-id="cellList"` (Okta's cells, comma-separated), read with the HTML parser. Cells are the
// components; each record is an incident, its category the impact.
#ifndef STATUSPHERE_PROVIDERS_OKTA_OKTA_H_
#define STATUSPHERE_PROVIDERS_OKTA_OKTA_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Okta : public Provider {
 public:
  absl::string_view name() const override { return "okta"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_OKTA_OKTA_H_
