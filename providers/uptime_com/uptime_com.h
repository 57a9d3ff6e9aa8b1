// Uptime.com status pages. Their state is the JSON the page loads from `<page>/ajax`
// (`{error, fields, data}`: components in groups, active incidents, upcoming maintenance,
// `global_is_operational`), their ended incidents `/statuspage/<slug>/history` (named by the
// data's `public_url`). Older pages print the same state as the props of the React
// controller their home page starts (page_props.h): the home page stands in for a refused
// /ajax.
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
