// What a StatusCast page's HTML shows, read by the platform's own markup rather than by
// positions (themes rearrange widgets, rename their titles and hide some):
//   - incident lists (widget-incidentlist): each incident an element of class `incident-body
//     incident-type-<type> incident-status-<status>`, its link `/incident/<id>`, its
//     `incident-date`, its component badges (`badge-component`, `acdirectly` for a component
//     the incident names, `acsecondary` for those related to it in the tree), then its
//     updates (`incident-update-body`: `incident-update-when`, `incident-update-text` opening
//     with `<span class="incident-status status-<status>">[closed]</span>`). An incident's own
//     page (/incident/<id>) carries the same markup with every update.
//   - the history grid (table.historygrid): one row per component (`data-id`, `data-pid` its
//     parent, 0 for a root), one cell per day with `<i class="fa component-<state>">`, the
//     day in `data-start` where an event happened.
//   - the status list (`status-list-component-status-text component-<state>`): a component's
//     live state, its text the state's name ("Normal").
//   - the current status (`current-status-comp-status-text`): the page's overall state.
#ifndef STATUSPHERE_PROVIDERS_STATUSCAST_PAGE_HTML_H_
#define STATUSPHERE_PROVIDERS_STATUSCAST_PAGE_HTML_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusphere::providers {

struct StatusCastUpdate {
  std::string status;  // the class word: "closed", "inprogress", "upcoming"
  std::string label;   // the word as printed, brackets removed: "in progress"
  std::string text;
  std::optional<absl::Time> time;
};

struct StatusCastIncident {
  std::string id;    // from /incident/<id>; empty when the entry links nowhere
  std::string href;  // the link as written
  std::string title;
  std::string type;    // incident-type-<type>: "serviceunavailable", "scheduledmaintenance", ...
  std::string status;  // incident-status-<status>: "closed", "inprogress", "future", ...
  std::optional<absl::Time> date;
  std::vector<std::string> named_components;    // acdirectly (every badge when none is marked)
  std::vector<std::string> related_components;  // acsecondary
  std::vector<StatusCastUpdate> updates;        // as listed
};

struct StatusCastGridRow {
  std::string id;
  std::string parent_id;  // "0" or empty for a root
  std::string name;
  std::string today;  // the newest day's state word ("available", "unavailable", ...)
};

struct StatusCastListedComponent {
  std::string id;  // the row's data-id when it has one, else the name
  std::string name;
  std::string state;  // the component-<state> word
};

struct StatusCastPage {
  std::vector<StatusCastIncident> incidents;
  std::vector<StatusCastGridRow> grid;
  std::vector<StatusCastListedComponent> listed;
  std::string current_status;  // the current-status widget's text; empty without one
  int incident_lists = 0;      // widget-incidentlist elements
  bool has_markup = false;     // any of the widgets above
};

// The page's widgets. INVALID_ARGUMENT naming `url` when a stamp cannot be read (a page
// must not be half read), RESOURCE_EXHAUSTED when the HTML is over the parse budget.
absl::StatusOr<StatusCastPage> ReadStatusCastPage(absl::string_view url, absl::string_view html);

// Cheap test before a parse: StatusCast's name appears in every page it serves (its asset
// host statuscast*.blob.core.windows.net, its meta tags, "powered by StatusCast").
bool MentionsStatusCast(absl::string_view html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STATUSCAST_PAGE_HTML_H_
