// StatusHub pages (WP Engine's wpenginestatus.com, Citrix's status.cloud.com, pages on
// <name>.statushub.io). Their public document `<page>/api/statuses` is read by other projects
// for its `counters` only: how many of the page's services are up, affected and down
// (`count_status_1`, `_2`, `_3`). Its services by name and its incidents are published by
// StatusHub's management API only, which takes an account's key, so this provider sees the
// page as one component, as bad as its worst counted service, and publishes no incidents.
#ifndef STATUSPHERE_PROVIDERS_STATUSHUB_STATUSHUB_H_
#define STATUSPHERE_PROVIDERS_STATUSHUB_STATUSHUB_H_

#include "providers/provider.h"

namespace statusphere::providers {

class StatusHub : public Provider {
 public:
  absl::string_view name() const override { return "statushub"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STATUSHUB_STATUSHUB_H_
