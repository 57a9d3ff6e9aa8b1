// The times a Hugo site's JSON templates print. cState's templates write "{{ .Date }}", which
// Go renders as time.Time's String(): "2018-05-25 04:13:00 +0000 UTC", fractions included
// ("2024-12-27 09:43:40.482 +0000 UTC"); front-matter values written as quoted strings come
// through verbatim ("2024-02-24 11:35:00", "2024-12-27T09:43:40.482Z").
#ifndef STATUSPHERE_PROVIDERS_CSTATE_HUGO_TIME_H_
#define STATUSPHERE_PROVIDERS_CSTATE_HUGO_TIME_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::providers::cstate {

// Go's String() form, RFC 3339, or "YYYY-MM-DD[ HH:MM[:SS]]" read as UTC (Hugo's default
// time zone). nullopt for anything else and for Go's zero time (year 1: "no date").
std::optional<absl::Time> ParseHugoTime(absl::string_view text);

}  // namespace statusphere::providers::cstate

#endif  // STATUSPHERE_PROVIDERS_CSTATE_HUGO_TIME_H_
