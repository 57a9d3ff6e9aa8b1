// Telling a Better Stack (Better Uptime) page without its index.json. Established (other
// projects' code and docs, no capture): hosted pages live on <name>.betteruptime.com or
// <name>.betterstack.com, and custom domains are CNAMEs of statuspage.betteruptime.com.
// Assumed, as no home page's HTML could be found: the page loads assets from, or links to,
// those hosts ("Powered by Better Stack").
#ifndef STATUSPHERE_PROVIDERS_BETTERSTACK_HOME_PAGE_MARKERS_H_
#define STATUSPHERE_PROVIDERS_BETTERSTACK_HOME_PAGE_MARKERS_H_

#include "absl/strings/string_view.h"

namespace statusphere::providers {

// The page URL is on Better Stack's own hosts.
bool IsBetterStackHost(absl::string_view page_url);

// The home page's HTML (read with the HTML parser) has a src or href on those hosts.
bool HasBetterStackMarkers(absl::string_view html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_BETTERSTACK_HOME_PAGE_MARKERS_H_
