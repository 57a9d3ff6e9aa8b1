#include "server/uptime/uptime.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "server/uptime/minute_spans.h"

namespace statusphere::uptime {
namespace {

constexpr int64_t kMinutesPerDay = 24 * 60;

enum Kind { kMajorOutage = 0, kPartialOutage = 1, kMaintenance = 2, kNoDowntime = 3 };

Kind KindOf(const std::string& impact) {
  if (impact == vocabulary::kImpactCritical) return kMajorOutage;
  if (impact == vocabulary::kImpactMajor || impact == vocabulary::kImpactMinor) return kPartialOutage;
  if (impact == vocabulary::kImpactMaintenance) return kMaintenance;
  return kNoDowntime;  // "none", and any word the vocabulary does not know
}

// The time an incident covers, before the window cuts it. A maintenance is planned: its
// scheduled start is when the work began (start_time may be when it was announced),
// and while it is not completed it runs to its scheduled end, else to now.
struct Coverage {
  absl::Time start;
  absl::Time end;  // never before start
};

Coverage CoverageOf(const v1::Incident& incident, absl::Time now) {
  Coverage c;
  const bool maintenance = incident.impact() == vocabulary::kImpactMaintenance;
  c.start = maintenance && IsSet(incident.scheduled_start_time()) ? FromProto(incident.scheduled_start_time())
                                                                  : FromProto(incident.start_time());
  if (IsSet(incident.end_time())) {
    c.end = FromProto(incident.end_time());
  } else if (maintenance && IsSet(incident.scheduled_end_time())) {
    c.end = FromProto(incident.scheduled_end_time());
  } else {
    c.end = now;
  }
  // An end before the start (a page's typo, a clock) covers nothing rather than negative time.
  c.end = std::max(c.end, c.start);
  return c;
}

// absl::ToUnixSeconds rounds toward the infinite past, so this is a floor for any time.
int64_t MinuteFloor(absl::Time t) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  return seconds / 60 - (seconds % 60 < 0 ? 1 : 0);
}

int64_t MinuteCeil(absl::Time t) {
  const int64_t floor = MinuteFloor(t);
  return absl::FromUnixSeconds(floor * 60) == t ? floor : floor + 1;
}

// What one row of the answer (the page, or one component) collects.
struct Target {
  std::string name;
  std::string group;
  std::array<MinuteSpans, 3> spans;  // by Kind, downtime kinds only
  std::vector<int32_t> incidents_per_day;
};

void FillComponentUptime(Target& target, const std::vector<std::string>& dates, int64_t first_minute,
                         int64_t window_minutes, v1::ComponentUptime* out) {
  const int days = static_cast<int>(dates.size());
  // Worst kind wins each minute: partial outage where no major one, maintenance where no outage.
  const MinuteSpans major = Union(std::move(target.spans[kMajorOutage]));
  const MinuteSpans partial_any = Union(std::move(target.spans[kPartialOutage]));
  const MinuteSpans partial = Subtract(partial_any, major);
  const MinuteSpans outage = Union([&] {
    MinuteSpans both = major;
    both.insert(both.end(), partial_any.begin(), partial_any.end());
    return both;
  }());
  const MinuteSpans maintenance = Subtract(Union(std::move(target.spans[kMaintenance])), outage);

  std::vector<int32_t> major_days(days), partial_days(days), maintenance_days(days);
  AddPerDay(major, first_minute, major_days);
  AddPerDay(partial, first_minute, partial_days);
  AddPerDay(maintenance, first_minute, maintenance_days);

  out->set_name(target.name);
  out->set_group(target.group);
  int64_t major_total = 0, partial_total = 0, maintenance_total = 0;
  for (int d = 0; d < days; ++d) {
    v1::UptimeDay* day = out->add_days();
    day->set_date(dates[d]);
    day->set_major_outage_minutes(major_days[d]);
    day->set_partial_outage_minutes(partial_days[d]);
    day->set_maintenance_minutes(maintenance_days[d]);
    day->set_incident_count(target.incidents_per_day[d]);
    major_total += major_days[d];
    partial_total += partial_days[d];
    maintenance_total += maintenance_days[d];
  }
  out->set_major_outage_minutes(static_cast<int32_t>(major_total));
  out->set_partial_outage_minutes(static_cast<int32_t>(partial_total));
  out->set_maintenance_minutes(static_cast<int32_t>(maintenance_total));
  const double downtime = static_cast<double>(major_total) + kPartialOutageWeight * static_cast<double>(partial_total);
  out->set_uptime_percent(window_minutes <= 0 ? 100.0 : std::max(0.0, 100.0 * (1.0 - downtime / window_minutes)));
}

}  // namespace

absl::Time WindowStart(absl::Time now, int days) {
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  return absl::FromCivil(today - (days - 1), absl::UTCTimeZone());
}

