// Statuspage's home page, rendered on the server: the components with their statuses
// (data-component-id, data-component-status, grouped under "is-group" containers), the
// unresolved incidents and the maintenances with every update (<strong>status</strong> -
// body, the time in <span class="ago" data-datetime-unix>). Read when the JSON API is
// refused, rate-limited or broken, so that such a page is still scraped.
#ifndef STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HOME_PAGE_H_
#define STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HOME_PAGE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace statusphere::providers {

inline constexpr absl::string_view kStatuspageHomeRole = "home";

// The page its home page shows; it lists every unresolved incident and every upcoming or
// running maintenance, as summary.json does. NOT_FOUND naming `url` when the HTML has none
// of a Statuspage home page's parts (page status, components, incidents); INVALID_ARGUMENT
// when an incident or component there is unreadable.
absl::StatusOr<ParsedPage> ParseStatuspageHomePage(absl::string_view page_url, absl::string_view url,
                                                   absl::string_view html);

// The JSON API's page (statuspage_api.h) when it answered; else the home page's, when the
// plan fetched it; else the API's error, with the home page's when that failed too.
absl::StatusOr<ParsedPage> StatuspageApiOrHomePage(absl::string_view page_url, const Documents& documents);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HOME_PAGE_H_
