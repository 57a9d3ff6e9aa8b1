#include "providers/atlassian_statuspage/home_page.h"

#include <gumbo.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "providers/atlassian_statuspage/statuspage_api.h"
#include "providers/common/block_text.h"
#include "providers/common/heading.h"
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/printed_time.h"
#include "providers/common/repeated_updates.h"
#include "providers/common/unique_ids.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Component;
using statusphere::v1::Incident;
using statusphere::v1::IncidentEvent;

absl::string_view Attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a == nullptr ? absl::string_view() : absl::string_view(a->value);
}

bool HasClass(const GumboNode* node, absl::string_view name) {
  for (absl::string_view c : absl::StrSplit(Attribute(node, "class"), ' ', absl::SkipEmpty())) {
    if (c == name) return true;
  }
  return false;
}

// The word after `prefix` in the node's classes: "impact-major" -> "major".
std::string ClassSuffix(const GumboNode* node, absl::string_view prefix) {
  for (absl::string_view c : absl::StrSplit(Attribute(node, "class"), ' ', absl::SkipEmpty())) {
    if (absl::ConsumePrefix(&c, prefix)) return std::string(c);
  }
  return "";
}

std::vector<const GumboNode*> Children(const GumboNode* node) {
  std::vector<const GumboNode*> out;
  if (node->type != GUMBO_NODE_ELEMENT) return out;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) out.push_back(static_cast<const GumboNode*>(children.data[i]));
  return out;
}

// Every element below `root` (itself included) in document order, without recursion.
std::vector<const GumboNode*> Elements(const GumboNode* root) {
  std::vector<const GumboNode*> out, pending = {root};
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    out.push_back(node);
    const std::vector<const GumboNode*> children = Children(node);
    for (auto it = children.rbegin(); it != children.rend(); ++it) pending.push_back(*it);
  }
  return out;
}

const GumboNode* FirstWithClass(const GumboNode* root, absl::string_view name) {
  for (const GumboNode* e : Elements(root)) {
    if (HasClass(e, name)) return e;
  }
  return nullptr;
}

std::string CleanText(const GumboNode* node) { return TidyText(NodeText(node)); }

std::string ComponentStatusOf(const GumboNode* component) {
  const std::string status(Attribute(component, "data-component-status"));
  if (vocabulary::IsComponentStatus(status)) return status;
  // Older pages say it by colour only.
  const std::string colour = ClassSuffix(component, "status-");
  if (colour == "green") return vocabulary::kComponentOperational;
  if (colour == "yellow") return vocabulary::kComponentDegradedPerformance;
  if (colour == "orange") return vocabulary::kComponentPartialOutage;
  if (colour == "red") return vocabulary::kComponentMajorOutage;
  if (colour == "blue") return vocabulary::kComponentUnderMaintenance;
  return "unknown";
}

std::string ComponentName(const GumboNode* component) {
  const GumboNode* name = FirstWithClass(component, "name");
  return name == nullptr ? "" : CleanText(name);
}

// Placeholder rows some pages add ("Visit www.githubstatus.com for more information").
bool IsPlaceholder(const std::string& name) {
  return absl::StartsWith(name, "Visit ") && absl::StrContains(name, "for more information");
}

bool IsComponentRow(const GumboNode* node) {
  return HasClass(node, "component-inner-container") && !Attribute(node, "data-component-id").empty();
}

// The row heading a group of components: the first row directly in a container that is a
// group, by the platform's markers (the "is-group" class, the opener hook of its row, or
// its own container of children: themes keep some and not others).
const GumboNode* GroupHeader(const GumboNode* container) {
  if (!HasClass(container, "component-container")) return nullptr;
  const GumboNode* first_row = nullptr;
  bool has_children_container = false;
  for (const GumboNode* child : Children(container)) {
    if (first_row == nullptr && IsComponentRow(child)) first_row = child;
    has_children_container = has_children_container || HasClass(child, "child-components-container");
  }
  if (first_row == nullptr) return nullptr;
  const bool group = HasClass(container, "is-group") || has_children_container ||
                     Attribute(first_row, "data-js-hook") == "component-group-opener";
  return group ? first_row : nullptr;
}

