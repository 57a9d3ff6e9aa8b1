// Wakes watch streams when a report stored incident changes, so that watchers see a change
// within milliseconds instead of a polling interval.
#ifndef STATUSPHERE_SERVER_CHANGE_NOTIFIER_H_
#define STATUSPHERE_SERVER_CHANGE_NOTIFIER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace statusphere {

class ChangeNotifier {
 public:
  // Called after changes were committed.
  void Notify() {
    absl::MutexLock lock(&mu_);
    ++generation_;
    for (auto& [id, listener] : listeners_) listener();
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

  // For a loop that waits on its own lock (the watch dispatcher wakes on a change or on a
  // stream's request): `listener` runs inside every Notify, on the notifying thread, so it
  // must only signal and never call back into the notifier. After RemoveListener returns
  // the listener is not running and never runs again.
  int AddListener(std::function<void()> listener) {
    absl::MutexLock lock(&mu_);
    listeners_.emplace(next_listener_, std::move(listener));
    return next_listener_++;
  }
  void RemoveListener(int id) {
    absl::MutexLock lock(&mu_);
    listeners_.erase(id);
  }

 private:
  absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<int, std::function<void()>> listeners_ ABSL_GUARDED_BY(mu_);
  int next_listener_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_CHANGE_NOTIFIER_H_
