// Sorry™ status pages (<page id>.sorryapp.com): the page's components from
// api.sorryapp.com/v1/pages/<page id>/components and its notices with their updates from the
// read-only API ro-api.sorryapp.com/v1/pages/<page id>?include=notices,notices.updates (what
// Sorry's own status-bar plugin reads). A page on this machine (a test's copy) serves both
// paths itself, its path's last segment being the page id. See providers/README.md, Sorry.
#ifndef STATUSPHERE_PROVIDERS_SORRY_SORRY_H_
#define STATUSPHERE_PROVIDERS_SORRY_SORRY_H_

#include <string>

#include "providers/provider.h"

namespace statusphere::providers {

class Sorry : public Provider {
 public:
  absl::string_view name() const override { return "sorry"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;

  // The page id: the page's subdomain of sorryapp.com (Sorry's status-bar README says so).
  static std::string PageId(absl::string_view page_url);
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_SORRY_SORRY_H_
