// Google Cloud's status dashboard: status.cloud.google.com/incidents.json, every incident
// with its updates. Severity comes from status_impact (outage, disruption, information).
#ifndef STATUSPHERE_PROVIDERS_GOOGLE_CLOUD_GOOGLE_CLOUD_H_
#define STATUSPHERE_PROVIDERS_GOOGLE_CLOUD_GOOGLE_CLOUD_H_

#include "providers/provider.h"

namespace statusphere::providers {

class GoogleCloud : public Provider {
 public:
  absl::string_view name() const override { return "google-cloud"; }
  std::vector<std::string> UrlsToFetch(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const std::vector<Document>& documents) const override;
  bool MatchesHost(absl::string_view page_url) const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_GOOGLE_CLOUD_GOOGLE_CLOUD_H_
