// cState status pages: static sites built with Hugo (cstate/cstate), often on Netlify or
// GitHub Pages. Their JSON API is Hugo output formats of the same content: <page>/index.json
// (systems and their state, the unresolved issues affecting each), <page>/issues/index.json
// (every issue ever written, resolved or not), and <issue permalink>index.json (one issue
// with its body). See providers/README.md, cState.
#ifndef STATUSPHERE_PROVIDERS_CSTATE_CSTATE_H_
#define STATUSPHERE_PROVIDERS_CSTATE_CSTATE_H_

#include <string>

#include "providers/provider.h"

namespace statusphere::providers {

class CState : public Provider {
 public:
  absl::string_view name() const override { return "cstate"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_CSTATE_CSTATE_H_
