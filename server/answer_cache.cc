#include "server/answer_cache.h"

#include <utility>
#include <vector>

namespace statusphere {

std::optional<grpc::ByteBuffer> AnswerCache::Get(const std::string& key, uint64_t generation, absl::Time now) {
  if (!enabled()) return std::nullopt;
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.generation != generation || now - it->second.built >= options_.max_age) {
    return std::nullopt;
  }
  return it->second.answer;  // a reference to the same bytes, not a copy
}

void AnswerCache::Put(const std::string& key, uint64_t generation, grpc::ByteBuffer answer, absl::Time built) {
  if (!enabled()) return;
  const size_t cost = Cost(key, answer);
  if (cost > options_.max_bytes) return;
  absl::MutexLock lock(&mu_);
  if (generation < generation_) return;  // built before a write this cache already saw
  if (generation > generation_) {
    // The first answer after a write: every kept one predates it.
    generation_ = generation;
    entries_.clear();
    bytes_ = 0;
  }
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= Cost(key, it->second.answer);
    entries_.erase(it);
  }
  if (bytes_ + cost > options_.max_bytes) DropStale(generation, built);
  // Still full of fresh answers (many distinct requests within max_age): start over rather
  // than keep an order of use; the next requests rebuild what they need.
  if (bytes_ + cost > options_.max_bytes) {
    entries_.clear();
    bytes_ = 0;
  }
  bytes_ += cost;
  entries_.emplace(key, Entry{std::move(answer), generation, built});
}

void AnswerCache::DropStale(uint64_t generation, absl::Time now) {
  std::vector<std::string> stale;
  for (const auto& [key, entry] : entries_) {
    if (entry.generation != generation || now - entry.built >= options_.max_age) stale.push_back(key);
  }
  for (const auto& key : stale) {
    auto it = entries_.find(key);
    bytes_ -= Cost(key, it->second.answer);
    entries_.erase(it);
  }
}

size_t AnswerCache::entries() {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

size_t AnswerCache::bytes() {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace statusphere