// Every component row of the page, with the name of the group it is in. A row is a
// component unless it heads a group; rows are read wherever they sit (a theme that nests
// them deeper, or inside another row, still shows them), once each.
std::vector<Component> ParseComponents(const GumboNode* root) {
  std::vector<Component> components;
  std::set<std::string> seen;
  // (element, its group's name), walked in document order.
  std::vector<std::pair<const GumboNode*, std::string>> pending = {{root, ""}};
  std::set<const GumboNode*> group_headers;
  while (!pending.empty()) {
    auto [node, group] = pending.back();
    pending.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    if (const GumboNode* header = GroupHeader(node)) {
      group_headers.insert(header);
      group = ComponentName(header);
    }
    const bool header = group_headers.count(node) > 0 || Attribute(node, "data-js-hook") == "component-group-opener";
    if (IsComponentRow(node) && !header) {
      Component c;
      c.set_id(std::string(Attribute(node, "data-component-id")));
      c.set_name(ComponentName(node));
      c.set_status(ComponentStatusOf(node));
      c.set_group(group);
      if (!c.name().empty() && !IsPlaceholder(c.name()) && seen.insert(c.id()).second)
        components.push_back(std::move(c));
    }
    const std::vector<const GumboNode*> children = Children(node);
    for (auto it = children.rbegin(); it != children.rend(); ++it) pending.emplace_back(*it, group);
  }
  return components;
}

// An update's lifecycle word from its heading ("Investigating", "In progress"), or
// "update" for "Update" and anything unknown.
std::string StatusOfHeading(const std::string& heading) {
  std::string s = absl::AsciiStrToLower(heading);
  std::replace(s.begin(), s.end(), ' ', '_');
  return vocabulary::IsLifecycleStatus(s) ? s : vocabulary::kLifecycleUpdate;
}

// The update's body: its text without the heading and the time, line breaks kept.
std::string UpdateBody(const GumboNode* update) {
  std::string raw;
  for (const GumboNode* child : Children(update)) {
    if (child->type == GUMBO_NODE_ELEMENT) {
      const GumboTag tag = child->v.element.tag;
      if (tag == GUMBO_TAG_STRONG || tag == GUMBO_TAG_SMALL) continue;
    }
    AppendTextWithBreaks(child, raw);
  }
  std::string text = TidyText(raw);
  absl::string_view body = text;
  absl::ConsumePrefix(&body, "-");  // "<strong>Update</strong> - body"
  return std::string(absl::StripLeadingAsciiWhitespace(body));
}

// What the page says about its own time: when it was rendered (<meta name="issued">), and
// the offsets of the zone abbreviations it prints, learnt where it prints a moment both as
// epoch seconds and in its zone (a maintenance window's start, data-unix-time). A learnt
// offset is exact for this page, even for an abbreviation several zones share (CST) or one
// the table of printed_time.h lacks; the table covers the rest.
struct PageClock {
  std::optional<absl::Time> issued;
  std::map<std::string, int> learnt_zones;

  std::optional<int> ZoneOf(const PrintedRange& printed) const {
    if (auto learnt = learnt_zones.find(printed.zone); learnt != learnt_zones.end()) return learnt->second;
    return printed.zone_minutes;
  }
};

// The stamp an update prints below its text ("Jan 12, 16:04 UTC", "Posted on Jan 19,
// 15:49 CET"), when its <small> reads as one moment.
std::optional<PrintedRange> PrintedStamp(const GumboNode* update) {
  for (const GumboNode* e : Elements(update)) {
    if (e->v.element.tag != GUMBO_TAG_SMALL) continue;
    std::optional<PrintedRange> stamp = ParsePrintedRange(CleanText(e));
    if (stamp && !stamp->end) return stamp;
  }
  return std::nullopt;
}

