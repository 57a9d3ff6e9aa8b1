#include "providers/statuscast/stamp.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace statusphere::providers {
namespace {

absl::Time Utc(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi), absl::UTCTimeZone());
}

TEST(StatusCastStamp, TheLayoutsItsPagesAndAttributesPrint) {
  EXPECT_EQ(*ParseStatusCastStamp("07 February 2023, 23:09  UTC"), Utc(2023, 2, 7, 23, 9));
  EXPECT_EQ(*ParseStatusCastStamp("\n   07 February 2023, 23:09\xc2\xa0UTC\n"), Utc(2023, 2, 7, 23, 9));
  EXPECT_EQ(*ParseStatusCastStamp("February 7, 2023 11:09 PM UTC"), Utc(2023, 2, 7, 23, 9));
  EXPECT_EQ(*ParseStatusCastStamp("Feb 7th, 2023 12:30 AM GMT"), Utc(2023, 2, 7, 0, 30));
  EXPECT_EQ(*ParseStatusCastStamp("Tuesday, 7 Feb 2023 12:05 PM"), Utc(2023, 2, 7, 12, 5));
  EXPECT_EQ(*ParseStatusCastStamp("2/3/2023 12:00:00 AM"), Utc(2023, 2, 3, 0, 0));
  EXPECT_EQ(*ParseStatusCastStamp("2023-02-09T00:00:00.000Z"), Utc(2023, 2, 9, 0, 0));
  EXPECT_EQ(*ParseStatusCastStamp("2023-02-09T10:00:00+01:00"), Utc(2023, 2, 9, 9, 0));
}

TEST(StatusCastStamp, ZonesAreThePagesOwn) {
  EXPECT_EQ(*ParseStatusCastStamp("March 10, 2026 9:15 PM EST"), Utc(2026, 3, 11, 2, 15));
  EXPECT_EQ(*ParseStatusCastStamp("10 March 2026, 08:05 CET"), Utc(2026, 3, 10, 7, 5));
  EXPECT_EQ(*ParseStatusCastStamp("10 March 2026, 08:05 UTC+2"), Utc(2026, 3, 10, 6, 5));
  EXPECT_EQ(*ParseStatusCastStamp("10 March 2026, 08:05 -05:00"), Utc(2026, 3, 10, 13, 5));
}

TEST(StatusCastStamp, WhatCannotBePlacedIsRefusedNotGuessed) {
  for (const char* bad : {"10 March 2026, 08:05 IST", "10 March, 08:05 UTC", "yesterday", "", "31 February 2026 10:00",
                          "10 March 2026, 25:00 UTC", "10 March 2026, 13:00 PM", "10 Foo 2026"}) {
    absl::StatusOr<absl::Time> t = ParseStatusCastStamp(bad);
    EXPECT_FALSE(t.ok()) << bad;
    if (!t.ok()) EXPECT_TRUE(absl::StrContains(t.status().message(), bad)) << t.status();
  }
}

}  // namespace
}  // namespace statusphere::providers
