// StatusCake public reporting pages (`uptime.statuscake.com/?TestID=<public id>`, and pages
// on their owners' domains such as Mailchimp's status.mailchimp.com). The page's data is
// `app.statuscake.com/Workfloor/PublicReportHandler.php?PublicID=<public id>`, whose
// `TestData[]` other projects read for each test's `Status` (Up, Down) only: no test's name,
// no incident and no time of it is established, so the page is one component as bad as its
// tests, and no incidents are published.
#ifndef STATUSPHERE_PROVIDERS_STATUSCAKE_STATUSCAKE_H_
#define STATUSPHERE_PROVIDERS_STATUSCAKE_STATUSCAKE_H_

#include <string>

#include "providers/provider.h"

namespace statusphere::providers {

class StatusCake : public Provider {
 public:
  absl::string_view name() const override { return "statuscake"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;

  // The page's public id: its TestID parameter (on the report host, or a copy of its page on
  // this machine), else the id of a known custom domain; empty when it has neither.
  static std::string PublicId(absl::string_view page_url);
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STATUSCAKE_STATUSCAKE_H_
