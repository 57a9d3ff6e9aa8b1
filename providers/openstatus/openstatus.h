// OpenStatus status pages (<slug>.openstatus.dev): the page's JSON feed, <page>/feed/json,
// holds its monitors and components in their groups, its status reports with every update
// and its maintenance windows. See providers/README.md, OpenStatus.
#ifndef STATUSPHERE_PROVIDERS_OPENSTATUS_OPENSTATUS_H_
#define STATUSPHERE_PROVIDERS_OPENSTATUS_OPENSTATUS_H_

#include "providers/provider.h"

namespace statusphere::providers {

class OpenStatus : public Provider {
 public:
  absl::string_view name() const override { return "openstatus"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_OPENSTATUS_OPENSTATUS_H_
