// Where an Upptime status website's data lives. The website (GitHub Pages, or a custom
// domain through its CNAME) is a static export of upptime/status-page, built from the
// repository's .upptimerc.yml; its pages print that repository's address
// (https://github.com/<owner>/<repo>) in the footer ("This page is open source, powered by
// Upptime") and the bundle reads the data from the repository's files on
// raw.githubusercontent.com, branch master: history/summary.json and api/<slug>/*.json.
#ifndef STATUSPHERE_PROVIDERS_UPPTIME_SITE_REPOSITORY_H_
#define STATUSPHERE_PROVIDERS_UPPTIME_SITE_REPOSITORY_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace statusphere::providers {

struct SiteRepository {
  std::string owner;
  std::string repo;
};

// The repository an Upptime website's home page names: a github.com/<owner>/<repo> link
// (the footer's first) on a page that also carries Upptime's marks (a link to
// upptime.js.org, or Upptime's icon). nullopt when the page is not an Upptime website.
std::optional<SiteRepository> UpptimeRepositoryOf(absl::string_view home_html);

// The repository's summary file as the website reads it.
std::string SummaryUrlOf(const SiteRepository& repository);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPPTIME_SITE_REPOSITORY_H_
