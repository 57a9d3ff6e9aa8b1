#include "providers/uptimerobot/monitors.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"

namespace statusphere::providers::uptimerobot {
namespace {

namespace vocabulary = statusphere::vocabulary;

std::optional<long long> MonitorId(const Json& monitor) {
  if (!monitor.is_object()) return std::nullopt;
  auto it = monitor.find("monitorId");
  if (it == monitor.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<long long>();
}

// How much of day `k` the monitor was up, in percent; nullopt when the day was paused or
// its ratio unreadable.
std::optional<double> UpRatio(const Json& ratios, size_t k) {
  if (!ratios.is_array() || k >= ratios.size()) return std::nullopt;
  const Json& day = ratios[k];
  if (StringField(day, "label") == "black") return std::nullopt;  // paused
  double ratio = 0;
  if (!absl::SimpleAtod(StringField(day, "ratio"), &ratio)) return std::nullopt;
  return ratio;
}

// The index of the day (in calendar.days) the current downtime began, and whether it was
// down already on the oldest day the list shows (then it began then or earlier).
std::pair<size_t, bool> DowntimeStartDay(const Json& ratios, size_t days) {
  for (size_t k = 0; k < days; ++k) {
    const std::optional<double> ratio = UpRatio(ratios, k);
    // A day up throughout (or paused): the downtime began at the next day's midnight.
    if (!ratio || *ratio >= 100) return {k == 0 ? 0 : k - 1, false};
    if (*ratio > 0) return {k, false};  // partly up: it went down that day
  }
  return {days - 1, true};  // down on every day shown
}

}  // namespace

absl::StatusOr<absl::TimeZone> ZoneOfOffset(absl::string_view offset) {
  if (offset.empty()) return absl::UTCTimeZone();
  int hours = 0, minutes = 0;
  if (offset.size() != 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':' ||
      !absl::SimpleAtoi(offset.substr(1, 2), &hours) || !absl::SimpleAtoi(offset.substr(4, 2), &minutes) ||
      hours > 14 || minutes > 59) {
    return absl::InvalidArgumentError(absl::StrCat("'timezone' is not a UTC offset: '", offset, "'"));
  }
  const int seconds = (hours * 3600 + minutes * 60) * (offset[0] == '-' ? -1 : 1);
  return absl::FixedTimeZone(seconds);
}

std::string ComponentStatus(absl::string_view status_class) {
  if (status_class == "success") return vocabulary::kComponentOperational;
  if (status_class == "danger") return vocabulary::kComponentMajorOutage;
  return "unknown";  // black: paused, so nobody checks it; anything UptimeRobot may add
}

absl::StatusOr<statusphere::v1::Component> ComponentOf(const Json& monitor) {
  const std::optional<long long> id = MonitorId(monitor);
  if (!id) return absl::InvalidArgumentError("a monitor has no numeric monitorId");
  statusphere::v1::Component c;
  c.set_id(std::to_string(*id));
  c.set_name(StringField(monitor, "name"));
  c.set_status(ComponentStatus(StringField(monitor, "statusClass")));
  return c;
}

absl::StatusOr<std::optional<statusphere::v1::Incident>> DowntimeOf(const Json& monitor, const Calendar& calendar,
                                                                    absl::string_view page_url) {
  if (StringField(monitor, "statusClass") != "danger") return std::nullopt;
  const std::optional<long long> id = MonitorId(monitor);
  if (!id) return absl::InvalidArgumentError("a monitor has no numeric monitorId");
  const std::string name = StringField(monitor, "name");
  const Json& ratios = ArrayField(monitor, "dailyRatios");
  const size_t days = std::min(calendar.days.size(), ratios.size());

  statusphere::v1::Incident i;
  std::string since;  // for people: the day, or that it is older than the list
  std::optional<absl::Time> start;
  if (days > 0) {
    const auto [day, whole_window] = DowntimeStartDay(ratios, days);
    absl::CivilDay civil;
    if (!absl::ParseCivilTime(calendar.days[day], &civil)) {
      return absl::InvalidArgumentError(absl::StrCat("'days' holds '", calendar.days[day], "', not a date"));
    }
    start = absl::FromCivil(civil, calendar.zone);
    if (!IsPlausibleTime(*start)) {
      return absl::InvalidArgumentError(absl::StrCat("'days' holds '", calendar.days[day], "', not a plausible date"));
    }
    // Down on every day shown: the start is older than the list, so the id must not move
    // with the list's oldest day.
    i.set_id(whole_window ? absl::StrCat(*id, "-down") : absl::StrCat(*id, "-down-", calendar.days[day]));
    since = whole_window ? absl::StrCat("down on every day the page shows, since ", calendar.days[day], " or earlier")
                         : absl::StrCat("down since ", calendar.days[day]);
  } else {
    i.set_id(absl::StrCat(*id, "-down"));
    since = "down; the page shows no daily history";
  }
  // Not down before it existed.
  const auto created = monitor.find("createdAt");
  if (created != monitor.end() && created->is_number_integer()) {
    const absl::Time t = absl::FromUnixSeconds(created->get<long long>());
    if (IsPlausibleTime(t) && (!start || t > *start)) start = t;
  }
  if (!start) return absl::InvalidArgumentError(absl::StrCat("monitor ", *id, " is down but has no day or createdAt"));

  i.set_title(absl::StrCat(name, " is down"));
  i.set_impact(vocabulary::kImpactMajor);
  i.set_status(vocabulary::kLifecycleInvestigating);
  i.set_deep_link(std::string(page_url));
  i.add_components(name);
  *i.mutable_start_time() = ToProto(*start);
  auto* e = i.add_events();
  e->set_id(i.id());
  e->set_status(vocabulary::kLifecycleInvestigating);
  e->set_title("Down");
  e->set_description(absl::StrCat("UptimeRobot reports ", name, " as ", since,
                                  " (its page gives downtime per day, not the minute it began)."));
  *e->mutable_time() = i.start_time();
  return i;
}

}  // namespace statusphere::providers::uptimerobot
