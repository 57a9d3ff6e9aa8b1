// Telling a Statuspage page from its home page's HTML (../shared/notes/FORMATS.md §0.3):
// assets on Statuspage's CDN (dka575ofm4ao0.cloudfront.net) or on *.statuspage.io, or
// both the generated <meta name="issued"> stamp and the history.atom alternate link.
#ifndef STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HOME_PAGE_MARKERS_H_
#define STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HOME_PAGE_MARKERS_H_

#include "absl/strings/string_view.h"

namespace statusphere::providers {

bool HasStatuspageMarkers(absl::string_view html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_ATLASSIAN_STATUSPAGE_HOME_PAGE_MARKERS_H_
