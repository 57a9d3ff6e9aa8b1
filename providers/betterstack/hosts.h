// Telling a Better Stack (Better Uptime) page without its index.json, by its host.
// Established (other projects' code and docs, no capture): hosted pages live on
// <name>.betteruptime.com or <name>.betterstack.com; custom domains are CNAMEs of
// statuspage.betteruptime.com, which a scraper does not see. A custom domain is told by
// its home page's window.cfg instead (home_page.h): links to or assets on those hosts are
// no sign (ordinary sites show the "Better Uptime Website Monitoring" badge).
#ifndef STATUSPHERE_PROVIDERS_BETTERSTACK_HOSTS_H_
#define STATUSPHERE_PROVIDERS_BETTERSTACK_HOSTS_H_

#include "absl/strings/string_view.h"

namespace statusphere::providers {

// The page URL is on Better Stack's own hosts (not its apex or its app).
bool IsBetterStackHost(absl::string_view page_url);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_BETTERSTACK_HOSTS_H_
