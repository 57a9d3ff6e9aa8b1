// The providers compiled into this binary, in detection order.
#ifndef STATUSPHERE_PROVIDERS_REGISTRY_H_
#define STATUSPHERE_PROVIDERS_REGISTRY_H_

#include <vector>

#include "providers/provider.h"

namespace statusphere::providers {

// Every registered provider, in registration order (the cascade's probe order).
const std::vector<const Provider*>& AllProviders();

// The provider with this name, or nullptr.
const Provider* FindProvider(absl::string_view name);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_REGISTRY_H_
