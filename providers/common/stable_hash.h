// A hash that is the same on every machine, build and run (absl::Hash is seeded per
// process), for ids derived from content that must survive restarts and rescrapes.
#ifndef STATUSPHERE_PROVIDERS_COMMON_STABLE_HASH_H_
#define STATUSPHERE_PROVIDERS_COMMON_STABLE_HASH_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace statusphere::providers {

// FNV-1a, 64 bits.
inline uint64_t Fnv1a64(absl::string_view bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_STABLE_HASH_H_
