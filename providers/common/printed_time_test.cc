// Printed dates and times (printed_time.h) in the shapes Statuspage's home pages and feeds
// print them: ranges with and without a second date, with and without a year, crossing
// midnight and the year's end, zones by abbreviation and by offset.
#include "providers/common/printed_time.h"

#include "gtest/gtest.h"

namespace statusphere::providers {
namespace {

absl::Time Utc(int y, int m, int d, int h, int min) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, h, min), absl::UTCTimeZone());
}

// Placed in the printed zone, which must be known.
std::optional<PlacedRange> Place(absl::string_view text, absl::Time reference, YearChoice choice) {
  std::optional<PrintedRange> r = ParsePrintedRange(text);
  if (!r || !r->zone_minutes) return std::nullopt;
  return PlaceRange(*r, *r->zone_minutes, reference, choice);
}

TEST(PrintedTime, ZonesByAbbreviationAndOffset) {
  EXPECT_EQ(ZoneOffsetMinutes("UTC"), 0);
  EXPECT_EQ(ZoneOffsetMinutes("CET"), 60);
  EXPECT_EQ(ZoneOffsetMinutes("cest"), 120);
  EXPECT_EQ(ZoneOffsetMinutes("PST"), -480);
  EXPECT_EQ(ZoneOffsetMinutes("AEDT"), 660);
  EXPECT_EQ(ZoneOffsetMinutes("NZDT"), 780);
  EXPECT_EQ(ZoneOffsetMinutes("GMT+08:00"), 480);
  EXPECT_EQ(ZoneOffsetMinutes("UTC-3"), -180);
  EXPECT_EQ(ZoneOffsetMinutes("-03"), -180);
  EXPECT_EQ(ZoneOffsetMinutes("+0530"), 330);
  EXPECT_EQ(ZoneOffsetMinutes("XYZT"), std::nullopt);
  EXPECT_EQ(ZoneOffsetMinutes("+99"), std::nullopt);
}

TEST(PrintedTime, MaintenanceWindowsOfHomePages) {
  const absl::Time rendered = Utc(2021, 1, 22, 20, 12);
  // Two dates, in CET.
  auto w = Place("Jan 30, 22:00 - Jan 31, 06:00 CET", rendered, YearChoice::kNearest);
  ASSERT_TRUE(w && w->end);
  EXPECT_EQ(w->start, Utc(2021, 1, 30, 21, 0));
  EXPECT_EQ(*w->end, Utc(2021, 1, 31, 5, 0));
  // One date, the end the next morning.
  w = Place("Feb 6, 22:00 - 06:00 CET", rendered, YearChoice::kNearest);
  ASSERT_TRUE(w && w->end);
  EXPECT_EQ(w->start, Utc(2021, 2, 6, 21, 0));
  EXPECT_EQ(*w->end, Utc(2021, 2, 7, 5, 0));
  // No spaces around the dash, days padded with a space as the page prints them.
  w = Place("Feb  2, 05:00-06:00 UTC", rendered, YearChoice::kNearest);
  ASSERT_TRUE(w && w->end);
  EXPECT_EQ(w->start, Utc(2021, 2, 2, 5, 0));
  EXPECT_EQ(*w->end, Utc(2021, 2, 2, 6, 0));
  // A page rendered in late December showing a January window: next year.
  w = Place("Jan 3, 01:00 - 03:00 PST", Utc(2020, 12, 28, 0, 0), YearChoice::kNearest);
  ASSERT_TRUE(w && w->end);
  EXPECT_EQ(w->start, Utc(2021, 1, 3, 9, 0));
  EXPECT_EQ(*w->end, Utc(2021, 1, 3, 11, 0));
  // Across the year's end.
  w = Place("Dec 31, 23:00 - Jan 1, 01:00 UTC", Utc(2020, 12, 20, 0, 0), YearChoice::kNearest);
  ASSERT_TRUE(w && w->end);
  EXPECT_EQ(w->start, Utc(2020, 12, 31, 23, 0));
  EXPECT_EQ(*w->end, Utc(2021, 1, 1, 1, 0));
  // With years, an "at", and an offset zone.
  w = Place("December 10, 2019 at 16:00 UTC", rendered, YearChoice::kNearest);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->start, Utc(2019, 12, 10, 16, 0));
  EXPECT_FALSE(w->end);
  // Years printed on both sides, or once.
  w = Place("Jan 30, 2022 22:00 - Jan 31, 2022 06:00 CET", rendered, YearChoice::kNearest);
  ASSERT_TRUE(w && w->end);
  EXPECT_EQ(w->start, Utc(2022, 1, 30, 21, 0));
  EXPECT_EQ(*w->end, Utc(2022, 1, 31, 5, 0));
  w = Place("Dec 30, 2019, 22:00 - 06:00 UTC", rendered, YearChoice::kNearest);
  ASSERT_TRUE(w && w->end);
  EXPECT_EQ(w->start, Utc(2019, 12, 30, 22, 0));
  EXPECT_EQ(*w->end, Utc(2019, 12, 31, 6, 0));
  w = Place("Feb 10, 09:30 GMT+08:00", rendered, YearChoice::kNearest);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->start, Utc(2021, 2, 10, 1, 30));
  w = Place("Jan 12, 2021 - 16:04 -03", rendered, YearChoice::kNearest);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->start, Utc(2021, 1, 12, 19, 4));
  EXPECT_FALSE(w->end);
  w = Place("Mar 3, 4:30 PM - 6:00 PM EST", Utc(2021, 2, 1, 0, 0), YearChoice::kNearest);
  ASSERT_TRUE(w && w->end);
  EXPECT_EQ(w->start, Utc(2021, 3, 3, 21, 30));
  EXPECT_EQ(*w->end, Utc(2021, 3, 3, 23, 0));
}

TEST(PrintedTime, UpdateStampsTakeTheYearAtOrBeforeTheReference) {
  // Rendered in January: "Dec 14" is last year's.
  const absl::Time rendered = Utc(2021, 1, 22, 17, 40);
  auto t = Place("Dec 14, 09:41 UTC", rendered, YearChoice::kAtOrBefore);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->start, Utc(2020, 12, 14, 9, 41));
  t = Place("Posted on Jan 19, 15:49 CET", rendered, YearChoice::kAtOrBefore);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->start, Utc(2021, 1, 19, 14, 49));
  // Feb 29 exists only in leap years: the latest one at or before the reference.
  t = Place("Feb 29, 10:00 UTC", Utc(2023, 6, 1, 0, 0), YearChoice::kAtOrBefore);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->start, Utc(2020, 2, 29, 10, 0));
}

TEST(PrintedTime, RefusesWhatIsNotADate) {
  for (const char* text : {"", "UTC", "soon", "Jan 12", "Jan 32, 10:00 UTC", "Jan 3, 25:00 UTC", "Jan 3, 10:00 - UTC",
                           "Jan 3, 10:00 UTC and then some words", "12, 16:04 UTC"}) {
    EXPECT_FALSE(ParsePrintedRange(text)) << text;
  }
  // An unknown zone is read, and said to be unknown.
  std::optional<PrintedRange> r = ParsePrintedRange("Jan 3, 10:00 XYZT");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->zone, "XYZT");
  EXPECT_FALSE(r->zone_minutes);
  // Feb 30 parses but has no place in time.
  r = ParsePrintedRange("Feb 30, 10:00 UTC");
  ASSERT_TRUE(r);
  EXPECT_FALSE(PlaceRange(*r, 0, Utc(2021, 1, 1, 0, 0), YearChoice::kNearest));
}

}  // namespace
}  // namespace statusphere::providers
