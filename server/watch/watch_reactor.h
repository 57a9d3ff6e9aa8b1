// One WatchIncidents stream on gRPC's callback API: no thread of its own. It holds a
// bounded backlog of shared, already-encoded changes and keeps one write in flight; the
// dispatcher fills the backlog, gRPC's write completions drain it. A client that cannot keep
// up with the live changes (its backlog full) is ended with RESOURCE_EXHAUSTED and the
// cursor to resume from, so that its memory stays bounded and it loses nothing.
#ifndef STATUSPHERE_SERVER_WATCH_WATCH_REACTOR_H_
#define STATUSPHERE_SERVER_WATCH_WATCH_REACTOR_H_

#include <cstdint>
#include <deque>
#include <optional>

#include "absl/synchronization/mutex.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "server/watch/change_dispatcher.h"
#include "server/watch/watcher.h"

namespace statusphere::watch {

class WatchReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer>, public Watcher {
 public:
  // Starts the stream: its headers go out now (the request was valid), then the changes
  // after `cursor`. Deletes itself when the call is done.
  static WatchReactor* Start(ChangeDispatcher* dispatcher, WatchFilter filter, int64_t cursor, size_t max_backlog);

  // A stream refused before it started (bad request, rate limit): only the status.
  static grpc::ServerWriteReactor<grpc::ByteBuffer>* Refuse(grpc::Status status);

  const WatchFilter& filter() const override { return filter_; }
  void OfferLive(const SharedChange& change) override;
  bool OfferReplay(std::vector<SharedChange> batch, int64_t read_through, bool caught_up) override;
  void End(absl::Status why) override;

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  WatchReactor(ChangeDispatcher* dispatcher, WatchFilter filter, int64_t cursor, size_t max_backlog)
      : dispatcher_(dispatcher), filter_(std::move(filter)), max_backlog_(max_backlog), queued_(cursor), written_(cursor) {}

  // Starts the next write, or the pending finish once no write is in flight.
  void Pump() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EndLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  ChangeDispatcher* const dispatcher_;
  const WatchFilter filter_;
  const size_t max_backlog_;

  absl::Mutex mu_;
  std::deque<SharedChange> backlog_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer writing_ ABSL_GUARDED_BY(mu_);  // the write in flight's own copy
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool replaying_ ABSL_GUARDED_BY(mu_) = true;
  bool replay_requested_ ABSL_GUARDED_BY(mu_) = true;  // Add requests the first batch
  int64_t queued_ ABSL_GUARDED_BY(mu_);   // changes up to here are in the backlog or written
  int64_t written_ ABSL_GUARDED_BY(mu_);  // ... and up to here the client has
  std::optional<grpc::Status> ending_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace statusphere::watch

#endif  // STATUSPHERE_SERVER_WATCH_WATCH_REACTOR_H_
