#include "server/answer_cache.h"

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "grpcpp/impl/grpc_library.h"
#include "gtest/gtest.h"

namespace statusphere {
namespace {

grpc::internal::GrpcLibraryInitializer grpc_library;

grpc::ByteBuffer Bytes(const std::string& text) {
  grpc::Slice slice(text);
  return grpc::ByteBuffer(&slice, 1);
}

std::string Text(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string text;
  for (const auto& s : slices) text.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return text;
}

AnswerCacheOptions Options(absl::Duration max_age, size_t max_bytes = 64 << 20) {
  AnswerCacheOptions options;
  options.max_age = max_age;
  options.max_bytes = max_bytes;
  return options;
}

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
constexpr uint64_t kG = 1;  // the store's content generation, unchanged unless a test says

TEST(AnswerCache, KeepsAnAnswerUntilItsMaxAge) {
  AnswerCache cache(Options(absl::Milliseconds(500)));
  EXPECT_FALSE(cache.Get("current|https://a.example", kG, kT0).has_value());
  cache.Put("current|https://a.example", kG, Bytes("answer-a"), kT0);
  ASSERT_TRUE(cache.Get("current|https://a.example", kG, kT0 + absl::Milliseconds(499)).has_value());
  EXPECT_EQ(Text(*cache.Get("current|https://a.example", kG, kT0 + absl::Milliseconds(499))), "answer-a");
  EXPECT_FALSE(cache.Get("current|https://b.example", kG, kT0).has_value());
  EXPECT_FALSE(cache.Get("current|https://a.example", kG, kT0 + absl::Milliseconds(500)).has_value());
}

TEST(AnswerCache, AWriteDropsEveryAnswerAndOneBuiltAcrossItIsNotKept) {
  AnswerCache cache(Options(absl::Seconds(10)));
  uint64_t store_generation = 7;
  cache.Put("a", store_generation, Bytes("old a"), kT0);
  cache.Put("b", store_generation, Bytes("old b"), kT0);
  EXPECT_EQ(cache.entries(), 2u);
  EXPECT_TRUE(cache.Get("a", store_generation, kT0).has_value());

  const uint64_t before_write = store_generation;  // a reader starts building
  ++store_generation;                              // a report commits meanwhile
  EXPECT_FALSE(cache.Get("a", store_generation, kT0).has_value());
  EXPECT_FALSE(cache.Get("b", store_generation, kT0).has_value());
  cache.Put("a", before_write, Bytes("maybe older than the write"), kT0);
  EXPECT_FALSE(cache.Get("a", store_generation, kT0).has_value());

  // The first answer of the new generation drops the old ones' memory too.
  cache.Put("a", store_generation, Bytes("new a"), kT0);
  EXPECT_EQ(Text(*cache.Get("a", store_generation, kT0)), "new a");
  EXPECT_EQ(cache.entries(), 1u);
  // A slow reader that started before the write still cannot put its answer back.
  cache.Put("b", before_write, Bytes("old b again"), kT0);
  EXPECT_FALSE(cache.Get("b", before_write, kT0).has_value());
  EXPECT_EQ(cache.entries(), 1u);
}

TEST(AnswerCache, ReplacingAnAnswerCountsItsBytesOnce) {
  AnswerCache cache(Options(absl::Seconds(10)));
  cache.Put("a", kG, Bytes(std::string(1000, 'x')), kT0);
  const size_t one = cache.bytes();
  EXPECT_GE(one, 1000u);
  cache.Put("a", kG, Bytes(std::string(1000, 'y')), kT0 + absl::Seconds(1));
  EXPECT_EQ(cache.bytes(), one);
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(Text(*cache.Get("a", kG, kT0 + absl::Seconds(1))), std::string(1000, 'y'));
}

TEST(AnswerCache, StaysWithinItsMemoryBound) {
  AnswerCache cache(Options(absl::Seconds(10), 10'000));
  // An answer larger than the whole bound is served but not kept.
  cache.Put("huge", kG, Bytes(std::string(20'000, 'h')), kT0);
  EXPECT_EQ(cache.entries(), 0u);
  // Expired answers make room first.
  cache.Put("old", kG, Bytes(std::string(4'000, 'o')), kT0);
  cache.Put("fresh", kG, Bytes(std::string(4'000, 'f')), kT0 + absl::Seconds(9));
  cache.Put("new", kG, Bytes(std::string(4'000, 'n')), kT0 + absl::Seconds(11));
  EXPECT_FALSE(cache.Get("old", kG, kT0 + absl::Seconds(11)).has_value());
  EXPECT_TRUE(cache.Get("fresh", kG, kT0 + absl::Seconds(11)).has_value());
  EXPECT_TRUE(cache.Get("new", kG, kT0 + absl::Seconds(11)).has_value());
  EXPECT_EQ(cache.entries(), 2u);
  // Full of fresh answers: it starts over with the new one.
  cache.Put("newer", kG, Bytes(std::string(4'000, 'w')), kT0 + absl::Seconds(12));
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_TRUE(cache.Get("newer", kG, kT0 + absl::Seconds(12)).has_value());
  for (int n = 0; n < 100; ++n) {
    cache.Put("key" + std::to_string(n), kG, Bytes(std::string(500, 'k')), kT0 + absl::Seconds(12));
    EXPECT_LE(cache.bytes(), 10'000u);
  }
}

TEST(AnswerCache, ZeroMaxAgeKeepsNothing) {
  AnswerCache cache(Options(absl::ZeroDuration()));
  EXPECT_FALSE(cache.enabled());
  cache.Put("a", kG, Bytes("a"), kT0);
  EXPECT_FALSE(cache.Get("a", kG, kT0).has_value());
  EXPECT_EQ(cache.entries(), 0u);
}

}  // namespace
}  // namespace statusphere
