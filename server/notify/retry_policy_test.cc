#include "server/notify/retry_policy.h"

#include "gtest/gtest.h"

namespace statusphere::notify {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

TEST(RetryPolicy, BacksOffExponentiallyWithJitterUpToTheCap) {
  RetryPolicy policy;
  policy.base = absl::Seconds(1);
  policy.cap = absl::Seconds(60);
  policy.max_attempts = 100;
  absl::BitGen random;
  for (int attempt = 1; attempt <= 12; ++attempt) {
    absl::Duration full = absl::Seconds(1);
    for (int i = 1; i < attempt; ++i) full *= 2;
    full = std::min(full, absl::Seconds(60));
    for (int trial = 0; trial < 20; ++trial) {
      auto next = NextAttempt(policy, attempt, kT0, kT0, 500, absl::ZeroDuration(), random);
      ASSERT_TRUE(next.has_value());
      EXPECT_GE(*next - kT0, full / 2) << attempt;
      EXPECT_LE(*next - kT0, full) << attempt;
    }
  }
}

TEST(RetryPolicy, RetryAfterWinsWhenLonger) {
  RetryPolicy policy;
  absl::BitGen random;
  auto next = NextAttempt(policy, 1, kT0, kT0, 429, absl::Seconds(30), random);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, kT0 + absl::Seconds(30));
}

TEST(RetryPolicy, GivesUpOnAttemptsAgeOrPermanentAnswers) {
  RetryPolicy policy;
  policy.max_attempts = 3;
  policy.max_age = absl::Minutes(5);
  absl::BitGen random;
  EXPECT_TRUE(NextAttempt(policy, 2, kT0, kT0, 500, absl::ZeroDuration(), random).has_value());
  EXPECT_FALSE(NextAttempt(policy, 3, kT0, kT0, 500, absl::ZeroDuration(), random).has_value());
  EXPECT_FALSE(NextAttempt(policy, 1, kT0, kT0 + absl::Minutes(5), 0, absl::ZeroDuration(), random).has_value());
  EXPECT_FALSE(NextAttempt(policy, 1, kT0, kT0, 0, absl::Hours(1), random).has_value());
  for (int status : {301, 302, 308, 400, 401, 403, 404, 410, 413}) {
    EXPECT_TRUE(IsPermanentFailure(status)) << status;
    EXPECT_FALSE(NextAttempt(policy, 1, kT0, kT0, status, absl::ZeroDuration(), random).has_value());
  }
  for (int status : {0, 408, 425, 429, 500, 502, 503}) EXPECT_FALSE(IsPermanentFailure(status)) << status;
}

}  // namespace
}  // namespace statusphere::notify
