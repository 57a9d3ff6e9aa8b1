#include "server/notify/component_text.h"

#include "absl/strings/str_cat.h"
#include "common/vocabulary.h"
#include "common/web_link.h"
#include "server/notify/incident_text.h"
#include "server/notify/signature.h"

namespace statusphere::notify {
namespace {

// Higher is worse; a word outside the vocabulary (unknown) ranks above a recovery, since
// the component is not known to be fine.
int Severity(absl::string_view status) {
  if (status == vocabulary::kComponentMajorOutage) return 5;
  if (status == vocabulary::kComponentPartialOutage) return 4;
  if (status == vocabulary::kComponentDegradedPerformance) return 3;
  if (status == vocabulary::kComponentUnderMaintenance) return 2;
  if (status == vocabulary::kComponentOperational) return 0;
  return 1;
}

}  // namespace

std::string ComponentName(const v1::ComponentStatusChange& change) {
  return change.group().empty() ? change.name() : absl::StrCat(change.group(), " / ", change.name());
}

std::string StatusTransition(const v1::ComponentStatusChange& change) {
  return absl::StrCat(change.old_status(), " → ", change.new_status());
}

std::string ComponentLine(const v1::ComponentStatusChange& change) {
  return absl::StrCat(ComponentName(change), ": ", StatusTransition(change));
}

std::string ComponentHeadline(const Notification& n) {
  std::string names;
  for (const v1::ComponentStatusChange& c : n.components->changes()) {
    absl::StrAppend(&names, names.empty() ? "" : ", ", c.name());
  }
  return absl::StrCat("Components changed on ", n.page_name, ": ", names);
}

std::string PageStatusLine(const v1::ComponentChangeEvent& event) {
  return absl::StrCat("Page status: ", event.page_status_before(), " → ", event.page_status_after());
}

std::string WorstNewStatus(const v1::ComponentChangeEvent& event) {
  std::string worst;
  for (const v1::ComponentStatusChange& c : event.changes()) {
    if (worst.empty() || Severity(c.new_status()) > Severity(worst)) worst = c.new_status();
  }
  return worst.empty() ? vocabulary::kComponentOperational : worst;
}

std::string ComponentSummary(const Notification& n) {
  const int count = n.components->changes_size();
  return absl::StrCat(n.page_name, ": ", count, count == 1 ? " component changed" : " components changed");
}

std::string ComponentList(const v1::ComponentChangeEvent& event, const ComponentListStyle& style) {
  std::string out;
  size_t listed = 0;
  for (const v1::ComponentStatusChange& c : event.changes()) {
    if (listed == style.max_lines) break;
    const std::string line = Truncate(ComponentLine(c), style.max_line);
    absl::StrAppend(&out, style.before, style.escape ? style.escape(line) : line, style.after);
    ++listed;
  }
  if (const size_t rest = event.changes_size() - listed; rest > 0) {
    absl::StrAppend(&out, style.before, "and ", rest, rest == 1 ? " more component" : " more components", style.after);
  }
  return out;
}

std::string PageLink(const v1::ComponentChangeEvent& event) { return WebLinkOr(event.status_page_url(), ""); }

std::string ComponentThreadKey(const Notification& n) {
  // Hashed for the reason IncidentThreadKey is; another salt, so that a page's component
  // thread is never an incident's.
  const std::string digest = HmacSha256Hex("statusphere component thread", n.components->status_page_url());
  return absl::StrCat(n.subscription_id.substr(0, 24), "-", digest.substr(0, 32));
}

}  // namespace statusphere::notify
