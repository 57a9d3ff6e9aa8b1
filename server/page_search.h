// Search over status pages by name and url: what a person types ("git", "github", "git hub",
// "aws", "githubstatus.com", "gihtub") finds the page they mean, first among 1,500 others.
#ifndef STATUSPHERE_SERVER_PAGE_SEARCH_H_
#define STATUSPHERE_SERVER_PAGE_SEARCH_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere {

// How well `query` matches a page; 0 means no match. Higher is better, in tiers: the name
// itself, then names that start with the query, the name's initials ("aws"), names with a
// word that starts with it ("cloud" in "Google Cloud"), the url's host, names or hosts that
// merely contain it, and last names a typo away. Within a tier a shorter name ranks higher
// (the query says more of it).
int MatchScore(absl::string_view query, const statusphere::v1::StatusPage& page);

// The best `max_results` matches, best first (ties by name), leaving out non-matches.
std::vector<statusphere::v1::StatusPage> SearchPages(absl::string_view query,
                                                     const std::vector<statusphere::v1::StatusPage>& pages,
                                                     size_t max_results);

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_PAGE_SEARCH_H_
