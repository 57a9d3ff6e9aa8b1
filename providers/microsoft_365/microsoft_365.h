// Microsoft 365's public status page (status.cloud.microsoft): its RSS feed `/api/feed/mac`
// carries the posts Microsoft publishes there when tenants cannot reach Service health in the
// admin center, one <item> each with a <status> of its own (Available, Operational,
// ServiceDegradation, ServiceRestored, Unknown). Only current posts are in it; a standing
// "Available" notice is not an incident. Tenant-level incidents are behind Graph and out of
// reach.
#ifndef STATUSPHERE_PROVIDERS_MICROSOFT_365_MICROSOFT_365_H_
#define STATUSPHERE_PROVIDERS_MICROSOFT_365_MICROSOFT_365_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Microsoft365 : public Provider {
 public:
  absl::string_view name() const override { return "microsoft-365"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_MICROSOFT_365_MICROSOFT_365_H_
