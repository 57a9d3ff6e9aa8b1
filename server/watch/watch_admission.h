// How many WatchIncidents streams the server holds open, per client and in all: each one
// costs memory and, while it replays, store reads, so one client (or a crowd) must not be
// able to open them without end. A refused stream gets RESOURCE_EXHAUSTED saying which
// bound it met (HTTP 429 through the gateway).
#ifndef STATUSPHERE_SERVER_WATCH_WATCH_ADMISSION_H_
#define STATUSPHERE_SERVER_WATCH_WATCH_ADMISSION_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace statusphere::watch {

struct AdmissionLimits {
  int per_client = 100;  // 0: no bound
  int total = 20000;     // 0: no bound
};

class WatchAdmission {
 public:
  explicit WatchAdmission(AdmissionLimits limits) : limits_(limits) {}

  // Counts a new stream of `client` (its address, as the rate limit tells clients apart),
  // or refuses it with RESOURCE_EXHAUSTED. Each admitted stream is released once.
  absl::Status Admit(const std::string& client);
  void Release(const std::string& client);

  int open();  // for tests and metrics

 private:
  const AdmissionLimits limits_;
  absl::Mutex mu_;
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int> by_client_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere::watch

#endif  // STATUSPHERE_SERVER_WATCH_WATCH_ADMISSION_H_
