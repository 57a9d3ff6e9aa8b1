// Wakes watch streams when a report stored incident changes, so that watchers see a change
// within milliseconds instead of a polling interval.
#ifndef STATUSPHERE_SERVER_CHANGE_NOTIFIER_H_
#define STATUSPHERE_SERVER_CHANGE_NOTIFIER_H_

#include <cstdint>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace statusphere {

class ChangeNotifier {
 public:
  // Called after changes were committed.
  void Notify() {
    absl::MutexLock lock(&mu_);
    ++generation_;
  }
  uint64_t generation() {
    absl::MutexLock lock(&mu_);
    return generation_;
  }
  // Waits until the generation moves past `seen` or `timeout` passes.
  void WaitFor(uint64_t seen, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    auto moved = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return generation_ != seen; };
    mu_.AwaitWithTimeout(absl::Condition(&moved), timeout);
  }

 private:
  absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_CHANGE_NOTIFIER_H_
