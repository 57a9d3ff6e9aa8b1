// What the change dispatcher knows of one WatchIncidents stream: its filter, and where it
// takes replayed and live changes. A change is serialized once and shared by every stream
// that wants it, so 10,000 streams cost one encoding and 10,000 references per change.
#ifndef STATUSPHERE_SERVER_WATCH_WATCHER_H_
#define STATUSPHERE_SERVER_WATCH_WATCHER_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/support/byte_buffer.h"
#include "server/store/store.h"

namespace statusphere::watch {

// One stored change, as it goes on the wire.
struct EncodedChange {
  int64_t sequence = 0;
  std::string page_url;
  std::string impact;
  bool components = false;  // a COMPONENTS_CHANGED, for streams that ask for them
  grpc::ByteBuffer bytes;   // a serialized v1::IncidentChange; copies share its slices
};
using SharedChange = std::shared_ptr<const EncodedChange>;

absl::StatusOr<SharedChange> EncodeChange(store::ChangeRecord record);
// A RESET (v1::IncidentChange): the stream skips to `sequence`, the newest change.
absl::StatusOr<SharedChange> EncodeReset(int64_t sequence, absl::Time now);

struct WatchFilter {
  std::string page_url;           // normalized; empty for every page
  std::set<std::string> impacts;  // empty for every impact (component changes have none)
  bool components = false;        // WatchIncidentsRequest.include_component_changes

  bool Matches(const EncodedChange& change) const {
    if (change.components) return components && (page_url.empty() || page_url == change.page_url);
    return (page_url.empty() || page_url == change.page_url) && (impacts.empty() || impacts.count(change.impact) > 0);
  }
};

// The dispatcher calls these from its own thread, with its lock held: they must not block
// and must not call back into the dispatcher.
class Watcher {
 public:
  virtual ~Watcher() = default;
  virtual const WatchFilter& filter() const = 0;
  // A live change that matches the filter, in sequence order. Returns false when the
  // watcher leaves the live feed (its backlog is full) to catch up by replay requests.
  virtual bool OfferLive(const SharedChange& change) = 0;
  // The answer to a replay request: the matching changes among those read, and the
  // sequence read through (filtered changes included). `caught_up`: nothing more was in
  // the store, and live changes come from now on. Returns false when the watcher has no
  // write to wait for and wants the next batch at once.
  virtual bool OfferReplay(std::vector<SharedChange> batch, int64_t read_through, bool caught_up) = 0;
  // The store could not be read for the replay, or the server is stopping: end the stream.
  virtual void End(absl::Status why) = 0;
};

}  // namespace statusphere::watch

#endif  // STATUSPHERE_SERVER_WATCH_WATCHER_H_
