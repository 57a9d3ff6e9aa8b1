#include "providers/common/printed_time.h"

#include <map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {

std::optional<int> PrintedOffsetMinutes(absl::string_view text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const int sign = text[0] == '-' ? -1 : 1;
  std::string digits;
  for (char c : text.substr(1)) {
    if (c == ':') continue;
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits += c;
  }
  int hours = 0, minutes = 0;
  if (digits.size() <= 2) {
    if (!absl::SimpleAtoi(digits, &hours)) return std::nullopt;
  } else if (digits.size() == 4) {
    if (!absl::SimpleAtoi(digits.substr(0, 2), &hours) || !absl::SimpleAtoi(digits.substr(2), &minutes)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (hours > 14 || minutes > 59) return std::nullopt;
  return sign * (hours * 60 + minutes);
}

std::optional<int> PrintedMonth(absl::string_view word) {
  static constexpr const char* kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                            "july",    "august",   "september", "october", "november", "december"};
  const std::string lower = absl::AsciiStrToLower(word);
  if (lower.size() < 3) return std::nullopt;
  for (int m = 0; m < 12; ++m) {
    // "Jan", "January", "Sept": a prefix of the name, three letters at least.
    if (absl::StartsWith(kMonths[m], lower)) return m + 1;
  }
  return std::nullopt;
}

namespace {

// Abbreviations of the zones Statuspage's zone list prints (Rails' zones), minutes east of
// UTC. Shared abbreviations are read one way (see the header).
const std::map<std::string, int>& ZoneAbbreviations() {
  static const auto* zones = new std::map<std::string, int>{
      {"UTC", 0},    {"GMT", 0},     {"UT", 0},      {"Z", 0},      {"WET", 0},    {"WEST", 60},  {"BST", 60},
      {"CET", 60},   {"CEST", 120},  {"MET", 60},    {"MEST", 120}, {"WAT", 60},   {"EET", 120},  {"EEST", 180},
      {"CAT", 120},  {"SAST", 120},  {"EAT", 180},   {"MSK", 180},  {"IST", 330},  {"PKT", 300},  {"NPT", 345},
      {"ICT", 420},  {"WIB", 420},   {"SGT", 480},   {"HKT", 480},  {"PHT", 480},  {"AWST", 480}, {"JST", 540},
      {"KST", 540},  {"ACST", 570},  {"ACDT", 630},  {"AEST", 600}, {"AEDT", 660}, {"NZST", 720}, {"NZDT", 780},
      {"HST", -600}, {"AKST", -540}, {"AKDT", -480}, {"PST", -480}, {"PDT", -420}, {"MST", -420}, {"MDT", -360},
      {"CST", -360}, {"CDT", -300},  {"EST", -300},  {"EDT", -240}, {"AST", -240}, {"ADT", -180}, {"NST", -210},
      {"NDT", -150}, {"BRT", -180},  {"ART", -180}};
  return *zones;
}

enum class Kind { kWord, kNumber, kTime, kSeparator, kOffset };

struct Token {
  Kind kind;
  std::string text;
  int hour = 0, minute = 0;  // kTime
};

bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }
bool IsAlpha(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }

// The length of "H:MM" or "HH:MM" at text[at], 0 when there is none.
size_t TimeLengthAt(absl::string_view text, size_t at) {
  size_t i = at;
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i == at || i - at > 2 || i + 3 > text.size()) return 0;
  if (text[i] != ':' || !IsDigit(text[i + 1]) || !IsDigit(text[i + 2])) return 0;
  return i + 3 - at;
}

