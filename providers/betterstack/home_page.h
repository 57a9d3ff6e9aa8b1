// A Better Stack (formerly Better Uptime) status page's home page, for when its index.json
// does not answer. The page is server-rendered; what it shows, by Better Stack's own markup:
//   - `window.cfg = {"base_host": "uptime.betterstack.com" (betteruptime.com before),
//     "controller": "public_status_pages", ...}`: the platform's marker;
//   - the headline (the first <h1>: "All services are online", "Some services are down"),
//     its state the colour of its icon: class text-statuspage-{green,yellow,red,blue}
//     (design v2), or the icon path's fill (v1: #059669, #d97706, #b91c1c, #0369a1, and
//     their dark-mode tones), or `status-page__overview-icon <state>` (the older design);
//   - sections (`data-target="status-pages-v2--sections.section"`) with their name and
//     `section-status-badge` (the worst of their resources), older pages' sections by
//     `status-page__section`;
//   - resources (`data-controller="async--base"`, `data-url=".../r/<page>/<resource>"`),
//     whose name is printed and whose bars are filled in later by that URL: a resource's
//     own state shows only where its icon or its latest bar is coloured.
// No captured home page shows a status report, whose markup is therefore not read.
#ifndef STATUSPHERE_PROVIDERS_BETTERSTACK_HOME_PAGE_H_
#define STATUSPHERE_PROVIDERS_BETTERSTACK_HOME_PAGE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace statusphere::providers {

// The page the home page shows. NOT_FOUND naming `url` when it is not a Better Stack page
// (no window.cfg of its public status pages, no older markup).
absl::StatusOr<ParsedPage> ParseBetterStackHomePage(absl::string_view url, absl::string_view html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_BETTERSTACK_HOME_PAGE_H_