// When an update was posted: the epoch milliseconds in <span class="ago"
// data-datetime-unix>; else its printed stamp, whose year is the one that puts it at or
// before `newer` (the page's render time, <meta name="issued">, for the first update of
// the list; the update above it for the others, the list being newest first); else, when
// the stamp does not read (an unknown zone), `newer` itself, the latest it can have been.
absl::StatusOr<absl::Time> UpdateTime(const GumboNode* update, const PageClock& clock,
                                      std::optional<absl::Time> newer) {
  for (const GumboNode* e : Elements(update)) {
    const absl::string_view unix_ms = Attribute(e, "data-datetime-unix");
    if (unix_ms.empty()) continue;
    int64_t ms = 0;
    if (!absl::SimpleAtoi(unix_ms, &ms)) {
      return absl::InvalidArgumentError(absl::StrCat("data-datetime-unix '", unix_ms, "' is not a number"));
    }
    const absl::Time t = absl::FromUnixMillis(ms);
    if (!IsPlausibleTime(t))
      return absl::InvalidArgumentError(absl::StrCat("data-datetime-unix '", unix_ms, "' is absurd"));
    return t;
  }
  std::optional<PrintedRange> stamp = PrintedStamp(update);
  const std::optional<int> zone = stamp ? clock.ZoneOf(*stamp) : std::nullopt;
  if (zone && (newer || stamp->start.year)) {
    std::optional<PlacedRange> placed =
        PlaceRange(*stamp, *zone, newer.value_or(absl::InfiniteFuture()), YearChoice::kAtOrBefore);
    if (placed) return placed->start;
  }
  if (newer) return *newer;
  return absl::InvalidArgumentError("an update has no time (no data-datetime-unix, no <meta name=\"issued\">)");
}

// The zone a window is printed in, from its start printed both ways: as epoch seconds
// (data-unix-time) and in the page's zone ("Jan 30, 22:00"). Exact whatever the
// abbreviation, even one several zones share or none this parser knows.
std::optional<int> ZoneOfPrintedStart(const PrintedMoment& printed, absl::Time start) {
  if (!printed.month || !printed.day) return std::nullopt;
  const int64_t year = absl::ToCivilYear(start, absl::UTCTimeZone()).year();
  for (int64_t y : {year - 1, year, year + 1}) {
    const absl::CivilMinute civil(y, *printed.month, *printed.day, printed.hour, printed.minute);
    if (civil.day() != *printed.day) continue;
    const absl::Duration offset = absl::FromCivil(civil, absl::UTCTimeZone()) - start;
    if (absl::AbsDuration(offset) <= absl::Hours(14) && offset % absl::Minutes(15) == absl::ZeroDuration()) {
      return static_cast<int>(offset / absl::Minutes(1));
    }
  }
  return std::nullopt;
}

// A maintenance's window as its title row prints it on the home page: "Jan 30, 22:00 - Jan
// 31, 06:00 CET" (or "Jan 24, 00:00-03:00 UTC", "22:00 - 06:00"), the start also as epoch
// seconds in data-unix-time. In UTC on the incident; left unset when the row prints none,
// or prints it in a zone that is unknown and not given by data-unix-time.
absl::Status SetScheduledWindow(const GumboNode* block, const PageClock& clock, Incident& i) {
  const GumboNode* row = nullptr;
  std::optional<absl::Time> unix_start;
  for (const GumboNode* e : Elements(block)) {
    const absl::string_view seconds = Attribute(e, "data-unix-time");
    if (!seconds.empty()) {
      int64_t s = 0;
      if (!absl::SimpleAtoi(seconds, &s) || !IsPlausibleTime(absl::FromUnixSeconds(s))) {
        return absl::InvalidArgumentError(absl::StrCat("data-unix-time '", seconds, "' is not a time"));
      }
      unix_start = absl::FromUnixSeconds(s);
      row = e;
      break;
    }
    if (row == nullptr && HasClass(e, "incident-title")) {
      for (const GumboNode* small : Elements(e)) {
        if (small->v.element.tag == GUMBO_TAG_SMALL) row = small;
      }
    }
  }
  if (row == nullptr) return absl::OkStatus();
  std::optional<PrintedRange> window = ParsePrintedRange(CleanText(row));
  if (unix_start) *i.mutable_scheduled_start_time() = ToProto(*unix_start);
  if (!window) return absl::OkStatus();
  std::optional<int> zone = unix_start ? ZoneOfPrintedStart(window->start, *unix_start) : std::nullopt;
  if (!zone) zone = clock.ZoneOf(*window);
  const std::optional<absl::Time> reference = unix_start ? unix_start : clock.issued;
  if (!zone || !reference) return absl::OkStatus();
  std::optional<PlacedRange> placed = PlaceRange(*window, *zone, *reference, YearChoice::kNearest);
  if (!placed) return absl::OkStatus();
  *i.mutable_scheduled_start_time() = ToProto(unix_start.value_or(placed->start));
  if (placed->end && *placed->end >= FromProto(i.scheduled_start_time())) {
    *i.mutable_scheduled_end_time() = ToProto(*placed->end);
  }
  return absl::OkStatus();
}

