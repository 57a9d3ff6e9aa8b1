// Upptime status websites (a GitHub repository's monitor, published with GitHub Pages):
// the home page names the repository (site_repository.h), whose history/summary.json lists
// every monitored site with its current status and its minutes down by day (downtime.h).
// A page may also be given as the base of the repository's files themselves (e.g.
// https://raw.githubusercontent.com/<owner>/<repo>/master, or a mirror of them): its
// history/summary.json is then read directly.
#ifndef STATUSPHERE_PROVIDERS_UPPTIME_UPPTIME_H_
#define STATUSPHERE_PROVIDERS_UPPTIME_UPPTIME_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Upptime : public Provider {
 public:
  absl::string_view name() const override { return "upptime"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPPTIME_UPPTIME_H_
