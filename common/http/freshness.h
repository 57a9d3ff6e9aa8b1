// How long a response says it stays fresh (RFC 9111 §4.2): a page answering
// "Cache-Control: max-age=60" tells its readers that asking again within the minute brings
// nothing new. The scraper reports it and the schedule does not ask sooner (server/schedule.h).
#ifndef STATUSPHERE_COMMON_HTTP_FRESHNESS_H_
#define STATUSPHERE_COMMON_HTTP_FRESHNESS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::http {

// The response's caching headers, as received (repeated Cache-Control lines joined by ", ").
struct CachingHeaders {
  std::string cache_control;
  std::string expires;
  std::string date;
  std::string age;
};

// What is left of the response's freshness lifetime `now`: max-age, else s-maxage, else
// Expires less Date (less now without a Date), minus Age; at most a day. Zero when the
// headers say nothing, say no-cache or no-store (ask every time), or the response is already
// stale. max-age goes first because it is what the page tells its end readers: s-maxage is
// addressed to the CDN in front of it, which a page typically purges on a change.
absl::Duration FreshFor(const CachingHeaders& headers, absl::Time now);

}  // namespace statusphere::http

#endif  // STATUSPHERE_COMMON_HTTP_FRESHNESS_H_
