// PayPal's status page (www.paypal-status.com): `/api/v1/components` lists PayPal's
// components in `result[]`, each with a `category.name` ("product" or "api") and a status per
// environment (`status.production`, `status.sandbox`). As the page shows them (and inket/stts
// reads them), the components are the categories per environment, each as bad as its worst
// entry: "PayPal products", "PayPal APIs", and the same "(sandbox)". No incidents or times are
// read from it.
#ifndef STATUSPHERE_PROVIDERS_PAYPAL_PAYPAL_H_
#define STATUSPHERE_PROVIDERS_PAYPAL_PAYPAL_H_

#include "providers/provider.h"

namespace statusphere::providers {

class PayPal : public Provider {
 public:
  absl::string_view name() const override { return "paypal"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_PAYPAL_PAYPAL_H_
