// Rootly status pages on a custom domain: the documented public JSON API on the page's own
// host, /api/v1/status.json (the page's indicator) and /api/v1/incidents.json (its active
// incidents with every update). See providers/README.md, Rootly.
#ifndef STATUSPHERE_PROVIDERS_ROOTLY_ROOTLY_H_
#define STATUSPHERE_PROVIDERS_ROOTLY_ROOTLY_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Rootly : public Provider {
 public:
  absl::string_view name() const override { return "rootly"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ROOTLY_ROOTLY_H_
