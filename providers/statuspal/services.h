// Statuspal's services, nested (a region and its products, children of children...), as
// components: every service is one, a child listed under its parent's name.
#ifndef STATUSPHERE_PROVIDERS_STATUSPAL_SERVICES_H_
#define STATUSPHERE_PROVIDERS_STATUSPAL_SERVICES_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "providers/common/json_fields.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers::statuspal {

// The component status a service's current_incident_type means (null: operational).
std::string ComponentStatus(absl::string_view incident_type);

struct Services {
  std::vector<statusphere::v1::Component> components;  // parents before their children
  std::map<long long, std::string> names;              // by service id
};

// The services of a summary's "services" array, however deep they nest.
Services ReadServices(const Json& services);

}  // namespace statusphere::providers::statuspal

#endif  // STATUSPHERE_PROVIDERS_STATUSPAL_SERVICES_H_
