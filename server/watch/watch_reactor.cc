#include "server/watch/watch_reactor.h"

#include <utility>

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

WatchReactor* WatchReactor::Start(grpc::CallbackServerContext* context, ChangeDispatcher* dispatcher,
                                  WatchFilter filter, int64_t cursor, Limits limits, WatchAdmission* admission,
                                  std::string client) {
  auto* reactor = new WatchReactor(context, dispatcher, std::move(filter), cursor, limits);
  reactor->admission_ = admission;
  reactor->client_ = std::move(client);
  // Headers now, marked: a client (the gateway) learns at once that the stream was
  // accepted (a refusal is trailers only, which grpc-go's Header() does not tell apart).
  reactor->context_->AddInitialMetadata(std::string(kAcceptedHeader), "1");
  reactor->StartSendInitialMetadata();
  dispatcher->Add(reactor, cursor);
  return reactor;
}

bool WatchReactor::OfferLive(const SharedChange& change) {
  absl::MutexLock lock(&mu_);
  // What replay already queued is not repeated.
  if (ending_ || change->sequence <= queued_) return true;
  if (backlog_.size() >= limits_.max_backlog) {
    if (absl::Now() - progress_ >= limits_.stall_limit) {
      EndLocked(grpc::StatusCode::RESOURCE_EXHAUSTED,
                absl::StrCat("watcher fell behind (", backlog_.size(), " changes unsent)"), /*resumable=*/true);
      return true;
    }
    // Catch up from the store once the backlog is written (OnWriteDone asks for it).
    replaying_ = true;
    replay_requested_ = false;
    return false;
  }
  queued_ = change->sequence;
  backlog_.push_back(change);
  Pump();
  return true;
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
  EndLocked(static_cast<grpc::StatusCode>(why.code()), std::string(why.message()), /*resumable=*/true);
}

void WatchReactor::EndLocked(grpc::StatusCode code, std::string message, bool resumable) {
  if (ending_) return;
  ending_ = Ending{code, std::move(message), resumable};
  // The change being written stays until its write is done: it may still reach the client,
  // and then the cursor to resume from is its own.
  backlog_.erase(backlog_.begin() + (write_in_flight_ && !backlog_.empty() ? 1 : 0), backlog_.end());
  Pump();
}

void WatchReactor::Pump() {
  if (write_in_flight_ || finished_) return;
  if (ending_) {
    finished_ = true;
    // Told only now, when no write is in flight: the cursor is the client's last change.
    Finish(grpc::Status(ending_->code, ending_->resumable
                                           ? absl::StrCat(ending_->message, "; resume with cursor ", written_)
                                           : ending_->message));
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
      if (!ending_) ending_ = Ending{grpc::StatusCode::CANCELLED, "the client went away", false};
      backlog_.clear();
    } else if (!backlog_.empty()) {
      progress_ = absl::Now();
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
  EndLocked(grpc::StatusCode::CANCELLED, "cancelled", /*resumable=*/false);
}

void WatchReactor::OnDone() {
  dispatcher_->Remove(this);
  if (admission_ != nullptr) admission_->Release(client_);
  delete this;
}

}  // namespace statusphere::watch
