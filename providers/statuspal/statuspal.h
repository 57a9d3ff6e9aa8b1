// Statuspal status pages (<subdomain>.statuspal.io / .eu and custom domains): one public
// document, /api/v2/status_pages/<subdomain>/summary, holds the nested services, the open
// incidents, info notices, maintenances in progress and upcoming ones. Statuspal's API
// writes every time in UTC without an offset ("2022-04-20T18:27:16"); the page's time_zone
// is only how its web page displays them (see providers/README.md, Statuspal).
#ifndef STATUSPHERE_PROVIDERS_STATUSPAL_STATUSPAL_H_
#define STATUSPHERE_PROVIDERS_STATUSPAL_STATUSPAL_H_

#include <string>

#include "providers/provider.h"

namespace statusphere::providers {

class Statuspal : public Provider {
 public:
  absl::string_view name() const override { return "statuspal"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;

  // The summary's URL: on statuspal.io / statuspal.eu for their subdomains; on the page's
  // own host for a custom domain, whose first label is taken as the subdomain
  // (exoscalestatus.com serves the page "exoscalestatus").
  static std::string SummaryUrl(absl::string_view page_url);
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STATUSPAL_STATUSPAL_H_
