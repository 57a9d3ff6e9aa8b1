// Heroku's status API (status.heroku.com/api/v4/current-status): the three systems (Apps,
// Data, Tools) with traffic-light colours, open incidents with their updates, and
// scheduled maintenance. Colours map to impact: red major, yellow minor, blue maintenance.
#ifndef STATUSPHERE_PROVIDERS_HEROKU_HEROKU_H_
#define STATUSPHERE_PROVIDERS_HEROKU_HEROKU_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Heroku : public Provider {
 public:
  absl::string_view name() const override { return "heroku"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_HEROKU_HEROKU_H_
