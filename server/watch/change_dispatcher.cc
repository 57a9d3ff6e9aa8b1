#include "server/watch/change_dispatcher.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace statusphere::watch {

ChangeDispatcher::ChangeDispatcher(store::Store* store, ChangeNotifier* notifier, DispatcherOptions options)
    : store_(store), notifier_(notifier), options_(options) {
  listener_ = notifier_->AddListener([this] {
    absl::MutexLock lock(&mu_);
    woken_ = true;
  });
  thread_ = std::thread([this] { Loop(); });
}

ChangeDispatcher::~ChangeDispatcher() {
  Stop();
  notifier_->RemoveListener(listener_);
}

void ChangeDispatcher::Add(Watcher* watcher, int64_t after) {
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    watcher->End(absl::UnavailableError("server is shutting down"));
    return;
  }
  watchers_.insert(watcher);
  if (head_known_ && after >= head_) {
    // Nothing to replay (a stream of live changes only): every change past head_ is still
    // to be handed out, so it joins the live feed without a read.
    if (LiveSet(watcher->filter().page_url).insert(watcher).second) ++live_count_;
    watcher->OfferReplay({}, after, /*caught_up=*/true);
    return;
  }
  replays_.push_back({watcher, after});
}

void ChangeDispatcher::RequestReplay(Watcher* watcher, int64_t after) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || !watchers_.contains(watcher)) return;
  replays_.push_back({watcher, after});
}

void ChangeDispatcher::Remove(Watcher* watcher) {
  absl::MutexLock lock(&mu_);
  auto not_serving = [this, watcher]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return serving_ != watcher; };
  mu_.Await(absl::Condition(&not_serving));
  if (watchers_.erase(watcher) == 0) return;
  if (LiveSet(watcher->filter().page_url).erase(watcher) > 0) --live_count_;
  for (auto it = replays_.begin(); it != replays_.end();) {
    it = it->watcher == watcher ? replays_.erase(it) : it + 1;
  }
}

void ChangeDispatcher::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      stopping_ = true;
      replays_.clear();
      for (Watcher* watcher : watchers_) watcher->End(absl::UnavailableError("server is shutting down"));
    }
  }
  if (thread_.joinable()) thread_.join();
}

int ChangeDispatcher::live_watchers() {
  absl::MutexLock lock(&mu_);
  return live_count_;
}

int64_t ChangeDispatcher::store_reads() {
  absl::MutexLock lock(&mu_);
  return store_reads_;
}

absl::flat_hash_set<Watcher*>& ChangeDispatcher::LiveSet(const std::string& page_url) { return live_[page_url]; }

void ChangeDispatcher::Loop() {
  for (;;) {
    std::deque<Replay> replays;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || woken_ || !replays_.empty(); };
      mu_.AwaitWithTimeout(absl::Condition(&ready), options_.poll_interval);
      if (stopping_) return;
      woken_ = false;
    }
    // Live first: a replay that catches up joins a feed that is as far as the store.
    ReadLive();
    PruneIfDue();
    {
      absl::MutexLock lock(&mu_);
      if (!head_known_) continue;  // the store does not answer yet; replays wait
      replays.swap(replays_);
    }
    for (Replay& replay : replays) ServeReplay(replay);
  }
}

void ChangeDispatcher::ReadLive() {
  int64_t head = 0;
  bool anyone = false;
  {
    absl::MutexLock lock(&mu_);
    head = head_;
    anyone = head_known_ && !watchers_.empty();
  }
  if (!anyone) {
    // Nobody to hand changes to: only learn where the log ends, so that the first
    // stream does not make this thread read the history.
    absl::StatusOr<int64_t> latest = store_->LatestChangeSequence();
    absl::MutexLock lock(&mu_);
    ++store_reads_;
    if (!latest.ok()) return;
    head_known_ = true;
    head_ = std::max(head_, *latest);
    return;
  }
  for (;;) {
    // Component changes too: streams that asked for them get them (WatchFilter::Matches).
    absl::StatusOr<std::vector<store::ChangeRecord>> changes =
        store_->ListChanges(head, "", options_.batch, store::Store::ChangeKinds::kIncidentsAndComponents);
    if (!changes.ok()) {
      log::Warn("watch.read_failed", {{"error", changes.status().ToString()}});
      return;  // the next poll tries again; streams keep waiting
    }
    std::vector<SharedChange> encoded;
    encoded.reserve(changes->size());
    for (store::ChangeRecord& record : *changes) {
      head = record.sequence;
      absl::StatusOr<SharedChange> change = EncodeChange(std::move(record));
      if (change.ok()) encoded.push_back(*std::move(change));
    }
    {
      absl::MutexLock lock(&mu_);
      ++store_reads_;
      std::vector<Watcher*> behind;
      for (const SharedChange& change : encoded) {
        for (const std::string& key : {change->page_url, std::string()}) {
          auto it = live_.find(key);
          if (it == live_.end()) continue;
          for (Watcher* watcher : it->second) {
            if (watcher->filter().Matches(*change) && !watcher->OfferLive(change)) behind.push_back(watcher);
          }
        }
        for (Watcher* watcher : behind) {
          if (LiveSet(watcher->filter().page_url).erase(watcher) > 0) --live_count_;
        }
        behind.clear();
      }
      head_ = head;
    }
    if (static_cast<int>(changes->size()) < options_.batch) return;
  }
}

