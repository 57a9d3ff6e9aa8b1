// Statping (statping/statping), a self-hosted status page and monitor: its services with
// their incidents and updates, its groups and its messages (announcements and maintenance
// windows), from its public JSON API. See providers/README.md, Statping.
#ifndef STATUSPHERE_PROVIDERS_STATPING_STATPING_H_
#define STATUSPHERE_PROVIDERS_STATPING_STATPING_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Statping : public Provider {
 public:
  absl::string_view name() const override { return "statping"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STATPING_STATPING_H_
