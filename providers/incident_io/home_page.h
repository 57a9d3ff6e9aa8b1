// incident.io's home page, a Next.js page whose flight data (common/flight_data.h) carries
// the summary it was rendered from: the same object the widget API serves at /proxy/<host>
// (native_api.h), with ongoing incidents and their updates, affected components, component
// impacts and scheduled maintenances. Read when the APIs are refused or broken, so that a
// page behind a bot wall is still scraped.
#ifndef STATUSPHERE_PROVIDERS_INCIDENT_IO_HOME_PAGE_H_
#define STATUSPHERE_PROVIDERS_INCIDENT_IO_HOME_PAGE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/incident_io/native_api.h"

namespace statusphere::providers {

inline constexpr absl::string_view kIncidentIoHomeRole = "home";

// The summary in the home page's flight data. A parent page's sub-pages (structure items
// with a sub_page) become components of their own. NOT_FOUND naming `url` when the page
// carries no summary (another platform's page, a redesign); INVALID_ARGUMENT when it does
// but the summary is broken.
absl::StatusOr<NativeSummary> ParseIncidentIoHomePage(absl::string_view page_url, absl::string_view url,
                                                      absl::string_view html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_INCIDENT_IO_HOME_PAGE_H_
