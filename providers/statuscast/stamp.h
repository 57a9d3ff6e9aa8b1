// StatusCast prints times as its page's settings say: "07 February 2023, 23:09 UTC" (day
// first, 24-hour), "February 7, 2023 11:09 PM EST" (month first, 12-hour), and its widgets'
// attributes "2/3/2023 12:00:00 AM" or "2023-02-09T00:00:00.000Z". One tolerant reader for
// them all: the words are told apart by what they are, not by where they stand.
#ifndef STATUSPHERE_PROVIDERS_STATUSCAST_STAMP_H_
#define STATUSPHERE_PROVIDERS_STATUSCAST_STAMP_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::providers {

// The instant a StatusCast stamp names. The zone is the stamp's own (UTC, GMT, a US or
// central European abbreviation, or an offset such as "+01:00" / "UTC+1"); a stamp without
// one is UTC, as StatusCast's attributes are. INVALID_ARGUMENT quoting the stamp when it has
// no full date, or names a zone not listed (an abbreviation that would be guessed).
absl::StatusOr<absl::Time> ParseStatusCastStamp(absl::string_view stamp);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STATUSCAST_STAMP_H_
