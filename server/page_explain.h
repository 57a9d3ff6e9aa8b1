// A page as the read API answers it, from the page as the store gives it: UNKNOWN once
// stale, with the reason (store/page_status.h ApplyStaleness), and its slug. One rule for
// every answer that carries pages, including the kept whole list (page_list.h).
#ifndef STATUSPHERE_SERVER_PAGE_EXPLAIN_H_
#define STATUSPHERE_SERVER_PAGE_EXPLAIN_H_

#include "absl/time/time.h"
#include "common/page_slug.h"
#include "server/store/page_status.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere {

inline void ExplainPage(v1::StatusPage& page, absl::Time now, absl::Duration stale_after) {
  store::ApplyStaleness(page, now, stale_after);
  page.set_slug(PageSlug(page.url()));
}

// Until when ExplainPage at `now` gives what it gives at any later time, the page's row
// unchanged: until the page turns stale (then it stays so until a scrape succeeds, which
// writes the row), or for ever.
inline absl::Time ExplainedUntil(const v1::StatusPage& page, absl::Time now, absl::Duration stale_after) {
  const absl::Time last_read = store::LastRead(page);
  if (!page.is_indexed() || last_read == absl::InfinitePast()) return absl::InfiniteFuture();
  const absl::Time turns_stale = last_read + stale_after;  // stale when now is past it
  return now > turns_stale ? absl::InfiniteFuture() : turns_stale;
}

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_PAGE_EXPLAIN_H_