absl::StatusOr<Incident> ParseIncident(absl::string_view page_url, const GumboNode* block, bool maintenance,
                                       const PageClock& clock) {
  Incident i;
  // The title links to /incidents/<code>, the code being the API's id.
  for (const GumboNode* e : Elements(block)) {
    if (e->v.element.tag != GUMBO_TAG_A) continue;
    absl::string_view href = Attribute(e, "href");
    const size_t at = href.find("/incidents/");
    if (at == absl::string_view::npos) continue;
    const absl::string_view code = href.substr(at + 11, href.find_first_of("/?#", at + 11) - at - 11);
    if (code.empty()) continue;
    i.set_id(std::string(code));
    i.set_title(CleanText(e));
    i.set_deep_link(absl::StartsWith(href, "http") ? std::string(href) : absl::StrCat(page_url, "/incidents/", code));
    break;
  }
  if (i.id().empty()) return absl::InvalidArgumentError("an incident has no link to /incidents/<code>");
  auto error = [&](const absl::Status& s) {
    return absl::InvalidArgumentError(absl::StrCat("incident '", i.id(), "': ", s.message()));
  };
  const std::string impact = ClassSuffix(block, "impact-");
  i.set_impact(maintenance                    ? vocabulary::kImpactMaintenance
               : vocabulary::IsImpact(impact) ? impact
                                              : vocabulary::kImpactNone);
  if (maintenance) {
    if (absl::Status window = SetScheduledWindow(block, clock, i); !window.ok()) return error(window);
  }
  // Newest first: each update's printed stamp is at or before the one above it.
  std::optional<absl::Time> newer = clock.issued;
  for (const GumboNode* e : Elements(block)) {
    if (!HasClass(e, "update")) continue;
    IncidentEvent event;
    for (const GumboNode* child : Children(e)) {
      if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_STRONG) {
        event.set_title(CleanText(child));
        break;
      }
    }
    event.set_status(StatusOfHeading(event.title()));
    if (event.title().empty()) event.set_title(HeadingOf(""));
    event.set_description(UpdateBody(e));
    absl::StatusOr<absl::Time> at = UpdateTime(e, clock, newer);
    if (!at.ok()) return error(at.status());
    newer = *at;
    *event.mutable_time() = ToProto(*at);
    *i.add_events() = std::move(event);
  }
  if (i.events_size() == 0) return error(absl::InvalidArgumentError("no updates"));
  std::stable_sort(
      i.mutable_events()->begin(), i.mutable_events()->end(),
      [](const IncidentEvent& a, const IncidentEvent& b) { return FromProto(a.time()) > FromProto(b.time()); });
  // The newest update that names a stage is where it stands ("Update" names none).
  i.set_status(maintenance ? vocabulary::kLifecycleScheduled : vocabulary::kLifecycleInvestigating);
  for (const IncidentEvent& e : i.events()) {
    if (e.status() != vocabulary::kLifecycleUpdate) {
      i.set_status(e.status());
      break;
    }
  }
  *i.mutable_start_time() = i.events(i.events_size() - 1).time();
  KeepRepeatedUpdatesApart(i);  // the same words posted twice in one minute are two updates
  return i;
}

}  // namespace

