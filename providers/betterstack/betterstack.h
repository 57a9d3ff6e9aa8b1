// Better Stack (Better Uptime) status pages: /index.json, a JSON:API document whose
// `included` list holds sections, resources (components), status reports (incidents and
// maintenance) and status updates, linked by id; the home page (home_page.h) stands in
// when index.json does not answer, and tells a page on a custom domain by its markup.
#ifndef STATUSPHERE_PROVIDERS_BETTERSTACK_BETTERSTACK_H_
#define STATUSPHERE_PROVIDERS_BETTERSTACK_BETTERSTACK_H_

#include "providers/provider.h"

namespace statusphere::providers {

class BetterStack : public Provider {
 public:
  absl::string_view name() const override { return "betterstack"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_BETTERSTACK_BETTERSTACK_H_
