// Oracle's status pages (Oracle Cloud Infrastructure, NetSuite) answer `/api/v2/status.json`
// in Statuspage's shape: `{"status": {"indicator": none|minor|major|critical|maintenance,
// "description": "..."}}`, a rollup of the whole service and nothing more. It becomes the
// page's indicator and one component named for the service.
#ifndef STATUSPHERE_PROVIDERS_ORACLE_CLOUD_STATUS_ROLLUP_H_
#define STATUSPHERE_PROVIDERS_ORACLE_CLOUD_STATUS_ROLLUP_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace statusphere::providers {

struct StatusRollup {
  std::string indicator;  // verbatim
  statusphere::v1::Component component;
};

// INVALID_ARGUMENT naming the document when it is not JSON or has no status.indicator.
absl::StatusOr<StatusRollup> ParseStatusRollup(const Document& status_json, absl::string_view service_name);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ORACLE_CLOUD_STATUS_ROLLUP_H_
