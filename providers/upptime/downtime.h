// Upptime's incidents as its summary carries them. Upptime opens a GitHub issue when a site
// goes down and closes it when the site is back; history/summary.json keeps, per site, only
// the minutes those issues covered on each UTC day of the last 365 (dailyMinutesDown). Each
// run of consecutive days with downtime becomes one incident:
//  - its id is the site's slug and the run's first day, which stay put as the run grows;
//  - open when the site is down (or degraded) now and the run reaches the latest day of the
//    summary, resolved otherwise;
//  - a run of several days was down at the end of its first day and from the start of its
//    last: it began <first day's minutes> before the first midnight and ended <last day's
//    minutes> after the last. A run of one day is placed at the start of its day, since
//    the summary does not say when in the day it was;
//  - its text lists the minutes by day, so that nothing the summary holds is lost.
// A run that reaches back to the first day of the 365-day window began earlier than the
// summary can say: resolved, it is left out (its start slid out of the record; a scrape
// made while it was whole kept it); open, it is the site's "down for over a year" incident,
// under one id while it lasts (an outage first seen younger than that changes id once, when
// its start slides out).
#ifndef STATUSPHERE_PROVIDERS_UPPTIME_DOWNTIME_H_
#define STATUSPHERE_PROVIDERS_UPPTIME_DOWNTIME_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "providers/common/json_fields.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers {

struct DownDay {
  absl::CivilDay day;
  int minutes = 0;
};

// A site's dailyMinutesDown, by day, days without downtime left out. INVALID_ARGUMENT
// when a key is not a date or a value is not a number of minutes in a day.
absl::StatusOr<std::vector<DownDay>> DownDaysOf(const Json& site);

struct UpptimeSite {
  std::string slug;
  std::string name;
  std::string status;  // up, down, degraded
  std::vector<DownDay> down_days;
};

// The site's incidents; `latest_day` is the latest day any site of the summary recorded.
std::vector<statusphere::v1::Incident> DowntimeIncidents(const UpptimeSite& site, absl::CivilDay latest_day,
                                                         const std::string& deep_link);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_UPPTIME_DOWNTIME_H_
