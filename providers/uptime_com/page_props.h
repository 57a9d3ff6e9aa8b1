// Uptime.com status pages are rendered by a React controller that an inline script starts
// with the page's state as its props:
//   ReactDOM.render(createElement(StatusPageDisplayController, {"siteURL": ..,
//       "statuspage": {"global_is_operational": .., "components": [..], "active_incidents": [..],
//       "upcoming_maintenance": [..], ..}}), document.getElementById('statuspagesDisplay'));
// The props are a JSON object: found in the script text by the call's name, cut out by
// matching braces outside strings, then parsed by the JSON parser.
#ifndef STATUSPHERE_PROVIDERS_UPTIME_COM_PAGE_PROPS_H_
#define STATUSPHERE_PROVIDERS_UPTIME_COM_PAGE_PROPS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {

// The props object's text, from the first inline script that starts the controller;
// nullopt when none does.
std::optional<std::string> StatusPagePropsText(absl::string_view html);

// The props' "statuspage" object, which must hold "components" and "global_is_operational":
// INVALID_ARGUMENT naming `url` otherwise.
absl::StatusOr<Json> UptimeComStatusPage(absl::string_view url, absl::string_view html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPTIME_COM_PAGE_PROPS_H_