std::vector<Token> Tokenize(absl::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (IsAlpha(c)) {
      size_t j = i;
      while (j < text.size() && (IsAlpha(text[j]) || text[j] == '.')) ++j;
      std::string word(absl::StripSuffix(text.substr(i, j - i), "."));
      // "GMT+08:00", "UTC-3": the offset belongs to the word.
      if ((word == "GMT" || word == "UTC") && j < text.size() && (text[j] == '+' || text[j] == '-')) {
        size_t k = j + 1;
        while (k < text.size() && (IsDigit(text[k]) || text[k] == ':')) ++k;
        if (PrintedOffsetMinutes(text.substr(j, k - j))) {
          tokens.push_back({Kind::kOffset, std::string(text.substr(i, k - i))});
          i = k;
          continue;
        }
      }
      tokens.push_back({Kind::kWord, word});
      i = j;
    } else if (IsDigit(c)) {
      size_t j = i;
      while (j < text.size() && IsDigit(text[j])) ++j;
      if (const size_t length = TimeLengthAt(text, i); length > 0) {
        j = i + length;
        Token t{Kind::kTime, std::string(text.substr(i, length))};
        absl::SimpleAtoi(text.substr(i, length - 3), &t.hour);
        absl::SimpleAtoi(text.substr(j - 2, 2), &t.minute);
        tokens.push_back(t);
        i = j;
        // Seconds, when printed, say nothing more.
        if (i + 2 < text.size() && text[i] == ':' && IsDigit(text[i + 1]) && IsDigit(text[i + 2])) i += 3;
      } else {
        tokens.push_back({Kind::kNumber, std::string(text.substr(i, j - i))});
        i = j;
      }
    } else if (c == '+' || c == '-') {
      // "00:00-03:00" and "22:00 - 06:00" separate a range; "-03" or "+0530" after a time
      // is the zone.
      size_t j = i + 1;
      while (j < text.size() && text[j] == ' ') ++j;
      if (c == '-' && (j >= text.size() || !IsDigit(text[j]) || TimeLengthAt(text, j) > 0 || j > i + 1)) {
        tokens.push_back({Kind::kSeparator, "-"});
        i += 1;
        continue;
      }
      size_t k = i + 1;
      while (k < text.size() && (IsDigit(text[k]) || text[k] == ':')) ++k;
      if (PrintedOffsetMinutes(text.substr(i, k - i)) && !tokens.empty() && tokens.back().kind == Kind::kTime) {
        tokens.push_back({Kind::kOffset, std::string(text.substr(i, k - i))});
        i = k;
      } else {
        tokens.push_back({Kind::kSeparator, std::string(1, c)});
        ++i;
      }
    } else if (absl::StartsWith(text.substr(i), "\xE2\x80\x93") || absl::StartsWith(text.substr(i), "\xE2\x80\x94")) {
      tokens.push_back({Kind::kSeparator, "-"});  // en and em dashes
      i += 3;
    } else {
      ++i;  // spaces, commas, slashes
    }
  }
  return tokens;
}

bool IsConnector(const std::string& lower) {
  return lower == "at" || lower == "on" || lower == "from" || lower == "of" || lower == "the";
}

bool IsRangeWord(const std::string& lower) { return lower == "to" || lower == "until" || lower == "till"; }

// Applies "am"/"pm" to the time just read.
bool ApplyMeridiem(const std::string& lower, PrintedMoment& m) {
  if (lower != "am" && lower != "pm" && lower != "a.m" && lower != "p.m") return false;
  if (m.hour < 1 || m.hour > 12) return false;
  if (lower[0] == 'a' && m.hour == 12) m.hour = 0;
  if (lower[0] == 'p' && m.hour != 12) m.hour += 12;
  return true;
}

}  // namespace

std::optional<int> ZoneOffsetMinutes(absl::string_view zone) {
  const std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(zone));
  if (auto known = ZoneAbbreviations().find(upper); known != ZoneAbbreviations().end()) return known->second;
  absl::string_view rest = upper;
  if (absl::ConsumePrefix(&rest, "GMT") || absl::ConsumePrefix(&rest, "UTC")) return PrintedOffsetMinutes(rest);
  return PrintedOffsetMinutes(upper);
}

