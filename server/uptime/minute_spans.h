// Sets of clock minutes as sorted, disjoint half-open spans [begin, end) of minute numbers
// (minutes since the Unix epoch): the union of an incident kind's coverage, and the
// subtraction that lets the worst kind win each minute.
#ifndef STATUSPHERE_SERVER_UPTIME_MINUTE_SPANS_H_
#define STATUSPHERE_SERVER_UPTIME_MINUTE_SPANS_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace statusphere::uptime {

using MinuteSpan = std::pair<int64_t, int64_t>;  // [first, end)
using MinuteSpans = std::vector<MinuteSpan>;

// Sorts and merges overlapping or touching spans; empty spans are dropped.
MinuteSpans Union(MinuteSpans spans);

// The minutes of `a` not in `b`; both already merged by Union.
MinuteSpans Subtract(const MinuteSpans& a, const MinuteSpans& b);

// Adds the spans' minutes to per_day[i], where day i covers minutes
// [first_minute + 1440 i, first_minute + 1440 (i + 1)); minutes outside are ignored.
void AddPerDay(const MinuteSpans& spans, int64_t first_minute, std::vector<int32_t>& per_day);

}  // namespace statusphere::uptime

#endif  // STATUSPHERE_SERVER_UPTIME_MINUTE_SPANS_H_
