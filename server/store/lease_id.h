// Lease ids: the time the lease was taken (16 hex digits of Unix microseconds), then 128
// random bits in hex. The random part makes them unguessable, so that one scraper cannot
// report for another's lease by accident or design; the time lets the ScrapeService bound
// how long renewals may keep a lease (its --max_lease_lifetime) without a column of its
// own. Shared by both databases.
#ifndef STATUSPHERE_SERVER_STORE_LEASE_ID_H_
#define STATUSPHERE_SERVER_STORE_LEASE_ID_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/random/random.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace statusphere::store {

inline std::string NewLeaseId(absl::Time taken) {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen;
  absl::MutexLock lock(&mu);
  return absl::StrFormat("%016x%016x%016x", static_cast<uint64_t>(absl::ToUnixMicros(taken)),
                         absl::Uniform<uint64_t>(*gen), absl::Uniform<uint64_t>(*gen));
}

// When a lease of NewLeaseId was taken; nullopt for an id of another shape.
inline std::optional<absl::Time> LeaseTakenAt(const std::string& lease_id) {
  uint64_t micros = 0;
  if (lease_id.size() != 48 || !absl::SimpleHexAtoi(absl::string_view(lease_id).substr(0, 16), &micros)) {
    return std::nullopt;
  }
  return absl::FromUnixMicros(static_cast<int64_t>(micros));
}

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_LEASE_ID_H_
