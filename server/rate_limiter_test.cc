#include "server/rate_limiter.h"

#include "gtest/gtest.h"

namespace statusphere {
namespace {

RateLimitOptions Options(double rps, double burst) {
  RateLimitOptions o;
  o.requests_per_second = rps;
  o.burst = burst;
  return o;
}

TEST(RateLimiterTest, BurstThenSustainedRate) {
  RateLimiter limiter(Options(10, 5));
  const absl::Time t0 = absl::FromUnixSeconds(1'700'000'000);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Take("a", t0), absl::ZeroDuration()) << i;
  const absl::Duration wait = limiter.Take("a", t0);
  EXPECT_GT(wait, absl::ZeroDuration());
  EXPECT_LE(wait, absl::Milliseconds(100));
  // One token refills every 100 ms.
  EXPECT_EQ(limiter.Take("a", t0 + absl::Milliseconds(100)), absl::ZeroDuration());
  EXPECT_GT(limiter.Take("a", t0 + absl::Milliseconds(100)), absl::ZeroDuration());
  // Refills never exceed the burst.
  const absl::Time later = t0 + absl::Hours(1);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Take("a", later), absl::ZeroDuration());
  EXPECT_GT(limiter.Take("a", later), absl::ZeroDuration());
}

TEST(RateLimiterTest, ClientsHaveTheirOwnBuckets) {
  RateLimiter limiter(Options(1, 1));
  const absl::Time t0 = absl::FromUnixSeconds(1'700'000'000);
  EXPECT_EQ(limiter.Take("a", t0), absl::ZeroDuration());
  EXPECT_GT(limiter.Take("a", t0), absl::ZeroDuration());
  EXPECT_EQ(limiter.Take("b", t0), absl::ZeroDuration());
}

TEST(RateLimiterTest, ZeroRateDisablesLimiting) {
  RateLimiter limiter(Options(0, 1));
  const absl::Time t0 = absl::FromUnixSeconds(1'700'000'000);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Take("a", t0), absl::ZeroDuration());
}

TEST(RateLimiterTest, MemoryStaysBoundedUnderManyClients) {
  RateLimitOptions o = Options(1, 2);
  o.max_clients = 1000;
  RateLimiter limiter(o);
  absl::Time t = absl::FromUnixSeconds(1'700'000'000);
  // 100k distinct clients, each draining its bucket, all active at once: old ones are
  // forgotten, the newest keep being limited.
  for (int i = 0; i < 100000; ++i) {
    const std::string client = "10.0." + std::to_string(i);
    limiter.Take(client, t);
    limiter.Take(client, t);
  }
  EXPECT_GT(limiter.Take("10.0.99999", t), absl::ZeroDuration());
  EXPECT_EQ(limiter.Take("new-client", t), absl::ZeroDuration());
}

TEST(PeerAddressTest, StripsTransportAndPort) {
  EXPECT_EQ(PeerAddress("ipv4:127.0.0.1:5000"), "127.0.0.1");
  EXPECT_EQ(PeerAddress("ipv6:[::1]:5000"), "::1");
  EXPECT_EQ(PeerAddress("unix:/tmp/socket"), "unix:/tmp/socket");
}

}  // namespace
}  // namespace statusphere
