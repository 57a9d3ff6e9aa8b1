// Hund.io status pages (<name>.hund.io): the first event of the page's live event stream,
// GET <page>/live/v2/status_page (Server-Sent Events), "init_event", holds the page's state,
// its components and its current issues with their updates. The stream never ends: the
// scraper reads that one event and closes it (DocumentToFetch::end_after_event). See
// providers/README.md, Hund.io.
#ifndef STATUSPHERE_PROVIDERS_HUND_HUND_H_
#define STATUSPHERE_PROVIDERS_HUND_HUND_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Hund : public Provider {
 public:
  absl::string_view name() const override { return "hund"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_HUND_HUND_H_
