// Atlassian Statuspage's JSON API under /api/v2, which incident.io serves too:
// summary.json (components, unresolved incidents and maintenances), incidents.json (the
// last 50) and scheduled-maintenances.json. Its parser is a function, so that both
// platforms call it.
#ifndef STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_STATUSPAGE_API_H_
#define STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_STATUSPAGE_API_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/common/json_fields.h"
#include "providers/provider.h"

namespace statusphere::providers {

// The API documents' roles, and their paths under the page URL.
inline constexpr absl::string_view kSummaryRole = "summary";
inline constexpr absl::string_view kIncidentsRole = "incidents";
inline constexpr absl::string_view kScheduledMaintenancesRole = "scheduled-maintenances";
inline constexpr absl::string_view kSummaryPath = "/api/v2/summary.json";
inline constexpr absl::string_view kIncidentsPath = "/api/v2/incidents.json";
inline constexpr absl::string_view kScheduledMaintenancesPath = "/api/v2/scheduled-maintenances.json";

// A summary.json's shape: a page, and a status indicator or components.
bool IsStatuspageSummary(const Json& json);

// Parses the API documents of `documents` (the roles above; the others are not read).
// Each is optional, but one that is there must have answered 200 in its shape, except the
// maintenances, which may be a 404 (incident.io has none). Incidents come out by id, a
// later document's copy winning; the page lists every open incident when the summary was
// read.
absl::StatusOr<ParsedPage> ParseStatuspageApi(absl::string_view page_url, const Documents& documents);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_STATUSPAGE_API_H_