absl::StatusOr<ParsedPage> ParseStatuspageHomePage(absl::string_view page_url, absl::string_view url,
                                                   absl::string_view html) {
  const HtmlDocument document(html);
  if (!document.status().ok())
    return absl::Status(document.status().code(), absl::StrCat(url, ": ", document.status().message()));
  const GumboNode* root = document.output().root;
  PageClock clock;
  bool is_home_page = false;
  std::vector<std::pair<const GumboNode*, bool>> blocks;  // incident or maintenance
  for (const GumboNode* e : Elements(root)) {
    if (e->v.element.tag == GUMBO_TAG_META && Attribute(e, "name") == "issued") {
      int64_t seconds = 0;
      if (absl::SimpleAtoi(Attribute(e, "content"), &seconds) && IsPlausibleTime(absl::FromUnixSeconds(seconds))) {
        clock.issued = absl::FromUnixSeconds(seconds);
      }
    }
    if (const absl::string_view seconds = Attribute(e, "data-unix-time"); !seconds.empty()) {
      int64_t s = 0;
      std::optional<PrintedRange> printed = ParsePrintedRange(CleanText(e));
      std::optional<int> zone;
      if (absl::SimpleAtoi(seconds, &s) && printed && !printed->zone.empty() &&
          (zone = ZoneOfPrintedStart(printed->start, absl::FromUnixSeconds(s)))) {
        clock.learnt_zones.emplace(printed->zone, *zone);
      }
    }
    if (HasClass(e, "page-status") || HasClass(e, "components-container") || HasClass(e, "unresolved-incidents")) {
      is_home_page = true;
    }
    if (HasClass(e, "scheduled-maintenance")) {
      blocks.emplace_back(e, true);
    } else if (HasClass(e, "unresolved-incident")) {
      blocks.emplace_back(e, ClassSuffix(e, "impact-") == "maintenance");
    }
  }
  if (!is_home_page)
    return absl::NotFoundError(
        absl::StrCat(url, ": not a Statuspage home page (no page status, components or incidents)"));
  ParsedPage page;
  page.components = ParseComponents(root);
  for (const auto& [block, maintenance] : blocks) {
    absl::StatusOr<Incident> incident = ParseIncident(page_url, block, maintenance, clock);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(url, ": ", incident.status().message()));
    page.incidents.push_back(std::move(*incident));
  }
  // Rendered from the same data as summary.json: every unresolved incident, every
  // maintenance upcoming or running.
  page.lists_every_open_incident = true;
  return RequireUniqueIncidentIds(url, std::move(page));
}

absl::StatusOr<ParsedPage> StatuspageApiOrHomePage(absl::string_view page_url, const Documents& documents) {
  absl::StatusOr<ParsedPage> api = ParseStatuspageApi(page_url, documents);
  const Document* home = documents.Find(kStatuspageHomeRole);
  if (home == nullptr) return api;
  bool api_given = false;  // a saved home page may be parsed alone
  for (absl::string_view role : {kSummaryRole, kIncidentsRole, kScheduledMaintenancesRole}) {
    api_given = api_given || documents.Find(role) != nullptr;
  }
  if (!api_given) return ParseStatuspageHomePage(page_url, home->url, home->body);
  // The home page shows nothing summary.json does not: with the API it is not read.
  if (api.ok()) return api;
  if (home->http_status != 200) {
    return absl::UnavailableError(
        absl::StrCat(api.status().message(), "; the home page instead: ", home->url, ": ", OutcomeOf(*home)));
  }
  absl::StatusOr<ParsedPage> from_home = ParseStatuspageHomePage(page_url, home->url, home->body);
  if (!from_home.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(api.status().message(), "; the home page instead: ", from_home.status().message()));
  }
  return from_home;
}

}  // namespace statusphere::providers
