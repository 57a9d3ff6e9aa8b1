#include "providers/statuspal/services.h"

#include <utility>

#include "common/vocabulary.h"

namespace statusphere::providers::statuspal {

std::string ComponentStatus(absl::string_view incident_type) {
  namespace v = statusphere::vocabulary;
  if (incident_type.empty() || incident_type == "info") return v::kComponentOperational;
  if (incident_type == "major") return v::kComponentMajorOutage;
  if (incident_type == "minor") return v::kComponentPartialOutage;
  if (incident_type == "performance") return v::kComponentDegradedPerformance;
  if (incident_type == "scheduled" || incident_type == "emergency-maintenance" || incident_type == "maintenance") {
    return v::kComponentUnderMaintenance;
  }
  return "unknown";
}

Services ReadServices(const Json& services) {
  Services out;
  // An explicit stack instead of recursion: a hostile summary may nest deeper than a
  // thread's stack. Pushed in reverse so that the page's order is kept.
  std::vector<std::pair<const Json*, std::string>> pending;  // service, its parent's name
  auto push_children = [&](const Json& list, const std::string& parent) {
    if (!list.is_array()) return;
    for (auto it = list.rbegin(); it != list.rend(); ++it) pending.emplace_back(&*it, parent);
  };
  push_children(services, "");
  while (!pending.empty()) {
    auto [service, parent] = std::move(pending.back());
    pending.pop_back();
    if (!service->is_object()) continue;
    const auto id = service->find("id");
    if (id == service->end() || !id->is_number_integer()) continue;  // nothing to name it by
    statusphere::v1::Component c;
    c.set_id(std::to_string(id->get<long long>()));
    c.set_name(StringField(*service, "name"));
    c.set_status(ComponentStatus(StringField(*service, "current_incident_type")));
    c.set_group(parent);
    out.names[id->get<long long>()] = c.name();
    const std::string name = c.name();
    out.components.push_back(std::move(c));
    push_children(ArrayField(*service, "children"), name);
  }
  return out;
}

}  // namespace statusphere::providers::statuspal
