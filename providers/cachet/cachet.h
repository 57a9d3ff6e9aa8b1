// Cachet 2.x status pages: /api/v1/incidents (with their updates), /api/v1/components and
// /api/v1/schedules (maintenance). Cachet prints local times without a zone; they are
// read as UTC, the default of its installations.
#ifndef STATUSPHERE_PROVIDERS_CACHET_CACHET_H_
#define STATUSPHERE_PROVIDERS_CACHET_CACHET_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Cachet : public Provider {
 public:
  absl::string_view name() const override { return "cachet"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_CACHET_CACHET_H_
