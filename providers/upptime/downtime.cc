#include "providers/upptime/downtime.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"

namespace statusphere::providers {
namespace {

namespace vocabulary = statusphere::vocabulary;
using statusphere::v1::Incident;

// Upptime counts the last 365 days, today included.
constexpr int kWindowDays = 365;

absl::Time StartOf(absl::CivilDay day) { return absl::FromCivil(day, absl::UTCTimeZone()); }

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

}  // namespace

absl::StatusOr<std::vector<DownDay>> DownDaysOf(const Json& site) {
  std::vector<DownDay> days;
  if (!site.is_object() || !site.contains("dailyMinutesDown") || site["dailyMinutesDown"].is_null()) return days;
  const Json& by_day = site["dailyMinutesDown"];
  if (!by_day.is_object()) return absl::InvalidArgumentError("'dailyMinutesDown' is not an object");
  for (auto entry = by_day.begin(); entry != by_day.end(); ++entry) {
    const std::string& key = entry.key();
    const Json& value = entry.value();
    DownDay d;
    if (key.size() != 10 || !absl::ParseCivilTime(key, &d.day) || !IsPlausibleTime(StartOf(d.day))) {
      return absl::InvalidArgumentError(absl::StrCat("'dailyMinutesDown' has a key that is not a date: '", key, "'"));
    }
    if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > 24 * 60) {
      return absl::InvalidArgumentError(
          absl::StrCat("'dailyMinutesDown' of ", key, " is not a number of minutes in a day: ", value.dump()));
    }
    d.minutes = value.get<int>();
    if (d.minutes > 0) days.push_back(d);
  }
  std::sort(days.begin(), days.end(), [](const DownDay& a, const DownDay& b) { return a.day < b.day; });
  return days;
}

std::vector<Incident> DowntimeIncidents(const UpptimeSite& site, absl::CivilDay latest_day,
                                        const std::string& deep_link) {
  std::vector<Incident> incidents;
  const absl::CivilDay window_start = latest_day - (kWindowDays - 1);
  const bool failing_now = site.status == "down" || site.status == "degraded";
  const std::vector<DownDay>& days = site.down_days;
  for (size_t first = 0; first < days.size();) {
    size_t last = first;
    while (last + 1 < days.size() && days[last + 1].day == days[last].day + 1) ++last;
    const bool open = failing_now && last + 1 == days.size() && days[last].day == latest_day;
    const bool cut_off = days[first].day <= window_start;
    const size_t next = last + 1;
    if (cut_off && !open) {
      first = next;
      continue;
    }
    Incident i;
    i.set_id(cut_off ? absl::StrCat(site.slug, "-down-over-a-year")
                     : absl::StrCat(site.slug, "-down-", DayText(days[first].day)));
    i.set_title(absl::StrCat(site.name, open ? " is down" : " was down"));
    i.add_components(site.name);
    i.set_deep_link(deep_link);
    i.set_impact(open && site.status == "degraded" ? vocabulary::kImpactMinor : vocabulary::kImpactMajor);
    int total = 0;
    std::string by_day;
    for (size_t k = first; k <= last; ++k) {
      total += days[k].minutes;
      absl::StrAppend(&by_day, "\n", DayText(days[k].day), ": ", days[k].minutes, " min");
    }
    const bool several_days = last > first;
    const absl::Time start =
        several_days ? StartOf(days[first].day + 1) - absl::Minutes(days[first].minutes) : StartOf(days[first].day);
    const absl::Time end = several_days ? StartOf(days[last].day) + absl::Minutes(days[last].minutes)
                                        : start + absl::Minutes(days[first].minutes);
    *i.mutable_start_time() = ToProto(start);
    i.set_description(absl::StrCat(cut_off ? "Down since before the record's first day. " : "",
                                   "Minutes down recorded by Upptime, by UTC day (", total, " in all):", by_day));
    // Newest first: the end, then the start.
    if (!open) {
      *i.mutable_end_time() = ToProto(end);
      i.set_status(vocabulary::kLifecycleResolved);
      auto* e = i.add_events();
      e->set_id(absl::StrCat(i.id(), "-up"));
      e->set_status(vocabulary::kLifecycleResolved);
      e->set_title("Resolved");
      e->set_description(absl::StrCat(site.name, " is up again after ", total, " minutes down."));
      *e->mutable_time() = ToProto(end);
    } else {
      i.set_status(vocabulary::kLifecycleInvestigating);
    }
    auto* e = i.add_events();
    e->set_id(absl::StrCat(i.id(), "-down"));
    e->set_status(vocabulary::kLifecycleInvestigating);
    // Worded the same while open and once resolved: an update once stored is not rewritten.
    e->set_title("Down");
    e->set_description(absl::StrCat("Upptime's checks found ", site.name, " down or slower than its limit."));
    *e->mutable_time() = ToProto(start);
    incidents.push_back(std::move(i));
    first = next;
  }
  return incidents;
}

}  // namespace statusphere::providers
