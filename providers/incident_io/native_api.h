// incident.io's own status-page API, the JSON its web widget reads:
//   /proxy/<host>            {summary:{components[], affected_components[], ongoing_incidents[],
//                             in_progress_maintenances[], scheduled_maintenances[], structure{items[]}}}
//   /proxy/<host>/incidents  {incidents:[{id,name,status,published_at,updates[]}]}
// It tells what the Statuspage-compatible layer leaves out: maintenance windows, component
// groups, which components an incident affects and how badly. No capture of it exists
// (../shared/notes/FORMATS.md §2 knows it from other projects' code), so fields beyond the
// documented ones are read when present and never required.
#ifndef STATUSPHERE_PROVIDERS_INCIDENT_IO_NATIVE_API_H_
#define STATUSPHERE_PROVIDERS_INCIDENT_IO_NATIVE_API_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/common/json_fields.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers {

struct NativeSummary {
  // Every component, with its group and its current status (operational unless listed as
  // affected), in the page's display order when the structure gives one.
  std::vector<statusphere::v1::Component> components;
  // Ongoing incidents, in-progress and scheduled maintenance windows.
  std::vector<statusphere::v1::Incident> incidents;
};

// Parses /proxy/<host>. NOT_FOUND when the body is not this API's shape at all (an HTML
// page, another JSON document): the caller may then do without it. INVALID_ARGUMENT when
// it is this API but a field is broken.
absl::StatusOr<NativeSummary> ParseNativeSummary(absl::string_view page_url, absl::string_view url,
                                                 absl::string_view body);

// Parses /proxy/<host>/incidents (past incidents with their updates); same errors.
absl::StatusOr<std::vector<statusphere::v1::Incident>> ParseNativeIncidents(absl::string_view page_url,
                                                                            absl::string_view url,
                                                                            absl::string_view body);

// Plain text of a rich-text document as the API sends update messages: nested
// {type, text, content[]} nodes; block nodes become lines.
std::string RichTextToPlain(const Json& node);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_INCIDENT_IO_NATIVE_API_H_
