// Atlassian Statuspage (and incident.io's Statuspage-compatible API): the JSON API under
// /api/v2. Current scrapes read summary.json (components, unresolved incidents),
// incidents.json (the last 50) and scheduled-maintenances.json; historical scrapes add
// the history feed.
#ifndef STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_ATLASSIAN_STATUSPAGE_H_
#define STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_ATLASSIAN_STATUSPAGE_H_

#include "providers/common/json_fields.h"
#include "providers/provider.h"

namespace statusphere::providers {

class AtlassianStatuspage : public Provider {
 public:
  absl::string_view name() const override { return "atlassian-statuspage"; }
  std::vector<std::string> UrlsToFetch(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const std::vector<Document>& documents) const override;
  bool MatchesHost(absl::string_view page_url) const override;
  std::string ProbeUrl(absl::string_view page_url) const override;
  bool MatchesProbe(const Document& probe) const override;
  bool MatchesHomePage(const Document& home) const override;

 protected:
  // A summary.json's shape: a page, and a status indicator or components.
  static bool IsSummary(const Json& json);
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_ATLASSIAN_STATUSPAGE_H_
