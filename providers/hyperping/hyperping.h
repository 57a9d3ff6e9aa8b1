// Hyperping status pages (<name>.hyperping.app, <name>.hyperping.io): the documented public
// JSON api.hyperping.io/v1/<page host>/status.json, the page's services with their state.
// It carries no incidents. See providers/README.md, Hyperping.
#ifndef STATUSPHERE_PROVIDERS_HYPERPING_HYPERPING_H_
#define STATUSPHERE_PROVIDERS_HYPERPING_HYPERPING_H_

#include <string>

#include "providers/provider.h"

namespace statusphere::providers {

class Hyperping : public Provider {
 public:
  absl::string_view name() const override { return "hyperping"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;

  // api.hyperping.io/v1/<the page's host>/status.json; for a page on this machine (a test's),
  // <page>/v1/<its host>/status.json.
  static std::string StatusUrl(absl::string_view page_url);
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_HYPERPING_HYPERPING_H_
