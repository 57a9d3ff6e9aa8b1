// The pieces of a component.changed notification that every target kind words the same way
// (the headline, each component's "old → new" line, the page's status before and after, the
// worst new status, the thread a page's changes share), before each kind applies its own
// markup and escaping: incident_text.h's counterpart for component events.
#ifndef STATUSPHERE_SERVER_NOTIFY_COMPONENT_TEXT_H_
#define STATUSPHERE_SERVER_NOTIFY_COMPONENT_TEXT_H_

#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

// "Core / API", or "API" when the component has no group.
std::string ComponentName(const v1::ComponentStatusChange& change);

// "operational → major_outage".
std::string StatusTransition(const v1::ComponentStatusChange& change);

// "Core / API: operational → major_outage".
std::string ComponentLine(const v1::ComponentStatusChange& change);

// "Components changed on Asana: API, Web".
std::string ComponentHeadline(const Notification& n);

// "Page status: UP → DEGRADED".
std::string PageStatusLine(const v1::ComponentChangeEvent& event);

// The most severe new status of the event's components: major_outage, partial_outage,
// degraded_performance, under_maintenance, then any other word (unknown), then
// operational: "operational" means every listed component recovered.
std::string WorstNewStatus(const v1::ComponentChangeEvent& event);

// "Asana: 2 components changed" ("1 component changed").
std::string ComponentSummary(const Notification& n);

// How one kind writes the list of changed components: each line is `before`, the escaped
// ComponentLine (cut to `max_line` bytes before escaping) and `after`. Past `max_lines`
// components one last line says how many more there are, so that a page changing a
// hundred components at once still fits the platform's message limit.
struct ComponentListStyle {
  std::function<std::string(absl::string_view)> escape;  // empty: plain text, as written
  absl::string_view before;
  absl::string_view after;
  size_t max_lines = 25;
  size_t max_line = 200;
};
std::string ComponentList(const v1::ComponentChangeEvent& event, const ComponentListStyle& style);

// The page's link as a reader may follow it (an absolute http(s) URL), else "".
std::string PageLink(const v1::ComponentChangeEvent& event);

// Stable across every component event of one page for one subscription: Google Chat's
// thread key and the mail thread's root. A page's changes are one story (a component turns
// red, a second follows, both recover), told in order per page; keying on the set of
// components instead would split that story whenever the set changed.
// Printable ASCII ([a-z0-9_-]), at most 60 characters.
std::string ComponentThreadKey(const Notification& n);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_COMPONENT_TEXT_H_
