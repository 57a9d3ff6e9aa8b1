// Stripe's own status page (status.stripe.com): its `/current/full` document gives the whole
// of Stripe one state (UptimeStatus: up, degraded, down; pending and paused) and the sentence
// the page shows with it. No incidents, times or per-service rows are read from it (no code we
// could read names any), so the page is one component carrying that state, and the state
// itself is the page's indicator.
#ifndef STATUSPHERE_PROVIDERS_STRIPE_STRIPE_H_
#define STATUSPHERE_PROVIDERS_STRIPE_STRIPE_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Stripe : public Provider {
 public:
  absl::string_view name() const override { return "stripe"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STRIPE_STRIPE_H_
