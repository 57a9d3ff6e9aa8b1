#include "providers/statuscast/page_html.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "providers/common/html_document.h"
#include "providers/common/html_element.h"
#include "providers/common/html_text.h"
#include "providers/statuscast/stamp.h"

namespace statusphere::providers {
namespace {

std::string Text(const GumboNode* node) { return TidyText(NodeText(node)); }

// An update's text: its paragraphs and line breaks kept, the status label (`skip`) left out.
std::string BlockText(const GumboNode* root, const GumboNode* skip) {
  std::string out;
  std::vector<std::pair<const GumboNode*, bool>> pending = {{root, false}};  // node, closing
  while (!pending.empty()) {
    auto [node, closing] = pending.back();
    pending.pop_back();
    if (node == skip) continue;
    if (node->type == GUMBO_NODE_TEXT) {
      out += node->v.text.text;
      continue;
    }
    if (node->type == GUMBO_NODE_WHITESPACE) {
      out += ' ';
      continue;
    }
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag tag = node->v.element.tag;
    const bool block = tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_LI || tag == GUMBO_TAG_BR ||
                       tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_TR;
    if (closing) {
      if (block) out += '\n';
      continue;
    }
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE) continue;
    if (block) out += '\n';
    pending.emplace_back(node, true);
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      pending.emplace_back(static_cast<const GumboNode*>(children.data[i - 1]), false);
    }
  }
  return TidyText(out);
}

// "/incident/375748", "https://host/incident/375748?x": the id.
std::string IncidentIdOf(absl::string_view href) {
  const size_t at = href.find("/incident/");
  if (at == absl::string_view::npos) return "";
  absl::string_view rest = href.substr(at + 10);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  return std::string(absl::StripAsciiWhitespace(rest));
}

absl::Status ReadIncidentBody(const GumboNode* body, StatusCastIncident& incident) {
  incident.type = ClassSuffix(body, "incident-type-");
  incident.status = ClassSuffix(body, "incident-status-");
  std::string heading;
  std::vector<std::string> all_badges;
  absl::Status status;
  ForEachElementUnder(body, [&](const GumboNode* n) {
    if (n->v.element.tag == GUMBO_TAG_A && incident.href.empty()) {
      std::string id = IncidentIdOf(ElementAttribute(n, "href"));
      if (!id.empty()) {
        incident.href = std::string(ElementAttribute(n, "href"));
        incident.id = std::move(id);
        incident.title = Text(n);
      }
    }
    if (HasClass(n, "incident-title") && heading.empty()) heading = Text(n);
    if (HasClass(n, "incident-date") && !incident.date && status.ok()) {
      const std::string date = Text(n);
      if (!date.empty()) {
        absl::StatusOr<absl::Time> at = ParseStatusCastStamp(date);
        if (at.ok())
          incident.date = *at;
        else
          status = at.status();
      }
    }
    if (HasClass(n, "badge-component") && !HasClass(n, "badge-component-more")) {
      const std::string name = Text(n);
      if (name.empty()) return false;
      all_badges.push_back(name);
      if (HasClass(n, "acdirectly"))
        incident.named_components.push_back(name);
      else if (HasClass(n, "acsecondary"))
        incident.related_components.push_back(name);
    }
    return true;
  });
  // A theme whose title is no link still prints the heading.
  if (incident.title.empty()) incident.title = heading;
  if (incident.named_components.empty()) {
    incident.named_components = all_badges;
    incident.related_components.clear();
  }
  return status;
}

absl::Status ReadUpdate(const GumboNode* node, StatusCastUpdate& update) {
  const GumboNode* label = nullptr;
  const GumboNode* text = nullptr;
  absl::Status status;
  ForEachElementUnder(node, [&](const GumboNode* n) {
    if (HasClass(n, "incident-update-when") && !update.time && status.ok()) {
      const std::string when = Text(n);
      if (!when.empty()) {
        absl::StatusOr<absl::Time> at = ParseStatusCastStamp(when);
        if (at.ok())
          update.time = *at;
        else
          status = at.status();
      }
    }
    if (HasClass(n, "incident-update-text") && text == nullptr) text = n;
    if (HasClass(n, "incident-status") && label == nullptr) label = n;
    return true;
  });
  if (label != nullptr) {
    update.status = ClassSuffix(label, "status-");
    std::string printed = Text(label);
    absl::string_view word = absl::StripAsciiWhitespace(printed);
    absl::ConsumePrefix(&word, "[");
    absl::ConsumeSuffix(&word, "]");
    update.label = std::string(absl::StripAsciiWhitespace(word));
    if (update.status.empty()) {
      update.status = absl::AsciiStrToLower(update.label);
      update.status.erase(std::remove(update.status.begin(), update.status.end(), ' '), update.status.end());
    }
  }
  update.text = BlockText(text != nullptr ? text : node, label);
  return status;
}

