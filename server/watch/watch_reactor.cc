#include "server/watch/watch_reactor.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace statusphere::watch {
namespace {

class RefusedWatch final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedWatch(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchReactor::Refuse(grpc::Status status) {
  return new RefusedWatch(std::move(status));
}

WatchReactor* WatchReactor::Start(ChangeDispatcher* dispatcher, WatchFilter filter, int64_t cursor,
                                  size_t max_backlog) {
  auto* reactor = new WatchReactor(dispatcher, std::move(filter), cursor, max_backlog);
  // Headers now: a client (the gateway) learns at once that the stream was accepted.
  reactor->StartSendInitialMetadata();
  dispatcher->Add(reactor, cursor);
  return reactor;
}

void WatchReactor::OfferLive(const SharedChange& change) {
  absl::MutexLock lock(&mu_);
  // Replaying streams read the store instead; what replay already queued is not repeated.
  if (ending_ || replaying_ || change->sequence <= queued_) return;
  if (backlog_.size() >= max_backlog_) {
    EndLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                           absl::StrCat("watcher fell behind (", backlog_.size(),
                                        " changes unsent); resume with cursor ", written_)));
    return;
  }
  queued_ = change->sequence;
  backlog_.push_back(change);
  Pump();
}

bool WatchReactor::OfferReplay(std::vector<SharedChange> batch, int64_t read_through, bool caught_up) {
  absl::MutexLock lock(&mu_);
  replay_requested_ = false;
  if (ending_) return true;
  for (SharedChange& change : batch) {
    if (change->sequence > queued_) backlog_.push_back(std::move(change));
  }
  queued_ = std::max(queued_, read_through);
  replaying_ = !caught_up;
  Pump();
  if (!replaying_ || write_in_flight_) return true;
  replay_requested_ = true;  // the dispatcher reads on at once
  return false;
}

void WatchReactor::End(absl::Status why) {
  absl::MutexLock lock(&mu_);
  if (why.code() == absl::StatusCode::kUnavailable && !absl::StrContains(why.message(), "cursor")) {
    why = absl::Status(why.code(), absl::StrCat(why.message(), "; resume with cursor ", written_));
  }
  EndLocked(grpc::Status(static_cast<grpc::StatusCode>(why.code()), std::string(why.message())));
}

void WatchReactor::EndLocked(grpc::Status status) {
  if (ending_) return;
  ending_ = std::move(status);
  backlog_.clear();
  Pump();
}

void WatchReactor::Pump() {
  if (write_in_flight_ || finished_) return;
  if (ending_) {
    finished_ = true;
    Finish(*ending_);
    return;
  }
  if (backlog_.empty()) return;
  writing_ = backlog_.front()->bytes;
  write_in_flight_ = true;
  StartWrite(&writing_);
}

void WatchReactor::OnWriteDone(bool ok) {
  bool want_replay = false;
  int64_t after = 0;
  {
    absl::MutexLock lock(&mu_);
    write_in_flight_ = false;
    if (!ok) {  // the client went away; OnCancel follows or already came
      if (!ending_) ending_ = grpc::Status::CANCELLED;
      backlog_.clear();
    } else if (!backlog_.empty()) {
      written_ = backlog_.front()->sequence;
      backlog_.pop_front();
    }
    Pump();
    if (!ending_ && replaying_ && backlog_.empty() && !replay_requested_) {
      replay_requested_ = true;
      want_replay = true;
      after = queued_;
    }
  }
  // Outside the lock: the dispatcher takes its own lock before a watcher's.
  if (want_replay) dispatcher_->RequestReplay(this, after);
}

void WatchReactor::OnCancel() {
  absl::MutexLock lock(&mu_);
  EndLocked(grpc::Status::CANCELLED);
}

void WatchReactor::OnDone() {
  dispatcher_->Remove(this);
  delete this;
}

}  // namespace statusphere::watch
