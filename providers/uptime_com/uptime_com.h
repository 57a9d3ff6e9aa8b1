// Uptime.com status pages. Their state is the props of the React controller that the home
// page starts (page_props.h): components (in groups), active incidents and upcoming
// maintenance. No real capture was available: the fields read are those that other
// projects' parsers of these pages agree on (see providers/README.md).
#ifndef STATUSPHERE_PROVIDERS_UPTIME_COM_UPTIME_COM_H_
#define STATUSPHERE_PROVIDERS_UPTIME_COM_UPTIME_COM_H_

#include "providers/provider.h"

namespace statusphere::providers {

class UptimeCom : public Provider {
 public:
  absl::string_view name() const override { return "uptime-com"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPTIME_COM_UPTIME_COM_H_
