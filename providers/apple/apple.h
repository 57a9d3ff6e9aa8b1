// Apple's system status (www.apple.com/support/systemstatus, and developer.apple.com/system-status
// for the developer services): `data/system_status_en_US.js`, JSON wrapped in a JavaScript call,
// lists `services[]` by `serviceName`, each with its `events[]` (`messageId`, `statusType`
// Outage/Issue/Performance/Maintenance, `eventStatus` ongoing/resolved/upcoming/completed,
// `message`, `epochStartDate` / `epochEndDate` in milliseconds, `usersAffected`). Services are
// the components; an event, under its messageId, is one incident across the services that list it.
#ifndef STATUSPHERE_PROVIDERS_APPLE_APPLE_H_
#define STATUSPHERE_PROVIDERS_APPLE_APPLE_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Apple : public Provider {
 public:
  absl::string_view name() const override { return "apple"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_APPLE_APPLE_H_
