#include "server/uptime/minute_spans.h"

#include <algorithm>

namespace statusphere::uptime {

constexpr int64_t kMinutesPerDay = 24 * 60;

MinuteSpans Union(MinuteSpans spans) {
  spans.erase(std::remove_if(spans.begin(), spans.end(), [](const MinuteSpan& s) { return s.second <= s.first; }),
              spans.end());
  std::sort(spans.begin(), spans.end());
  MinuteSpans merged;
  for (const MinuteSpan& span : spans) {
    if (!merged.empty() && span.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, span.second);
    } else {
      merged.push_back(span);
    }
  }
  return merged;
}

MinuteSpans Subtract(const MinuteSpans& a, const MinuteSpans& b) {
  MinuteSpans out;
  size_t j = 0;
  for (MinuteSpan rest : a) {
    while (j < b.size() && b[j].second <= rest.first) ++j;
    // b[k] for k >= j ends after rest begins; cut each one that starts before rest ends.
    for (size_t k = j; k < b.size() && b[k].first < rest.second; ++k) {
      if (b[k].first > rest.first) out.push_back({rest.first, b[k].first});
      rest.first = std::max(rest.first, b[k].second);
      if (rest.first >= rest.second) break;
    }
    if (rest.first < rest.second) out.push_back(rest);
  }
  return out;
}

void AddPerDay(const MinuteSpans& spans, int64_t first_minute, std::vector<int32_t>& per_day) {
  const int64_t last_minute = first_minute + kMinutesPerDay * static_cast<int64_t>(per_day.size());
  for (const MinuteSpan& span : spans) {
    int64_t begin = std::max(span.first, first_minute);
    const int64_t end = std::min(span.second, last_minute);
    while (begin < end) {
      const int64_t day = (begin - first_minute) / kMinutesPerDay;
      const int64_t day_end = std::min(end, first_minute + (day + 1) * kMinutesPerDay);
      per_day[day] += static_cast<int32_t>(day_end - begin);
      begin = day_end;
    }
  }
}

}  // namespace statusphere::uptime
