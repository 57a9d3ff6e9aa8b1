// Statuspage's /history?page=N HTML, for backfill beyond what the JSON API (last 50) and
// the feed keep: the page embeds its history as JSON in the data-react-props attribute of
// <div data-react-class="HistoryIndex">, three months per page. Each incident comes with
// its code, name, impact, last message and a time range printed in the page's time zone.
#ifndef STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HISTORY_HTML_H_
#define STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HISTORY_HTML_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "statusphere/v1/resources.pb.h"

namespace statusphere::providers {

// Incidents of one history page. NOT_FOUND when the document has no HistoryIndex element
// (not a Statuspage history page); INVALID_ARGUMENT when it has one that does not parse.
// `base_url` is the page's home, for deep links.
absl::StatusOr<std::vector<statusphere::v1::Incident>> ParseHistoryHtml(absl::string_view base_url,
                                                                        absl::string_view html);

// Start and end of a history timestamp such as "Aug 26, 15:11 - 18:01 UTC" or
// "Dec 31, 23:10 - Jan 1, 01:30 PST", in `zone`, the start in `year`. No end when the
// range has none.
struct TimeRange {
  absl::Time start;
  std::optional<absl::Time> end;
};
std::optional<TimeRange> ParseHistoryTimestamp(absl::string_view text, int year, absl::TimeZone zone);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HISTORY_HTML_H_
