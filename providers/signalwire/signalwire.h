// SignalWire's status page (status.signalwire.com): `/api/components` is a bare list of
// `{name, status}`, the status in words ("Operational", "Under Maintenance", "Degraded
// Performance", "Partial Outage", "Major Outage"): its components. No incidents are read.
#ifndef STATUSPHERE_PROVIDERS_SIGNALWIRE_SIGNALWIRE_H_
#define STATUSPHERE_PROVIDERS_SIGNALWIRE_SIGNALWIRE_H_

#include "providers/provider.h"

namespace statusphere::providers {

class SignalWire : public Provider {
 public:
  absl::string_view name() const override { return "signalwire"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_SIGNALWIRE_SIGNALWIRE_H_
