// PagerDuty status pages are a script bundle over one JSON document that the server prints
// into the home page: <script id="data" type="application/json">{"summary":..,"layout":..}.
// That island is the whole page's data (open and resolved incidents, services, layout).
#ifndef STATUSPHERE_PROVIDERS_PAGERDUTY_DATA_ISLAND_H_
#define STATUSPHERE_PROVIDERS_PAGERDUTY_DATA_ISLAND_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {

// The text of the home page's <script id="data" type="application/json">, found by the
// HTML parser; nullopt when the page has none.
std::optional<std::string> DataIslandText(absl::string_view html);

// The island parsed, with PagerDuty's shape (a "summary" object holding the incident and
// service lists): INVALID_ARGUMENT naming `url` otherwise.
absl::StatusOr<Json> PagerDutyData(absl::string_view url, absl::string_view html);

// The same check as a yes/no, for detection.
bool HasPagerDutyShape(const Json& data);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_PAGERDUTY_DATA_ISLAND_H_
