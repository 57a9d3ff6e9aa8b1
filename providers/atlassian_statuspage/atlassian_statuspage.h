// Atlassian Statuspage: the JSON API under /api/v2 (statuspage_api.h) for current scrapes;
// historical scrapes add the history feed and the HTML history pages, which reach further
// back.
#ifndef STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_ATLASSIAN_STATUSPAGE_H_
#define STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_ATLASSIAN_STATUSPAGE_H_

#include "providers/provider.h"

namespace statusphere::providers {

class AtlassianStatuspage : public Provider {
 public:
  absl::string_view name() const override { return "atlassian-statuspage"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_ATLASSIAN_STATUSPAGE_H_
