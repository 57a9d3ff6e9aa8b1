// Azure's status page publishes current communications as an RSS feed (empty when all is
// well), at <page>/feed/. Parsed by the generic feed parser; recognised by its hosts.
#ifndef STATUSPHERE_PROVIDERS_AZURE_AZURE_H_
#define STATUSPHERE_PROVIDERS_AZURE_AZURE_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Azure : public Provider {
 public:
  absl::string_view name() const override { return "azure"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_AZURE_AZURE_H_
