// SearchStatusPages as the server answers it: the page index (page_index.h) kept current
// with the store's page list, and the pages it finds read from the store, fresh (their
// status moves with every scrape; the index holds only what search ranks by, names and
// urls, which only an add, a rename or a removal changes).
//
// Current: each search reads the pages it found together with the store's page list
// version (one row, in the same transaction); when the version has moved since the index
// was built, through this server or another on the same database, the index is rebuilt
// from ListPageNames and the search run again. So a page added anywhere is found by the
// next search, within the answer cache's own bound (answer_cache.h). A rebuild at 100,000
// pages takes about half a second of CPU; searches meanwhile wait for it, as every search
// waited for the whole list before.
#ifndef STATUSPHERE_SERVER_PAGE_FINDER_H_
#define STATUSPHERE_SERVER_PAGE_FINDER_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/page_index.h"
#include "server/store/sql/sql_store.h"

namespace statusphere {

class PageFinder {
 public:
  explicit PageFinder(store::Store* store) : store_(store) {}

  // The best `max_results` pages for `query`, best first, without components: what
  // SearchPages (page_search.h) finds among ListPages.
  absl::StatusOr<std::vector<store::StatusPage>> Find(absl::string_view query, size_t max_results);

  // The index of the current page list, built first when the list has moved on.
  absl::StatusOr<std::shared_ptr<const PageIndex>> Current();

 private:
  std::shared_ptr<const PageIndex> Kept(int64_t* version);
  // A new index unless the one kept is no longer of `stale_version` (another search
  // rebuilt it meanwhile).
  absl::StatusOr<std::shared_ptr<const PageIndex>> Rebuild(int64_t stale_version);

  store::Store* store_;
  absl::Mutex rebuild_mu_;  // one rebuild at a time; searches of the new version wait for it
  absl::Mutex mu_;
  std::shared_ptr<const PageIndex> index_ ABSL_GUARDED_BY(mu_);
  int64_t version_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_PAGE_FINDER_H_
