// One WatchIncidents stream on gRPC's callback API: no thread of its own. It holds a
// bounded backlog of shared, already-encoded changes and keeps one write in flight; the
// dispatcher fills the backlog, gRPC's write completions drain it. A client that cannot keep
// up with the live changes (its backlog full: a burst, such as a page's first scrape with
// its whole history) leaves the live feed and reads the rest from the store at its own pace,
// so that its memory stays bounded and it loses nothing; one that has not taken a single
// change for `stall_limit` when that happens is ended with RESOURCE_EXHAUSTED and the cursor
// to resume from.
#ifndef STATUSPHERE_SERVER_WATCH_WATCH_REACTOR_H_
#define STATUSPHERE_SERVER_WATCH_WATCH_REACTOR_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "server/watch/change_dispatcher.h"
#include "server/watch/watch_admission.h"
#include "server/watch/watcher.h"

namespace statusphere::watch {

class WatchReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer>, public Watcher {
 public:
  // Starts the stream: its headers go out now (the request was valid), then the changes
  // after `cursor`. Deletes itself when the call is done.
  struct Limits {
    size_t max_backlog = 1000;
    absl::Duration stall_limit = absl::Seconds(30);
  };
  // The initial metadata of an accepted stream carries this key.
  static constexpr absl::string_view kAcceptedHeader = "statusphere-watch-accepted";
  // `admission` (optional) admitted the stream for `client`, and is told when it ends.
  static WatchReactor* Start(grpc::CallbackServerContext* context, ChangeDispatcher* dispatcher, WatchFilter filter,
                             int64_t cursor, Limits limits, WatchAdmission* admission = nullptr,
                             std::string client = "");

  // A stream refused before it started (bad request, rate limit): only the status.
  static grpc::ServerWriteReactor<grpc::ByteBuffer>* Refuse(grpc::Status status);

  const WatchFilter& filter() const override { return filter_; }
  bool OfferLive(const SharedChange& change) override;
  bool OfferReplay(std::vector<SharedChange> batch, int64_t read_through, bool caught_up) override;
  void End(absl::Status why) override;

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  WatchReactor(grpc::CallbackServerContext* context, ChangeDispatcher* dispatcher, WatchFilter filter, int64_t cursor,
               Limits limits)
      : context_(context),
        dispatcher_(dispatcher),
        filter_(std::move(filter)),
        limits_(limits),
        queued_(cursor),
        written_(cursor) {}

  // Starts the next write, or the pending finish once no write is in flight.
  void Pump() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The stream ends once no write is in flight; a resumable end tells the cursor then.
  void EndLocked(grpc::StatusCode code, std::string message, bool resumable) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::CallbackServerContext* const context_;
  ChangeDispatcher* const dispatcher_;
  WatchAdmission* admission_ = nullptr;
  std::string client_;
  const WatchFilter filter_;
  const Limits limits_;

  absl::Mutex mu_;
  std::deque<SharedChange> backlog_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer writing_ ABSL_GUARDED_BY(mu_);  // the write in flight's own copy
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool replaying_ ABSL_GUARDED_BY(mu_) = true;
  bool replay_requested_ ABSL_GUARDED_BY(mu_) = true;       // Add requests the first batch
  int64_t queued_ ABSL_GUARDED_BY(mu_);                     // changes up to here are in the backlog or written
  int64_t written_ ABSL_GUARDED_BY(mu_);                    // ... and up to here the client has
  absl::Time progress_ ABSL_GUARDED_BY(mu_) = absl::Now();  // the last write done, or the start
  struct Ending {
    grpc::StatusCode code;
    std::string message;
    bool resumable;
  };
  std::optional<Ending> ending_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace statusphere::watch

#endif  // STATUSPHERE_SERVER_WATCH_WATCH_REACTOR_H_
