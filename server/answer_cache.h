// Serialized answers of the public read API (every StatusPageService call but the watch),
// kept so that a repeated request costs a lookup and a reference to the same bytes instead
// of reading, copying, serializing and freeing a message of 50 incidents every time (the
// profile of issue 14: those were most of a ListIncidents call).
//
// One freshness rule for every answer: it is served while it is younger than `max_age` and
// the store's content generation (Store::content_generation, moved on by every write of
// pages, components or incidents on this server) is the one it was built at. The age
// bound is what makes writes of other servers sharing one PostgreSQL database visible:
// they do not move this server's generation.
#ifndef STATUSPHERE_SERVER_ANSWER_CACHE_H_
#define STATUSPHERE_SERVER_ANSWER_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/byte_buffer.h"

namespace statusphere {

struct AnswerCacheOptions {
  // Longest an answer is served; zero turns the cache off. Kept at or under 500 ms so that
  // a change stored through another server is visible here well within a second.
  absl::Duration max_age = absl::Milliseconds(500);
  // Bytes of answers kept at most (each key and answer counted).
  size_t max_bytes = 64 << 20;
};

class AnswerCache {
 public:
  explicit AnswerCache(AnswerCacheOptions options) : options_(options) {}

  bool enabled() const { return options_.max_age > absl::ZeroDuration(); }

  // The answer kept under `key`, when it was built at `generation` and is still fresh at
  // `now`. The caller reads the generation before building an answer and hands it to Put:
  // an answer built across a write then carries the older generation and is never served.
  std::optional<grpc::ByteBuffer> Get(const std::string& key, uint64_t generation, absl::Time now);
  void Put(const std::string& key, uint64_t generation, grpc::ByteBuffer answer, absl::Time built);

  // For tests and metrics.
  size_t entries();
  size_t bytes();

 private:
  struct Entry {
    grpc::ByteBuffer answer;
    uint64_t generation;
    absl::Time built;
  };
  static size_t Cost(const std::string& key, const grpc::ByteBuffer& answer) {
    return key.size() + answer.Length() + 64;
  }
  // Drops what can no longer be served: older than max_age at `now`, or of an older
  // generation than `generation`.
  void DropStale(uint64_t generation, absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const AnswerCacheOptions options_;
  absl::Mutex mu_;
  // The newest generation an answer was kept at: a Put of an older one is refused, and a
  // newer one drops every answer before it (they can no longer be served).
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_ANSWER_CACHE_H_
