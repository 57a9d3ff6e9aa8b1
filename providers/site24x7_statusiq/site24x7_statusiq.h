// Site24x7 StatusIQ status pages: /rss. The feed carries component states only (StatusIQ's
// help: "Only component status related updates can be received via RSS feeds"), one item
// per state a component entered, titled "<Name> - <State>", often without guid or link, in
// the page's language. A component's status is its newest item's state. StatusIQ's
// incidents are not in the feed and no public JSON of them is documented: none are read.
#ifndef STATUSPHERE_PROVIDERS_SITE24X7_STATUSIQ_SITE24X7_STATUSIQ_H_
#define STATUSPHERE_PROVIDERS_SITE24X7_STATUSIQ_SITE24X7_STATUSIQ_H_

#include <string>

#include "providers/provider.h"

namespace statusphere::providers {

class Site24x7StatusIq : public Provider {
 public:
  absl::string_view name() const override { return "site24x7-statusiq"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;

  // A state as the feed words it ("Major Outage") as a component status; "unknown" for
  // words it does not know (other languages').
  static std::string ComponentStatus(absl::string_view state);
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_SITE24X7_STATUSIQ_SITE24X7_STATUSIQ_H_
