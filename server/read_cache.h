// Serialized answers of the public read API (GetCurrentStatus, ListIncidents, GetStatusPage),
// kept so that a repeated request costs a lookup and a reference to the same bytes instead
// of reading, copying, serializing and freeing a message of 50 incidents every time (the
// profile of issue 14: those were most of a ListIncidents call).
//
// An answer is served while it is younger than `max_age` and no content write happened on
// this server since it was built (Invalidate(), called by the InvalidatingStore after every
// write that can change an answer). The age bound is what makes writes of other servers
// sharing one PostgreSQL database visible: they do not pass through this server.
#ifndef STATUSPHERE_SERVER_READ_CACHE_H_
#define STATUSPHERE_SERVER_READ_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/byte_buffer.h"

namespace statusphere {

struct ReadCacheOptions {
  // Longest an answer is served; zero turns the cache off. Kept at or under 500 ms so that
  // a change stored through another server is visible here well within a second.
  absl::Duration max_age = absl::Milliseconds(500);
  // Bytes of answers kept at most (each key and answer counted).
  size_t max_bytes = 64 << 20;
};

class ReadCache {
 public:
  explicit ReadCache(ReadCacheOptions options) : options_(options) {}

  bool enabled() const { return options_.max_age > absl::ZeroDuration(); }

  // Taken before an answer is built, handed back to Put: an answer built across a write is
  // then not kept, since it may predate the write.
  uint64_t generation();
  // The answer kept under `key`, when it is still fresh at `now`.
  std::optional<grpc::ByteBuffer> Get(const std::string& key, absl::Time now);
  void Put(const std::string& key, uint64_t generation, grpc::ByteBuffer answer, absl::Time built);
  // Every kept answer is out of date (a write committed).
  void Invalidate();

  // For tests and metrics.
  size_t entries();
  size_t bytes();

 private:
  struct Entry {
    grpc::ByteBuffer answer;
    absl::Time built;
  };
  static size_t Cost(const std::string& key, const grpc::ByteBuffer& answer) {
    return key.size() + answer.Length() + 64;
  }
  void DropExpired(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const ReadCacheOptions options_;
  absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_READ_CACHE_H_
