// Lease ids: 128 random bits in hex, unguessable, so that one scraper cannot report
// for another's lease by accident or design. Shared by every Store.
#ifndef STATUSPHERE_SERVER_STORE_LEASE_ID_H_
#define STATUSPHERE_SERVER_STORE_LEASE_ID_H_

#include <string>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"

namespace statusphere::store {

inline std::string NewLeaseId() {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen;
  absl::MutexLock lock(&mu);
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(*gen), absl::Uniform<uint64_t>(*gen));
}

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_LEASE_ID_H_