std::optional<PrintedRange> ParsePrintedRange(absl::string_view text) {
  const std::vector<Token> tokens = Tokenize(text);
  PrintedRange out;
  PrintedMoment* current = &out.start;
  bool started = false, has_time = false, end_has_time = false, after_time = false;
  for (const Token& t : tokens) {
    const std::string lower = absl::AsciiStrToLower(t.text);
    switch (t.kind) {
      case Kind::kWord: {
        if (auto month = PrintedMonth(t.text); month && !after_time && !current->month) {
          current->month = month;
          started = true;
        } else if (started && current == &out.start && IsRangeWord(lower)) {
          if (!has_time) return std::nullopt;
          out.end.emplace();
          current = &*out.end;
          after_time = false;
        } else if (after_time && ApplyMeridiem(lower, *current)) {
        } else if (after_time && t.text.size() >= 1 && t.text.size() <= 5 && absl::AsciiStrToUpper(t.text) == t.text &&
                   out.zone.empty()) {
          out.zone = t.text;  // the zone, printed once after the last time
        } else if (!started || IsConnector(lower)) {
          // leading words ("Posted on"), "at"
        } else {
          return std::nullopt;
        }
        break;
      }
      case Kind::kOffset:
        if (!after_time || !out.zone.empty()) return std::nullopt;
        out.zone = t.text;
        break;
      case Kind::kNumber: {
        int n = 0;
        if (!absl::SimpleAtoi(t.text, &n)) return std::nullopt;
        if (t.text.size() == 4 && n >= 1970 && n <= 2200 && !current->year) {
          current->year = n;
        } else if (t.text.size() <= 2 && n >= 1 && n <= 31 && !current->day && !after_time) {
          current->day = n;
        } else if (!started) {
          continue;  // a number in the leading words
        } else {
          return std::nullopt;
        }
        started = true;
        break;
      }
      case Kind::kTime:
        if (t.hour > 23 || t.minute > 59) return std::nullopt;
        if (current == &out.start ? has_time : end_has_time) return std::nullopt;
        current->hour = t.hour;
        current->minute = t.minute;
        (current == &out.start ? has_time : end_has_time) = true;
        started = after_time = true;
        break;
      case Kind::kSeparator:
        if (!started) continue;
        // "Jan 12, 2021 - 16:04 UTC": a dash between a date and its time joins them.
        if (!has_time && current == &out.start) break;
        if (current != &out.start || t.text != "-") return std::nullopt;
        out.end.emplace();
        current = &*out.end;
        after_time = false;
        break;
    }
  }
  if (!has_time || (out.end && !end_has_time)) return std::nullopt;
  if (out.start.day && !out.start.month) return std::nullopt;  // "12, 16:04": a day of what?
  if (out.end && out.end->day && !out.end->month && !out.start.month) return std::nullopt;
  if (!out.zone.empty()) out.zone_minutes = ZoneOffsetMinutes(out.zone);
  return out;
}

std::optional<PlacedRange> PlaceRange(const PrintedRange& range, int zone_minutes, absl::Time reference,
                                      YearChoice choice) {
  const absl::TimeZone zone = absl::FixedTimeZone(zone_minutes * 60);
  const absl::CivilDay reference_day = absl::ToCivilDay(reference, zone);
  const PrintedMoment& s = range.start;
  const int month = s.month.value_or(reference_day.month());
  const int day = s.day.value_or(reference_day.day());
  auto at = [&](int64_t year, int m, int d, int hour, int minute) -> std::optional<absl::Time> {
    // CivilDay normalises Feb 30 into March: such a day does not exist.
    if (absl::CivilDay(year, m, d).day() != d) return std::nullopt;
    return absl::FromCivil(absl::CivilMinute(year, m, d, hour, minute), zone);
  };
  std::optional<absl::Time> start;
  if (s.year) {
    start = at(*s.year, month, day, s.hour, s.minute);
  } else if (!s.month) {
    // A time alone: the reference's own day.
    start = at(reference_day.year(), month, day, s.hour, s.minute);
  } else {
    // The candidates around the reference's year, back far enough for a Feb 29.
    std::optional<absl::Time> best;
    for (int64_t year = reference_day.year() - 4; year <= reference_day.year() + 1; ++year) {
      std::optional<absl::Time> candidate = at(year, month, day, s.hour, s.minute);
      if (!candidate) continue;
      if (choice == YearChoice::kAtOrBefore) {
        // A day's slack: the zone printed may be a day off the reference's in either sense.
        if (*candidate <= reference + absl::Hours(24) && (!best || *candidate > *best)) best = candidate;
      } else if (!best || absl::AbsDuration(*candidate - reference) < absl::AbsDuration(*best - reference)) {
        best = candidate;
      }
    }
    start = best;
  }
  if (!start || !IsPlausibleTime(*start)) return std::nullopt;
  PlacedRange placed{*start, std::nullopt};
  if (!range.end) return placed;
  const PrintedMoment& e = *range.end;
  const absl::CivilDay start_day = absl::ToCivilDay(*start, zone);
  int64_t end_year = e.year.value_or(start_day.year());
  const int end_month = e.month.value_or(start_day.month());
  const int end_day = e.day.value_or(start_day.day());
  if (!e.year && end_month < start_day.month()) ++end_year;  // "Dec 31, 23:00 - Jan 1, 01:00"
  std::optional<absl::Time> end = at(end_year, end_month, end_day, e.hour, e.minute);
  if (!end) return std::nullopt;
  if (*end < *start && !e.day) *end += absl::Hours(24);  // "22:00 - 06:00": the next morning
  if (*end < *start || !IsPlausibleTime(*end)) return std::nullopt;
  placed.end = end;
  return placed;
}

}  // namespace statusphere::providers
