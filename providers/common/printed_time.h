// Dates and times as status pages print them for people rather than machines:
// "Jan 30, 22:00 - Jan 31, 06:00 CET", "Jan 24, 00:00-03:00 UTC", "22:00 - 06:00 CET",
// "December 10, 2019 at 16:00 UTC", "Jun 8, 2022, 19:13 UTC", "Feb 10, 09:30 GMT+08:00".
// Often without a year, always in the page's own zone, named by its abbreviation or offset.
// The year is never guessed from today's clock: the caller gives the moment the text was
// written against (the page's render time, an update's own stamp) and how it relates.
#ifndef STATUSPHERE_PROVIDERS_COMMON_PRINTED_TIME_H_
#define STATUSPHERE_PROVIDERS_COMMON_PRINTED_TIME_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::providers {

// Minutes east of UTC of a zone as pages print it: an abbreviation (UTC, CET, PDT, AEDT,
// ... see printed_time.cc for the list) or an offset ("+08", "-0330", "GMT+08:00",
// "UTC-3"). nullopt for anything else. Abbreviations that several zones share are read as
// the zone Statuspage's zone list uses them for: CST is US Central, IST is India, BST is
// British Summer Time.
std::optional<int> ZoneOffsetMinutes(absl::string_view zone);

// The month a word names: "Jan", "January", "Sept" (a prefix of its English name, three
// letters at least, any case).
std::optional<int> PrintedMonth(absl::string_view word);
// Minutes east of UTC of an offset after its sign: "+08", "-0330", "+05:30", "+8" (at most
// 14 hours).
std::optional<int> PrintedOffsetMinutes(absl::string_view text);

// A calendar moment as printed: each date part only when the text gives it.
struct PrintedMoment {
  std::optional<int> year, month, day;
  int hour = 0, minute = 0;
};

// A moment or a range of two, and the zone printed once for both.
struct PrintedRange {
  PrintedMoment start;
  std::optional<PrintedMoment> end;
  std::string zone;                 // as printed; empty when none
  std::optional<int> zone_minutes;  // nullopt when none was printed or it is unknown
};

// Reads one printed moment or range; leading words ("Posted on", "Scheduled for") are
// skipped. nullopt when there is no time of day, a part is out of range, or words follow
// that are not part of a date. Does not check that the zone is known.
std::optional<PrintedRange> ParsePrintedRange(absl::string_view text);

// How a year-less date relates to the reference moment it is placed against.
enum class YearChoice {
  kAtOrBefore,  // written at or before the reference (an update below a later one)
  kNearest,     // the nearest to the reference (a window scheduled around a render time)
};

struct PlacedRange {
  absl::Time start;
  std::optional<absl::Time> end;
};

// The range in absolute time, in `zone_minutes` (the printed zone's, when the caller has
// no better). A printed year is taken as it is; without one the start gets the year that
// `choice` picks against `reference`. The end follows the start: the start's date when it
// prints none, the next day when its time is earlier ("22:00 - 06:00"), the next year when
// its month is earlier ("Dec 31, 23:00 - Jan 1, 01:00"). nullopt when a day does not
// exist (Feb 30), the end is still before the start, or the result is implausible.
std::optional<PlacedRange> PlaceRange(const PrintedRange& range, int zone_minutes, absl::Time reference,
                                      YearChoice choice);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_PRINTED_TIME_H_
