// Azure's status page publishes current communications as an RSS feed (empty when all is
// well), at <page>/feed/. Parsed by the generic feed parser; recognised by its hosts.
#ifndef STATUSPHERE_PROVIDERS_AZURE_AZURE_H_
#define STATUSPHERE_PROVIDERS_AZURE_AZURE_H_

#include "providers/feed/feed_provider.h"

namespace statusphere::providers {

class Azure : public FeedProvider {
 public:
  absl::string_view name() const override { return "azure"; }
  // The feed carries current communications only, so it lists every open incident.
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const std::vector<Document>& documents) const override;
  bool MatchesHost(absl::string_view page_url) const override;
  std::string ProbeUrl(absl::string_view page_url) const override;
  // Any feed looks alike: only Azure's own hosts make one Azure's.
  bool MatchesProbe(const Document& probe) const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_AZURE_AZURE_H_
