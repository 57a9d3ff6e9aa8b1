// The search before issue 27, the search bench's reference (see previous_page_search.cc).
#ifndef STATUSPHERE_BENCH_PREVIOUS_PAGE_SEARCH_H_
#define STATUSPHERE_BENCH_PREVIOUS_PAGE_SEARCH_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::previous {

int MatchScore(absl::string_view query, const statusphere::v1::StatusPage& page);
std::vector<statusphere::v1::StatusPage> SearchPages(absl::string_view query,
                                                     const std::vector<statusphere::v1::StatusPage>& pages,
                                                     size_t max_results);

}  // namespace statusphere::previous

#endif  // STATUSPHERE_BENCH_PREVIOUS_PAGE_SEARCH_H_
