// Where an Uptime Kuma status page's JSON lives. Kuma serves each page at /status/<slug>
// and its data at /api/status-page/<slug>; "/status", "/status-page" and the bare host
// name the page whose slug is "default" (the one Kuma's first-run migration creates).
#ifndef STATUSPHERE_PROVIDERS_UPTIME_KUMA_PAGE_ADDRESS_H_
#define STATUSPHERE_PROVIDERS_UPTIME_KUMA_PAGE_ADDRESS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace statusphere::providers {

struct KumaPageAddress {
  std::string origin;  // "https://status.example.com" (scheme, host and port)
  std::string slug;    // "prod", or "default"
};

// nullopt when the URL's path is not one Kuma serves a status page at: Kuma cannot be
// mounted under a sub-path, so any other path is another platform's page.
std::optional<KumaPageAddress> KumaPageAddressOf(absl::string_view page_url);

// GET /api/status-page/<slug>: config, pinned incident, groups of monitors, maintenances.
std::string StatusPageJsonUrl(const KumaPageAddress& page);

// GET /api/status-page/heartbeat/<slug>: recent heartbeats per monitor id.
std::string HeartbeatJsonUrl(const KumaPageAddress& page);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPTIME_KUMA_PAGE_ADDRESS_H_