void ChangeDispatcher::PruneIfDue() {
  if (options_.change_retention <= absl::ZeroDuration()) return;
  const absl::Time now = absl::Now();
  if (now < next_prune_) return;
  next_prune_ = now + options_.prune_interval;
  absl::StatusOr<int> pruned = store_->PruneChanges(now - options_.change_retention);
  if (!pruned.ok()) {
    log::Warn("watch.prune_failed", {{"error", pruned.status().ToString()}});
  } else if (*pruned > 0) {
    log::Info("change_log.pruned", {{"changes", *pruned}});
  }
}

void ChangeDispatcher::ServeReplay(Replay replay) {
  for (;;) {
    int64_t head = 0;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_ || !watchers_.contains(replay.watcher)) return;
      serving_ = replay.watcher;
      head = head_;
    }
    const WatchFilter& filter = replay.watcher->filter();  // immutable; the watcher lives while served
    // Too far behind to replay: skipped to the newest change handed out live.
    bool reset = head - replay.after > options_.max_replay;
    absl::StatusOr<std::vector<store::ChangeRecord>> changes = std::vector<store::ChangeRecord>{};
    if (!reset) {
      changes = store_->ListChanges(replay.after, filter.page_url, options_.batch,
                                    filter.components ? store::Store::ChangeKinds::kIncidentsAndComponents
                                                      : store::Store::ChangeKinds::kIncidents);
      // Read after the changes: if nothing was pruned past the cursor by then, none of
      // the changes after it was missing from the read.
      absl::StatusOr<int64_t> pruned = store_->PrunedChangesThrough();
      if (!pruned.ok() && changes.ok()) changes = pruned.status();
      if (pruned.ok()) reset = replay.after < *pruned;
    }
    if (reset && changes.ok()) {
      absl::StatusOr<SharedChange> skip = EncodeReset(head, absl::Now());
      absl::MutexLock lock(&mu_);
      ++store_reads_;
      serving_ = nullptr;
      if (!skip.ok()) {
        replay.watcher->End(skip.status());
        return;
      }
      if (replay.watcher->OfferReplay({*std::move(skip)}, head, /*caught_up=*/false)) return;
      replay.after = head;
      continue;
    }
    std::vector<SharedChange> batch;
    int64_t read_through = replay.after;
    absl::Status failed = changes.status();
    if (changes.ok()) {
      for (store::ChangeRecord& record : *changes) {
        read_through = record.sequence;
        const bool component = record.components.has_value();
        if (!component && !filter.impacts.empty() && filter.impacts.count(record.incident.impact()) == 0) continue;
        absl::StatusOr<SharedChange> change = EncodeChange(std::move(record));
        if (!change.ok()) {
          failed = change.status();
          break;
        }
        batch.push_back(*std::move(change));
      }
    }
    absl::MutexLock lock(&mu_);
    ++store_reads_;
    serving_ = nullptr;
    if (!failed.ok()) {
      replay.watcher->End(absl::UnavailableError(absl::StrCat("the change log cannot be read: ", failed.message())));
      return;
    }
    // The read began after head_ was set on this same thread: a short batch means the
    // store held nothing past it, so the live feed takes over without a gap (the watcher
    // drops what it is then handed twice).
    const bool caught_up = static_cast<int>(changes->size()) < options_.batch;
    if (caught_up && LiveSet(filter.page_url).insert(replay.watcher).second) ++live_count_;
    if (replay.watcher->OfferReplay(std::move(batch), read_through, caught_up) || caught_up) return;
    replay.after = read_through;  // all filtered out: read on
  }
}

}  // namespace statusphere::watch
