#include "providers/registry.h"

namespace statusphere::providers {

// AllProviders() is generated from providers.bzl (all_providers.cc).

const Provider* FindProvider(absl::string_view name) {
  for (const Provider* p : AllProviders()) {
    if (p->name() == name) return p;
  }
  return nullptr;
}

}  // namespace statusphere::providers
