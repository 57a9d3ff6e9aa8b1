// The last resort of the cascade: a page that publishes an RSS or Atom incident feed.
// The catalog URL may be the feed itself, or a page whose feed is at /history.rss.
#ifndef STATUSPHERE_PROVIDERS_FEED_FEED_PROVIDER_H_
#define STATUSPHERE_PROVIDERS_FEED_FEED_PROVIDER_H_

#include "providers/provider.h"

namespace statusphere::providers {

class FeedProvider : public Provider {
 public:
  absl::string_view name() const override { return "rss"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_FEED_FEED_PROVIDER_H_
