// Google Cloud's status dashboard: status.cloud.google.com/incidents.json, every incident
// with its updates. Severity comes from status_impact (outage, disruption, information).
#ifndef STATUSPHERE_PROVIDERS_GOOGLE_CLOUD_GOOGLE_CLOUD_H_
#define STATUSPHERE_PROVIDERS_GOOGLE_CLOUD_GOOGLE_CLOUD_H_

#include "providers/provider.h"

namespace statusphere::providers {

class GoogleCloud : public Provider {
 public:
  absl::string_view name() const override { return "google-cloud"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_GOOGLE_CLOUD_GOOGLE_CLOUD_H_
