// Instatus's home page, a Next.js page whose flight data (common/flight_data.h) carries what
// it shows: the site (its main status and components, names localized as {en, default}),
// the active incidents and maintenances with their components and every update's text, and
// the notices of the uptime bars (recent incidents, resolved ones too). summary.json has
// none of the texts nor which components an incident affects.
#ifndef STATUSPHERE_PROVIDERS_INSTATUS_HOME_PAGE_H_
#define STATUSPHERE_PROVIDERS_INSTATUS_HOME_PAGE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace statusphere::providers {

inline constexpr absl::string_view kInstatusHomeRole = "home";

// The page the home page shows. NOT_FOUND naming `url` when it carries no Instatus site
// data; INVALID_ARGUMENT when it does but it is broken.
absl::StatusOr<ParsedPage> ParseInstatusHomePage(absl::string_view page_url, absl::string_view url,
                                                 absl::string_view html);

// The page from the JSON API (`api`) and the home page together: the API's page with what
// only the home page says (update texts, incident components, recent notices, components
// when /v3/components.json failed), or the home page's alone when the API failed. A home
// page that failed or carries no site data is done without when the API answered.
absl::StatusOr<ParsedPage> WithInstatusHomePage(absl::string_view page_url, absl::StatusOr<ParsedPage> api,
                                                const Document* home);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_INSTATUS_HOME_PAGE_H_
