#include "providers/statuscast/stamp.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "providers/common/printed_time.h"

namespace statusphere::providers {
namespace {

// Zone abbreviations that name one offset only. Others (IST, CST outside the US, ...) are
// refused rather than guessed.
std::optional<int> ZoneMinutes(absl::string_view word) {
  static constexpr struct {
    const char* name;
    int minutes;
  } kZones[] = {{"utc", 0},       {"gmt", 0},       {"z", 0},         {"est", -5 * 60}, {"edt", -4 * 60},
                {"cst", -6 * 60}, {"cdt", -5 * 60}, {"mst", -7 * 60}, {"mdt", -6 * 60}, {"pst", -8 * 60},
                {"pdt", -7 * 60}, {"cet", 60},      {"cest", 120},    {"bst", 60},      {"wet", 0},
                {"west", 60},     {"eet", 120},     {"eest", 180}};
  const std::string lower = absl::AsciiStrToLower(word);
  for (const auto& zone : kZones) {
    if (lower == zone.name) return zone.minutes;
  }
  return std::nullopt;
}

bool AllDigits(absl::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<absl::Time> ParseStatusCastStamp(absl::string_view stamp) {
  auto refuse = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("time \"", stamp, "\": ", why));
  };
  std::optional<int> year, month, day, zone;
  int hour = 0, minute = 0, second = 0;
  bool has_time = false;
  std::optional<bool> pm;
  // ISO 8601, as the history grid's attributes carry it: "2023-02-09T00:00:00.000Z".
  // No-break spaces (&nbsp;) separate words as spaces do.
  std::string text = absl::StrReplaceAll(stamp, {{"\xc2\xa0", " "}});
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == 'T' && absl::ascii_isdigit(static_cast<unsigned char>(text[i - 1]))) text[i] = ' ';
  }
  std::vector<std::string> words;
  for (absl::string_view w : absl::StrSplit(text, absl::ByAnyChar(" ,\t\r\n"), absl::SkipEmpty())) {
    // An offset glued to a time ("23:09+01:00", "00:00:00.000Z") or to a zone ("UTC+1") is
    // a word of its own.
    size_t split = absl::string_view::npos;
    if (w.find(':') != absl::string_view::npos && w[0] != '+' && w[0] != '-') {
      split = w.find_first_of("+-Zz", 1);
    } else if (w.size() > 3 && (w[3] == '+' || w[3] == '-') &&
               (absl::EqualsIgnoreCase(w.substr(0, 3), "utc") || absl::EqualsIgnoreCase(w.substr(0, 3), "gmt"))) {
      split = 3;
    }
    if (split != absl::string_view::npos) {
      words.emplace_back(w.substr(0, split));
      words.emplace_back(w.substr(split));
    } else {
      words.emplace_back(w);
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    absl::string_view word = words[i];
    const std::string lower = absl::AsciiStrToLower(word);
    if (std::optional<int> offset = PrintedOffsetMinutes(word)) {
      zone = zone.value_or(0) + *offset;  // "UTC+1": the offset adds to UTC's zero
    } else if (word.find(':') != absl::string_view::npos) {
      std::vector<absl::string_view> parts = absl::StrSplit(word, ':');
      if (parts.size() < 2 || parts.size() > 3 || !absl::SimpleAtoi(parts[0], &hour) ||
          !absl::SimpleAtoi(parts[1], &minute) ||
          (parts.size() == 3 && !absl::SimpleAtoi(parts[2].substr(0, parts[2].find('.')), &second))) {
        return refuse("a time that is not hh:mm");
      }
      if (hour > 23 || minute > 59 || second > 60) return refuse("a time out of range");
      has_time = true;
    } else if (lower == "am" || lower == "pm") {
      pm = lower == "pm";
    } else if (word.find('/') != absl::string_view::npos) {
      // "2/3/2023": StatusCast's attributes write the month first.
      std::vector<absl::string_view> parts = absl::StrSplit(word, '/');
      int m = 0, d = 0, y = 0;
      if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &m) || !absl::SimpleAtoi(parts[1], &d) ||
          !absl::SimpleAtoi(parts[2], &y)) {
        return refuse("a date that is not m/d/yyyy");
      }
      month = m, day = d, year = y;
    } else if (word.size() == 10 && word[4] == '-' && word[7] == '-') {
      int m = 0, d = 0, y = 0;
      if (!absl::SimpleAtoi(word.substr(0, 4), &y) || !absl::SimpleAtoi(word.substr(5, 2), &m) ||
          !absl::SimpleAtoi(word.substr(8, 2), &d)) {
        return refuse("a date that is not yyyy-mm-dd");
      }
      month = m, day = d, year = y;
    } else if (AllDigits(word)) {
      int n = 0;
      absl::SimpleAtoi(word, &n);
      if (word.size() == 4)
        year = n;
      else if (word.size() <= 2 && !day)
        day = n;
      else
        return refuse("a number that is neither a day nor a year");
    } else if (std::optional<int> minutes = ZoneMinutes(word)) {
      zone = *minutes;
    } else if (std::optional<int> m = PrintedMonth(lower.substr(0, lower.find_first_of(".")))) {
      month = m;
    } else if (lower == "at" || lower == "on" || lower == "|" || lower == "-") {
      continue;
    } else if (lower.size() > 2 &&
               (lower.substr(lower.size() - 2) == "st" || lower.substr(lower.size() - 2) == "nd" ||
                lower.substr(lower.size() - 2) == "rd" || lower.substr(lower.size() - 2) == "th") &&
               AllDigits(lower.substr(0, lower.size() - 2))) {
      int n = 0;
      absl::SimpleAtoi(lower.substr(0, lower.size() - 2), &n);
      day = n;
    } else if (absl::ascii_isalpha(static_cast<unsigned char>(lower[0]))) {
      // A weekday ("Tuesday") says nothing the date does not; any other word is a zone we
      // cannot place.
      static constexpr const char* kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      bool weekday = false;
      for (const char* w : kWeekdays) weekday = weekday || lower.substr(0, 3) == w;
      if (!weekday) return refuse(absl::StrCat("an unknown word or time zone \"", word, "\""));
    } else {
      return refuse(absl::StrCat("an unknown word \"", word, "\""));
    }
  }
  if (!year || !month || !day) return refuse("no full date (day, month and year)");
  // A status page's stamps are of its own years: a five-digit or a 1900s year is a typo or noise.
  if (*year < 1971 || *year > 2199) return refuse("a year out of range");
  if (pm.has_value()) {
    if (hour < 1 || hour > 12) return refuse("a 12-hour time out of range");
    hour = hour % 12 + (*pm ? 12 : 0);
  }
  if (!has_time) hour = minute = second = 0;
  const absl::CivilSecond civil(*year, *month, *day, hour, minute, second);
  if (civil.year() != *year || civil.month() != *month || civil.day() != *day) return refuse("no such day");
  return absl::FromCivil(civil, absl::UTCTimeZone()) - absl::Minutes(zone.value_or(0));
}

}  // namespace statusphere::providers