void ReadGrid(const GumboNode* table, std::vector<StatusCastGridRow>& rows) {
  struct Row {
    StatusCastGridRow row;
    std::vector<std::string> days;  // each day cell's state, in column order
  };
  std::vector<Row> read;
  // (column, day) of the cells that carry their day, to tell which end is today.
  std::map<size_t, std::string> day_of_column;
  ForEachElementUnder(table, [&](const GumboNode* tr) {
    if (tr->v.element.tag != GUMBO_TAG_TR || ElementAttribute(tr, "data-id").empty()) return true;
    Row r;
    r.row.id = std::string(ElementAttribute(tr, "data-id"));
    r.row.parent_id = std::string(ElementAttribute(tr, "data-pid"));
    bool first_cell = true;
    const GumboVector& cells = tr->v.element.children;
    for (unsigned i = 0; i < cells.length; ++i) {
      const auto* td = static_cast<const GumboNode*>(cells.data[i]);
      if (td->type != GUMBO_NODE_ELEMENT || td->v.element.tag != GUMBO_TAG_TD) continue;
      if (first_cell) {
        first_cell = false;
        // The name: the text link (the icon's link has only an image), else the cell's text.
        ForEachElementUnder(td, [&](const GumboNode* n) {
          if (r.row.name.empty() && n->v.element.tag == GUMBO_TAG_A) r.row.name = Text(n);
          return r.row.name.empty();
        });
        if (r.row.name.empty()) r.row.name = Text(td);
        continue;
      }
      std::string state;
      ForEachElementUnder(td, [&](const GumboNode* n) {
        if (state.empty()) state = ClassSuffix(n, "component-");
        return state.empty();
      });
      if (state.empty()) continue;  // the navigation columns
      if (absl::string_view start = ElementAttribute(td, "data-start"); !start.empty()) {
        day_of_column[r.days.size()] = std::string(start.substr(0, 10));
      }
      r.days.push_back(std::move(state));
    }
    read.push_back(std::move(r));
    return false;  // a row's cells are read with it
  });
  // StatusCast puts today first; a theme may reverse the columns: the days the cells carry
  // say which end is the newest.
  bool newest_last = false;
  if (day_of_column.size() >= 2) {
    newest_last = day_of_column.begin()->second < day_of_column.rbegin()->second;
  } else if (day_of_column.size() == 1) {
    absl::string_view end = ElementAttribute(table, "data-enddate");
    absl::StatusOr<absl::Time> last = ParseStatusCastStamp(end);
    absl::StatusOr<absl::Time> only = ParseStatusCastStamp(day_of_column.begin()->second);
    const bool is_newest =
        last.ok() && only.ok() &&
        absl::FormatTime("%F", *last, absl::UTCTimeZone()) == absl::FormatTime("%F", *only, absl::UTCTimeZone());
    // One dated column: the newest end if it is the table's last day, else the other end.
    newest_last = (day_of_column.begin()->first != 0) == is_newest;
  }
  for (Row& r : read) {
    if (!r.days.empty()) r.row.today = newest_last ? r.days.back() : r.days.front();
    rows.push_back(std::move(r.row));
  }
}

// A status-list entry's name: the nearest enclosing element whose text is more than the
// state's own (themes wrap name and state differently).
StatusCastListedComponent ReadListed(const GumboNode* state) {
  StatusCastListedComponent out;
  out.state = ClassSuffix(state, "component-");
  const std::string state_text = Text(state);
  const GumboNode* n = state->parent;
  for (int depth = 0; n != nullptr && n->type == GUMBO_NODE_ELEMENT && depth < 4; ++depth, n = n->parent) {
    if (out.id.empty()) {
      for (const char* attr : {"data-id", "data-component-id", "data-component"}) {
        if (!ElementAttribute(n, attr).empty()) {
          out.id = std::string(ElementAttribute(n, attr));
          break;
        }
      }
    }
    std::string text = Text(n);
    if (absl::EndsWith(text, state_text))
      text.resize(text.size() - state_text.size());
    else if (absl::StartsWith(text, state_text))
      text.erase(0, state_text.size());
    text = TidyText(text);
    if (!text.empty()) {
      out.name = std::move(text);
      break;
    }
  }
  if (out.id.empty()) out.id = out.name;
  return out;
}

}  // namespace

bool MentionsStatusCast(absl::string_view html) {
  constexpr absl::string_view kName = "statuscast";
  // Anchored on the letters that cannot vary, so that most of the page is skipped by find.
  for (size_t at = html.find_first_of("sS"); at != absl::string_view::npos && at + kName.size() <= html.size();
       at = html.find_first_of("sS", at + 1)) {
    if (absl::EqualsIgnoreCase(html.substr(at, kName.size()), kName)) return true;
  }
  return false;
}

absl::StatusOr<StatusCastPage> ReadStatusCastPage(absl::string_view url, absl::string_view html) {
  HtmlDocument document(html);
  if (!document.status().ok()) {
    return absl::Status(document.status().code(), absl::StrCat(url, ": ", document.status().message()));
  }
  StatusCastPage page;
  // The incident the updates that follow belong to (an index: the list grows).
  std::optional<size_t> current;
  absl::Status status;
  ForEachElement(document, [&](const GumboNode* n) {
    if (HasClass(n, "widget") || HasClass(n, "incident-row")) current.reset();
    if (HasClass(n, "widget-incidentlist")) {
      ++page.incident_lists;
      page.has_markup = true;
    }
    if (HasClass(n, "incident-body")) {
      page.has_markup = true;
      current = page.incidents.size();
      page.incidents.emplace_back();
      status.Update(ReadIncidentBody(n, page.incidents.back()));
    } else if (HasClass(n, "incident-update-body") && current.has_value()) {
      std::vector<StatusCastUpdate>& updates = page.incidents[*current].updates;
      updates.emplace_back();
      status.Update(ReadUpdate(n, updates.back()));
    } else if (n->v.element.tag == GUMBO_TAG_TABLE && HasClass(n, "historygrid")) {
      page.has_markup = true;
      ReadGrid(n, page.grid);
    } else if (HasClass(n, "status-list-component-status-text")) {
      page.has_markup = true;
      page.listed.push_back(ReadListed(n));
    } else if (HasClass(n, "current-status-comp-status-text") && page.current_status.empty()) {
      page.has_markup = true;
      page.current_status = Text(n);
    }
    return status.ok();
  });
  if (!status.ok()) return absl::InvalidArgumentError(absl::StrCat(url, ": ", status.message()));
  return page;
}

}  // namespace statusphere::providers
