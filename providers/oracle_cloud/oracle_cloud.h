// Oracle Cloud Infrastructure's status page (ocistatus.oraclecloud.com): the incident feed
// `/api/v2/incident-summary.rss`, written as Statuspage writes its feeds (each item an incident
// titled with its service and region, its updates in the item's HTML as "<strong>Status</strong>
// - text"), read by the feed parser, and the rollup `/api/v2/status.json` (status_rollup.h).
#ifndef STATUSPHERE_PROVIDERS_ORACLE_CLOUD_ORACLE_CLOUD_H_
#define STATUSPHERE_PROVIDERS_ORACLE_CLOUD_ORACLE_CLOUD_H_

#include "providers/provider.h"

namespace statusphere::providers {

class OracleCloud : public Provider {
 public:
  absl::string_view name() const override { return "oracle-cloud"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ORACLE_CLOUD_ORACLE_CLOUD_H_
