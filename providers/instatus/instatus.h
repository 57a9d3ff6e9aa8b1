// Instatus pages: /summary.json (page status, active incidents and maintenances) and
// /v3/components.json. Instatus publishes no JSON history and no update texts there, so
// each incident carries one event for its current state.
#ifndef STATUSPHERE_PROVIDERS_INSTATUS_INSTATUS_H_
#define STATUSPHERE_PROVIDERS_INSTATUS_INSTATUS_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Instatus : public Provider {
 public:
  absl::string_view name() const override { return "instatus"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_INSTATUS_INSTATUS_H_