absl::StatusOr<v1::GetUptimeResponse> ComputeUptime(const UptimeInput& input) {
  if (input.days < kMinDays || input.days > kMaxDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("days: ", input.days, " is not a whole number of days from ", kMinDays, " to ", kMaxDays));
  }
  const int days = input.days;
  const absl::Time window_start = WindowStart(input.now, days);
  const int64_t first_minute = MinuteFloor(window_start);
  // The minute now falls in counts as a whole one, as every partly covered minute does.
  const int64_t end_minute = MinuteCeil(input.now);

  // Rows: the page, its current components (an incident's name counts for every component
  // so named, in whichever group), then other names the window's incidents give, sorted.
  std::vector<Target> targets(1);
  std::map<std::string, std::vector<size_t>> by_name;
  std::set<std::pair<std::string, std::string>> listed;
  for (const v1::Component& component : input.components) {
    if (component.name().empty() || !listed.insert({component.name(), component.group()}).second) continue;
    by_name[component.name()].push_back(targets.size());
    targets.push_back({component.name(), component.group(), {}, {}});
  }

  struct InWindow {
    const v1::Incident* incident;
    Coverage coverage;
  };
  std::vector<InWindow> in_window;
  std::set<std::string> other_names;
  for (const v1::Incident& incident : input.incidents) {
    const Coverage c = CoverageOf(incident, input.now);
    // Open at some time of the window: ended after its start, began by now.
    if (c.start > input.now || c.end < window_start || (c.end == window_start && c.start < c.end)) continue;
    in_window.push_back({&incident, c});
    for (const std::string& name : incident.components()) {
      if (!name.empty() && by_name.count(name) == 0) other_names.insert(name);
    }
  }
  for (const std::string& name : other_names) {
    by_name[name].push_back(targets.size());
    targets.push_back({name, "", {}, {}});
  }
  for (Target& target : targets) target.incidents_per_day.assign(days, 0);

  for (const InWindow& item : in_window) {
    const v1::Incident& incident = *item.incident;
    const Kind kind = KindOf(incident.impact());
    std::set<size_t> rows = {0};
    for (const std::string& name : incident.components()) {
      auto it = by_name.find(name);
      if (it != by_name.end()) rows.insert(it->second.begin(), it->second.end());
    }
    const absl::Time start = std::max(item.coverage.start, window_start);
    const absl::Time end = std::min(item.coverage.end, input.now);
    if (kind != kNoDowntime && item.coverage.start < item.coverage.end) {
      const MinuteSpan span = {std::max(MinuteFloor(start), first_minute), std::min(MinuteCeil(end), end_minute)};
      for (size_t row : rows) targets[row].spans[kind].push_back(span);
    }
    if (kind != kMaintenance) {
      // The days it was open: the last instant it covers is just before its end.
      const absl::Time last = end > start ? end - absl::Nanoseconds(1) : start;
      const int64_t first_day = (MinuteFloor(start) - first_minute) / kMinutesPerDay;
      const int64_t last_day = std::min<int64_t>(days - 1, (MinuteFloor(last) - first_minute) / kMinutesPerDay);
      for (size_t row : rows) {
        for (int64_t d = first_day; d <= last_day; ++d) ++targets[row].incidents_per_day[d];
      }
    }
  }

  v1::GetUptimeResponse response;
  response.set_status_page_url(input.page_url);
  response.set_days(days);
  response.set_is_indexed(input.is_indexed);
  *response.mutable_window_start() = ToProto(window_start);
  *response.mutable_window_end() = ToProto(input.now);
  const int64_t window_minutes = end_minute - first_minute;
  std::vector<std::string> dates(days);
  for (int d = 0; d < days; ++d) {
    dates[d] = absl::FormatTime("%Y-%m-%d", window_start + absl::Hours(24 * d), absl::UTCTimeZone());
  }
  FillComponentUptime(targets[0], dates, first_minute, window_minutes, response.mutable_page());
  for (size_t i = 1; i < targets.size(); ++i) {
    FillComponentUptime(targets[i], dates, first_minute, window_minutes, response.add_components());
  }

  // By impact: incidents whose coverage began within the window; time to resolve from that
  // beginning to their end_time.
  for (absl::string_view impact : vocabulary::kImpacts) {
    int count = 0, resolved = 0;
    double minutes = 0;
    for (const InWindow& item : in_window) {
      if (item.incident->impact() != impact || item.coverage.start < window_start) continue;
      ++count;
      if (IsSet(item.incident->end_time())) {
        ++resolved;
        minutes += absl::ToDoubleMinutes(item.coverage.end - item.coverage.start);
      }
    }
    v1::ImpactSummary* summary = response.add_impacts();
    summary->set_impact(std::string(impact));
    summary->set_incident_count(count);
    summary->set_resolved_count(resolved);
    summary->set_mean_time_to_resolve_minutes(resolved == 0 ? 0.0 : minutes / resolved);
  }
  return response;
}

}  // namespace statusphere::uptime
