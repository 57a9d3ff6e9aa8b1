// UptimeRobot public status pages (stats.uptimerobot.com/<key> and custom domains): the
// monitor list (getMonitorList, 30 monitors a page) gives each monitor's state now. Every
// page of the list is fetched; each monitor is a component, and a monitor down is an open
// incident of that component, closed when it is up again (the list shows every monitor).
#ifndef STATUSPHERE_PROVIDERS_UPTIMEROBOT_UPTIMEROBOT_H_
#define STATUSPHERE_PROVIDERS_UPTIMEROBOT_UPTIMEROBOT_H_

#include "providers/provider.h"

namespace statusphere::providers {

class UptimeRobot : public Provider {
 public:
  absl::string_view name() const override { return "uptimerobot"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPTIMEROBOT_UPTIMEROBOT_H_
