// Links that came from a status page (an incident's deep link) and go out to people: into
// the Atom feed, chat messages and webhook documents. A vendor decides what they say, so
// only an absolute http(s) address passes; "javascript:", "data:", "vbscript:", relative
// and protocol-relative ("//host") links do not, whatever their spelling (case, leading
// spaces or control characters, a tab inside the scheme).
#ifndef STATUSPHERE_COMMON_WEB_LINK_H_
#define STATUSPHERE_COMMON_WEB_LINK_H_

#include <string>

#include "absl/strings/string_view.h"

namespace statusphere {

// Whether `link` is an absolute http:// or https:// URL with a host, made only of
// printable characters (no spaces, no control characters anywhere). Nothing is trimmed:
// browsers drop tabs and newlines inside a scheme ("java\tscript:"), so a link carrying
// any is not passed on, not repaired.
bool IsWebLink(absl::string_view link);

// `link` when it is a web link, else `fallback` when that is one, else "".
std::string WebLinkOr(absl::string_view link, absl::string_view fallback);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_WEB_LINK_H_
