// StatusCast status pages (Fastly, 8x8, Airship, Campaign Monitor, ...): server-rendered
// HTML of widgets (page_html.h). No public API: the home page is the page, and a backfill
// also reads each listed incident's own page for the updates the home page summarises.
#ifndef STATUSPHERE_PROVIDERS_STATUSCAST_STATUSCAST_H_
#define STATUSPHERE_PROVIDERS_STATUSCAST_STATUSCAST_H_

#include "providers/provider.h"

namespace statusphere::providers {

class StatusCast : public Provider {
 public:
  absl::string_view name() const override { return "statuscast"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STATUSCAST_STATUSCAST_H_
