// Reads an HTTP date (RFC 9110 §5.6.7), as Retry-After, Expires and Date carry them.
#ifndef STATUSPHERE_COMMON_HTTP_HTTP_DATE_H_
#define STATUSPHERE_COMMON_HTTP_HTTP_DATE_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::http {

// The preferred form only ("Sun, 06 Nov 1994 08:49:37 GMT"), which every server of the last
// decades sends; nullopt for anything else (the obsolete forms, "0", "-1").
std::optional<absl::Time> ParseHttpDate(absl::string_view value);

}  // namespace statusphere::http

#endif  // STATUSPHERE_COMMON_HTTP_HTTP_DATE_H_
