// ListStatusPages' whole list (no page_size: every page in one answer, as the original API
// gives it), kept per server as each page's serialized entry and brought up to date on
// each call instead of being built again from every page.
//
// Every report writes its page's row, so under ingest the answer changes with each one
// and the answer cache (keyed by the store's content generation) kept it for no second
// call: each call read and built 100,000 pages (1.5 s). Now a call reads every page's url
// and list mark (store.h PageMarks; a mark is replaced by every write of what the list
// shows of a page, through any server), reads again only the pages whose mark moved, whose
// maintenance window began or ended, or that turned stale since their entry was built, and
// joins the entries in the list's order, itself read again only when the page list's
// version moved (an add, a rename or a removal, through any server). The answer is byte for byte what ListPages,
// explained (page_explain.h) and serialized as a ListStatusPagesResponse, gives at the
// same moment.
#ifndef STATUSPHERE_SERVER_PAGE_LIST_H_
#define STATUSPHERE_SERVER_PAGE_LIST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/store/sql/sql_store.h"

namespace statusphere {

class PageList {
 public:
  // `stale_after`: as the service's (StatusPageServiceOptions::stale_after).
  PageList(store::Store* store, absl::Duration stale_after) : store_(store), stale_after_(stale_after) {}

  // The serialized ListStatusPagesResponse of every page, as of `now`. Callers asking
  // while a refresh runs wait for it; one that began after they asked is theirs too (it is
  // as fresh as one they would build), so N clients at once cost one or two refreshes.
  absl::StatusOr<std::shared_ptr<const std::string>> Whole(absl::Time now);

  // What the last call read again (for tests and the benchmark).
  struct Refresh {
    size_t pages = 0;        // in the answer
    size_t read = 0;         // pages read again from the store
    bool read_all = false;   // with ListPages, not by url
    bool reordered = false;  // the list's order read again (its version moved)
  };
  Refresh last_refresh();
  int64_t refreshes();  // how many calls refreshed the list (the others shared an answer)

 private:
  struct Entry {
    int64_t mark = 0;
    bool in_maintenance = false;                    // as the entry's status says
    absl::Time valid_until = absl::InfinitePast();  // ExplainedUntil; past: read again
    std::string field;                              // the entry as a field of the response: tag, length, page
  };
  // Reads the `changed` pages (all pages when `all`) and replaces their entries.
  absl::Status Reread(const std::vector<store::PageMark>& changed, bool all, const store::PageMarks& marks,
                      absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // `read_again`: read the page again on the next call, whatever its mark says.
  void Keep(v1::StatusPage page, int64_t mark, bool in_maintenance, absl::Time now, bool read_again)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  store::Store* const store_;
  const absl::Duration stale_after_;
  absl::Mutex mu_;  // one refresh at a time: a second caller finds the entries current
  // By url; a node map, so that the order's pointers stay valid as entries are added.
  absl::node_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // The list's order, as of the page list's version `order_version_`.
  std::vector<const Entry*> order_ ABSL_GUARDED_BY(mu_);
  int64_t order_version_ ABSL_GUARDED_BY(mu_) = -1;
  Refresh last_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const std::string> answer_ ABSL_GUARDED_BY(mu_);  // the last refresh's
  absl::Time answer_began_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  int64_t refreshes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_PAGE_LIST_H_
