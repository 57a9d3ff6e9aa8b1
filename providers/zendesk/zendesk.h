// Zendesk's own status page (status.zendesk.com), a JSON:API of its own ("SSP"):
// `/api/ssp/services.json` lists Zendesk's services (the components) and
// `/api/ssp/incidents.json` its recent incidents, each with `outage` / `degradation` flags and
// `startedAt` / `resolvedAt`, linked to `incidentService` entries (one per service it touches,
// each with its own flags and resolvedAt) in `included`.
#ifndef STATUSPHERE_PROVIDERS_ZENDESK_ZENDESK_H_
#define STATUSPHERE_PROVIDERS_ZENDESK_ZENDESK_H_

#include "providers/provider.h"

namespace statusphere::providers {

class Zendesk : public Provider {
 public:
  absl::string_view name() const override { return "zendesk"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ZENDESK_ZENDESK_H_
