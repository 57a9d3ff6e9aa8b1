// Gatus (TwiN/gatus), a self-hosted health dashboard: its endpoints' check results and the
// events where an endpoint turned unhealthy or healthy again, from its REST API, plus the
// announcements its configuration publishes. See providers/README.md, Gatus.
#ifndef STATUSPHERE_PROVIDERS_GATUS_GATUS_H_
#define STATUSPHERE_PROVIDERS_GATUS_GATUS_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Gatus : public Provider {
 public:
  absl::string_view name() const override { return "gatus"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_GATUS_GATUS_H_
