#include "providers/atlassian_statuspage/history_html.h"

#include <gumbo.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Incident;

// The data-react-props of the HistoryIndex element (gumbo has decoded the entities), or
// nullopt when there is none.
std::optional<std::string> HistoryProps(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return std::nullopt;
  const GumboAttribute* react_class = gumbo_get_attribute(&node->v.element.attributes, "data-react-class");
  if (react_class != nullptr && absl::string_view(react_class->value) == "HistoryIndex") {
    const GumboAttribute* props = gumbo_get_attribute(&node->v.element.attributes, "data-react-props");
    if (props != nullptr) return std::string(props->value);
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    if (auto found = HistoryProps(static_cast<const GumboNode*>(children.data[i]))) return found;
  }
  return std::nullopt;
}

std::optional<int> MonthNumber(absl::string_view name) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string prefix = absl::AsciiStrToLower(name.substr(0, 3));
  for (int m = 0; m < 12; ++m) {
    if (prefix == kMonths[m]) return m + 1;
  }
  return std::nullopt;
}

struct DayTime {
  std::optional<int> month, day;
  int hour = 0, minute = 0;
};

// "Aug 26, 15:11", "15:11", "Jan 1, 01:30 PST" (the zone abbreviation is ignored: the
// page's IANA zone is what converts).
std::optional<DayTime> ParseDayTime(absl::string_view text) {
  DayTime out;
  std::vector<absl::string_view> words = absl::StrSplit(text, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  for (absl::string_view word : words) {
    if (const size_t colon = word.find(':'); colon != absl::string_view::npos) {
      if (!absl::SimpleAtoi(word.substr(0, colon), &out.hour) ||
          !absl::SimpleAtoi(word.substr(colon + 1), &out.minute) || out.hour > 23 || out.minute > 59) {
        return std::nullopt;
      }
    } else if (int day = 0; absl::SimpleAtoi(word, &day)) {
      if (day < 1 || day > 31) return std::nullopt;
      out.day = day;
    } else if (auto month = MonthNumber(word); month && !out.month && word.size() >= 3) {
      out.month = month;
    }
  }
  if (words.empty()) return std::nullopt;
  return out;
}

std::string Impact(const std::string& raw) {
  const std::string impact = absl::AsciiStrToLower(raw);
  return vocabulary::IsImpact(impact) ? impact : vocabulary::kImpactNone;
}

}  // namespace

std::optional<TimeRange> ParseHistoryTimestamp(absl::string_view text, int year, absl::TimeZone zone) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, " - ");
  if (parts.empty() || parts.size() > 2) return std::nullopt;
  std::optional<DayTime> start = ParseDayTime(parts[0]);
  if (!start || !start->month || !start->day) return std::nullopt;
  TimeRange range;
  range.start = absl::FromCivil(absl::CivilMinute(year, *start->month, *start->day, start->hour, start->minute), zone);
  if (parts.size() == 2) {
    std::optional<DayTime> end = ParseDayTime(parts[1]);
    if (!end) return std::nullopt;
    const int end_month = end->month.value_or(*start->month);
    const int end_day = end->day.value_or(*start->day);
    const int end_year = end_month < *start->month ? year + 1 : year;  // "Dec 31, 23:10 - Jan 1, 01:30"
    range.end = absl::FromCivil(absl::CivilMinute(end_year, end_month, end_day, end->hour, end->minute), zone);
    if (*range.end < range.start) return std::nullopt;
  }
  return range;
}

absl::StatusOr<std::vector<Incident>> ParseHistoryHtml(absl::string_view base_url, absl::string_view html) {
  const HtmlDocument document(html);
  if (!document.status().ok()) return document.status();
  std::optional<std::string> props = HistoryProps(document.output().root);
  if (!props) return absl::NotFoundError("no HistoryIndex element");
  absl::StatusOr<Json> json = ParseJsonObject("data-react-props", *props);
  if (!json.ok()) return absl::InvalidArgumentError(json.status().message());

  absl::TimeZone zone = absl::UTCTimeZone();
  const auto page_status = json->find("page_status");
  if (page_status != json->end() && page_status->is_object()) {
    const auto page = page_status->find("page");
    if (page != page_status->end() && page->is_object()) {
      const std::string zone_name = StringField(*page, "time_zone");
      if (!zone_name.empty() && !absl::LoadTimeZone(zone_name, &zone)) {
        zone = absl::UTCTimeZone();  // an unknown zone name: UTC is the platform's default
      }
    }
  }

  std::vector<Incident> incidents;
  for (const Json& month : ArrayField(*json, "months")) {
    if (!month.is_object()) return absl::InvalidArgumentError("a month is not an object");
    int year = 0;
    const auto year_field = month.find("year");
    if (year_field == month.end() || !year_field->is_number_integer() || (year = year_field->get<int>()) < 1990 ||
        year > 2100) {
      return absl::InvalidArgumentError(absl::StrCat("month '", StringField(month, "name"), "' has no plausible year"));
    }
    for (const Json& j : ArrayField(month, "incidents")) {
      if (!j.is_object()) return absl::InvalidArgumentError("an incident is not an object");
      Incident incident;
      incident.set_id(StringField(j, "code"));
      if (incident.id().empty()) return absl::InvalidArgumentError("an incident has no code");
      incident.set_title(TidyText(StringField(j, "name")));
      incident.set_impact(Impact(StringField(j, "impact")));
      incident.set_description(TextOf(StringField(j, "message")));
      incident.set_status_page_url(std::string(base_url));
      incident.set_deep_link(absl::StrCat(base_url, "/incidents/", incident.id()));
      const std::string stamp = HtmlToText(StringField(j, "timestamp"));
      std::optional<TimeRange> range = ParseHistoryTimestamp(stamp, year, zone);
      if (!range || !IsPlausibleTime(range->start)) {
        return absl::InvalidArgumentError(
            absl::StrCat("incident '", incident.id(), "': unreadable time '", stamp, "'"));
      }
      *incident.mutable_start_time() = ToProto(range->start);
      // The history lists past incidents: with an end it is over; without one it is
      // a single moment (a notice) and still ends there.
      *incident.mutable_end_time() = ToProto(range->end.value_or(range->start));
      incident.set_status(incident.impact() == vocabulary::kImpactMaintenance ? vocabulary::kLifecycleCompleted
                                                                              : vocabulary::kLifecycleResolved);
      incidents.push_back(std::move(incident));
    }
  }
  return incidents;
}

}  // namespace statusphere::providers
