#include "server/uptime/minute_spans.h"

#include "gtest/gtest.h"

namespace statusphere::uptime {
namespace {

TEST(MinuteSpansTest, UnionMergesOverlappingAndTouchingSpansAndDropsEmptyOnes) {
  EXPECT_EQ(Union({{10, 20}, {0, 5}, {15, 30}, {30, 31}, {40, 40}, {50, 45}}), (MinuteSpans{{0, 5}, {10, 31}}));
  EXPECT_TRUE(Union({}).empty());
}

TEST(MinuteSpansTest, SubtractCutsHolesAndEnds) {
  const MinuteSpans a = {{0, 100}, {200, 300}};
  EXPECT_EQ(Subtract(a, {{10, 20}, {90, 210}, {250, 260}}), (MinuteSpans{{0, 10}, {20, 90}, {210, 250}, {260, 300}}));
  EXPECT_EQ(Subtract(a, {{0, 300}}), MinuteSpans{});
  EXPECT_EQ(Subtract(a, {}), a);
  EXPECT_EQ(Subtract(a, {{100, 200}}), a);
}

TEST(MinuteSpansTest, AddPerDaySplitsAtMidnightAndIgnoresMinutesOutsideTheDays) {
  std::vector<int32_t> per_day(3, 0);
  // Days are [1000, 2440), [2440, 3880), [3880, 5320): 30 minutes before the first day are
  // dropped, as are 100 after the last.
  AddPerDay({{970, 1030}, {2439, 3925}, {5310, 5420}}, 1000, per_day);
  EXPECT_EQ(per_day, (std::vector<int32_t>{30 + 1, 1440, 45 + 10}));
}

}  // namespace
}  // namespace statusphere::uptime
