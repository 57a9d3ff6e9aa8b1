#include "common/http/retry_after.h"

#include "gtest/gtest.h"

namespace statusphere::http {
namespace {

TEST(ParseRetryAfter, SecondsAndHttpDates) {
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);  // Tue, 14 Nov 2023 22:13:20 GMT
  EXPECT_EQ(ParseRetryAfter("30", now), absl::Seconds(30));
  EXPECT_EQ(ParseRetryAfter(" 30 ", now), absl::Seconds(30));
  EXPECT_EQ(ParseRetryAfter("Tue, 14 Nov 2023 22:14:20 GMT", now), absl::Seconds(60));
  EXPECT_EQ(ParseRetryAfter("Tue, 14 Nov 2023 22:12:20 GMT", now), absl::ZeroDuration());  // in the past
  EXPECT_EQ(ParseRetryAfter("soon", now), absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter("", now), absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter("-5", now), absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter("99999999", now), absl::Hours(24));
}

}  // namespace
}  // namespace statusphere::http
