// Telling a Better Stack (Better Uptime) page without its index.json, by its host.
// Established (other projects' code and docs, no capture): hosted pages live on
// <name>.betteruptime.com or <name>.betterstack.com; custom domains are CNAMEs of
// statuspage.betteruptime.com, which a scraper does not see. No home page's HTML could be
// found, so the home page gives no marker here: links to or assets on those hosts are no
// sign (ordinary sites show the "Better Uptime Website Monitoring" badge from
// betteruptime.com/assets), and a page taken for Better Stack on such a guess would be lost
// to the feed probe that could read it.
#ifndef STATUSPHERE_PROVIDERS_BETTERSTACK_HOSTS_H_
#define STATUSPHERE_PROVIDERS_BETTERSTACK_HOSTS_H_

#include "absl/strings/string_view.h"

namespace statusphere::providers {

// The page URL is on Better Stack's own hosts (not its apex or its app).
bool IsBetterStackHost(absl::string_view page_url);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_BETTERSTACK_HOSTS_H_
