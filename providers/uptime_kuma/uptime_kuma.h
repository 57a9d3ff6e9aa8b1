// Uptime Kuma, the self-hosted monitor, whose public status pages live at
// https://<host>/status/<slug>. Two JSON documents make a page: /api/status-page/<slug>
// (title, groups of monitors, the pinned incident, maintenances under way) and
// /api/status-page/heartbeat/<slug> (each monitor's recent checks, for its status).
// Kuma keeps no incident history on the page, so only open incidents are reported; no
// incident is derived from failed checks (the list is a short recent window, so derived
// incidents would appear and vanish).
#ifndef STATUSPHERE_PROVIDERS_UPTIME_KUMA_UPTIME_KUMA_H_
#define STATUSPHERE_PROVIDERS_UPTIME_KUMA_UPTIME_KUMA_H_

#include "providers/provider.h"

namespace statusphere::providers {

class UptimeKuma : public Provider {
 public:
  absl::string_view name() const override { return "uptime-kuma"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPTIME_KUMA_UPTIME_KUMA_H_
