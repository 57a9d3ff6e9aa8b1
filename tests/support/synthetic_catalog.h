// A catalog of any size that looks like the real one, for the search index's tests and
// bench (server/page_index.h, bench/search_bench.cc): the shipped catalog first, then pages
// whose names are made of the shipped names' words ("Acme Cloud EU", "Pager Status 12") and
// whose urls have the hosts status pages have (status.x.com, x.statuspage.io,
// www.xstatus.com); and the queries people type into a search box over it.
#ifndef STATUSPHERE_TESTS_SUPPORT_SYNTHETIC_CATALOG_H_
#define STATUSPHERE_TESTS_SUPPORT_SYNTHETIC_CATALOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "server/store/store.h"

namespace statusphere::testing {

// `pages` pages (the shipped catalog's, then made up ones), names unique
// case-insensitively, urls unique. The same for the same `pages` and `seed`.
std::vector<store::NewPage> SyntheticCatalog(size_t pages, uint32_t seed = 27);

// `count` queries over `pages`: names whole, begun, lowercased; single words; initials;
// hosts and urls; two words in either order; the same with a typo (a letter swapped,
// dropped, doubled or replaced); and a few that match little or nothing.
std::vector<std::string> RealisticQueries(const std::vector<store::NewPage>& pages, size_t count, uint32_t seed = 27);

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_SYNTHETIC_CATALOG_H_
