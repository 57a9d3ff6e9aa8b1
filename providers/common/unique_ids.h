// The server rejects a whole report that names one incident twice. A document that lists an
// id twice is refused here instead, as a parse error that names the id and the document.
#ifndef STATUSPHERE_PROVIDERS_COMMON_UNIQUE_IDS_H_
#define STATUSPHERE_PROVIDERS_COMMON_UNIQUE_IDS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace statusphere::providers {

// `page` as it is, or INVALID_ARGUMENT naming `url` and the repeated id.
absl::StatusOr<ParsedPage> RequireUniqueIncidentIds(absl::string_view url, ParsedPage page);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_UNIQUE_IDS_H_
