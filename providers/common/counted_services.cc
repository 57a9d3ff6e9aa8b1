#include "providers/common/counted_services.h"

#include <utility>

#include "common/vocabulary.h"

namespace statusphere::providers {
namespace {

namespace vocabulary = statusphere::vocabulary;

const char* ComponentStatus(const ServiceCounts& c) {
  if (c.down > 0) {
    const bool all_down = c.up == 0 && c.affected == 0 && c.other == 0;
    return all_down ? vocabulary::kComponentMajorOutage : vocabulary::kComponentPartialOutage;
  }
  if (c.affected > 0) return vocabulary::kComponentDegradedPerformance;
  if (c.up > 0) return vocabulary::kComponentOperational;
  return "unknown";
}

}  // namespace

ParsedPage CountedServicesPage(absl::string_view id, absl::string_view name, const ServiceCounts& counts,
                               std::string indicator) {
  ParsedPage page;
  page.platform_indicator = std::move(indicator);
  statusphere::v1::Component component;
  component.set_id(std::string(id));
  component.set_name(std::string(name));
  component.set_status(ComponentStatus(counts));
  page.components.push_back(std::move(component));
  page.lists_every_open_incident = true;
  return page;
}

}  // namespace statusphere::providers
