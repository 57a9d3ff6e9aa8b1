#include "server/read_cache.h"

#include <utility>
#include <vector>

namespace statusphere {

uint64_t ReadCache::generation() {
  absl::MutexLock lock(&mu_);
  return generation_;
}

std::optional<grpc::ByteBuffer> ReadCache::Get(const std::string& key, absl::Time now) {
  if (!enabled()) return std::nullopt;
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || now - it->second.built >= options_.max_age) return std::nullopt;
  return it->second.answer;  // a reference to the same bytes, not a copy
}

void ReadCache::Put(const std::string& key, uint64_t generation, grpc::ByteBuffer answer, absl::Time built) {
  if (!enabled()) return;
  const size_t cost = Cost(key, answer);
  if (cost > options_.max_bytes) return;
  absl::MutexLock lock(&mu_);
  if (generation != generation_) return;
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= Cost(key, it->second.answer);
    entries_.erase(it);
  }
  if (bytes_ + cost > options_.max_bytes) DropExpired(built);
  // Still full of fresh answers (many distinct requests within max_age): start over rather
  // than keep an order of use; the next requests rebuild what they need.
  if (bytes_ + cost > options_.max_bytes) {
    entries_.clear();
    bytes_ = 0;
  }
  bytes_ += cost;
  entries_.emplace(key, Entry{std::move(answer), built});
}

void ReadCache::DropExpired(absl::Time now) {
  std::vector<std::string> expired;
  for (const auto& [key, entry] : entries_) {
    if (now - entry.built >= options_.max_age) expired.push_back(key);
  }
  for (const auto& key : expired) {
    auto it = entries_.find(key);
    bytes_ -= Cost(key, it->second.answer);
    entries_.erase(it);
  }
}

void ReadCache::Invalidate() {
  absl::MutexLock lock(&mu_);
  ++generation_;
  entries_.clear();
  bytes_ = 0;
}

size_t ReadCache::entries() {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

size_t ReadCache::bytes() {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace statusphere
