// Slack's own status API (slack-status.com/api/v2.0.0): /current for active incidents,
// /history for the past. It has no impact field: severity comes from the incident type
// (outage, incident, notice) and maintenance from the title.
#ifndef STATUSPHERE_PROVIDERS_SLACK_SLACK_H_
#define STATUSPHERE_PROVIDERS_SLACK_SLACK_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Slack : public Provider {
 public:
  absl::string_view name() const override { return "slack"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_SLACK_SLACK_H_
