// One thread between the change log and every WatchIncidents stream of this server. On each
// notification (and every poll interval, for changes other servers wrote to a shared
// PostgreSQL) it reads the new changes once, encodes each once, and hands them to every
// live stream whose filter matches: one ListChanges per change, not one per stream. Streams
// that start from an older cursor are served replay batches from the same thread, one
// batch per request, so that a stream holds at most one batch it has not written yet.
#ifndef STATUSPHERE_SERVER_WATCH_CHANGE_DISPATCHER_H_
#define STATUSPHERE_SERVER_WATCH_CHANGE_DISPATCHER_H_

#include <cstdint>
#include <deque>
#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/change_notifier.h"
#include "server/store/sql/sql_store.h"
#include "server/watch/watcher.h"

namespace statusphere::watch {

struct DispatcherOptions {
  // How often the change log is read when no notification arrives.
  absl::Duration poll_interval = absl::Seconds(1);
  // Changes read per ListChanges call, live or replayed.
  int batch = 100;
  // A stream further behind the newest change than this many sequences (or behind what
  // the change log still holds) gets a RESET and goes on from the newest change.
  int64_t max_replay = 10000;
  // Changes older than this are pruned (once the notification fan-out has passed them),
  // every prune_interval; zero keeps them all.
  absl::Duration change_retention = absl::Hours(24);
  absl::Duration prune_interval = absl::Minutes(1);
};

class ChangeDispatcher {
 public:
  // The store and the notifier must outlive the dispatcher. Starts its thread.
  ChangeDispatcher(store::Store* store, ChangeNotifier* notifier, DispatcherOptions options);
  ~ChangeDispatcher();  // Stop()

  // Registers `watcher`, which first gets replay batches of the changes after `after`
  // (each requested with RequestReplay once the previous one is written; the first is
  // requested here) until it catches up, then live changes. A watcher with nothing to
  // replay joins the live feed here, without a store read.
  void Add(Watcher* watcher, int64_t after);
  void RequestReplay(Watcher* watcher, int64_t after);
  // After Remove returns the dispatcher never calls `watcher` again.
  void Remove(Watcher* watcher);
  // Ends every stream (UNAVAILABLE, each told its cursor), refuses new ones and stops the
  // thread; for server shutdown, which would otherwise wait for streams that never end.
  void Stop();

  // For tests and metrics.
  int live_watchers();
  int64_t store_reads();

 private:
  struct Replay {
    Watcher* watcher;
    int64_t after;
  };
  void Loop();
  void ReadLive();
  void PruneIfDue();
  void ServeReplay(Replay replay);
  absl::flat_hash_set<Watcher*>& LiveSet(const std::string& page_url) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  store::Store* const store_;
  ChangeNotifier* const notifier_;
  const DispatcherOptions options_;
  int listener_ = -1;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  bool head_known_ ABSL_GUARDED_BY(mu_) = false;
  int64_t head_ ABSL_GUARDED_BY(mu_) = 0;  // every change up to here was handed out
  absl::flat_hash_set<Watcher*> watchers_ ABSL_GUARDED_BY(mu_);
  // Live watchers by page url ("" for those of every page): a change visits only its own.
  absl::flat_hash_map<std::string, absl::flat_hash_set<Watcher*>> live_ ABSL_GUARDED_BY(mu_);
  int live_count_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<Replay> replays_ ABSL_GUARDED_BY(mu_);
  Watcher* serving_ ABSL_GUARDED_BY(mu_) = nullptr;  // whose replay is being read, unlocked
  int64_t store_reads_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time next_prune_ = absl::InfinitePast();  // the dispatcher's thread only
  std::thread thread_;
};

}  // namespace statusphere::watch

#endif  // STATUSPHERE_SERVER_WATCH_CHANGE_DISPATCHER_H_
