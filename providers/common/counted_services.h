// Pages whose public document only counts their services by state (StatusHub's counters,
// StatusCake's tests): the page as one component, as bad as its worst counted service.
#ifndef STATUSPHERE_PROVIDERS_COMMON_COUNTED_SERVICES_H_
#define STATUSPHERE_PROVIDERS_COMMON_COUNTED_SERVICES_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace statusphere::providers {

struct ServiceCounts {
  int64_t up = 0;
  int64_t affected = 0;  // up but impaired
  int64_t down = 0;
  int64_t other = 0;  // a state the platform's readers do not name: it says nothing
};

// One component `id` / `name`: any service down is a partial outage, or a major one when every
// service is down; else any affected a degradation; else any up operational; else unknown.
// The indicator is given (each platform says its counts in its own words). The document lists
// no incidents, so the page lists every open one (none).
ParsedPage CountedServicesPage(absl::string_view id, absl::string_view name, const ServiceCounts& counts,
                               std::string indicator);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_COUNTED_SERVICES_H_
