// Oracle NetSuite's status page (status.netsuite.com): `/api/v2/status.json`, the same
// Statuspage-shaped rollup as Oracle Cloud's (oracle_cloud/status_rollup.h), is all that code
// reading the page establishes. It becomes the indicator and one component; the page lists no
// incidents, so none it lists is open.
#ifndef STATUSPHERE_PROVIDERS_ORACLE_NETSUITE_ORACLE_NETSUITE_H_
#define STATUSPHERE_PROVIDERS_ORACLE_NETSUITE_ORACLE_NETSUITE_H_

#include "providers/provider.h"

namespace statusphere::providers {

class OracleNetSuite : public Provider {
 public:
  absl::string_view name() const override { return "oracle-netsuite"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ORACLE_NETSUITE_ORACLE_NETSUITE_H_
