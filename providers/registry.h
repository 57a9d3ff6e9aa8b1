// The providers compiled into this binary (providers/providers.bzl), in detection order.
#ifndef STATUSPHERE_PROVIDERS_REGISTRY_H_
#define STATUSPHERE_PROVIDERS_REGISTRY_H_

#include <vector>

#include "providers/provider.h"

namespace statusphere::providers {

// Every provider, in the order of providers.bzl (the cascade's probe order).
const std::vector<const Provider*>& AllProviders();

// The provider with this name, or nullptr.
const Provider* FindProvider(absl::string_view name);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_REGISTRY_H_
