// What an Uptime Kuma page announces: at most one pinned incident (a titled Markdown note
// with a colour, no lifecycle) and the maintenances in progress. Kuma drops an incident
// from the page when it is unpinned and a maintenance when its window ends, so the page
// only ever shows open ones.
#ifndef STATUSPHERE_PROVIDERS_UPTIME_KUMA_INCIDENTS_H_
#define STATUSPHERE_PROVIDERS_UPTIME_KUMA_INCIDENTS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/common/json_fields.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers {

// From /api/status-page/<slug>, parsed. Ids are "incident-<id>" and "maintenance-<id>":
// Kuma numbers the two in separate tables, so a bare number could name both. The deep
// link is `page_url`: Kuma has no page per incident. INVALID_ARGUMENT (without the URL)
// on wrong types and absurd times.
absl::StatusOr<std::vector<statusphere::v1::Incident>> KumaIncidents(absl::string_view page_url, const Json& page);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPTIME_KUMA_INCIDENTS_H_
