#include "providers/feed/feed_parser.h"

#include <gumbo.h>

#include <map>
#include <pugixml.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/proto_time.h"
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/utf8.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Incident;
using statusphere::v1::IncidentEvent;

constexpr size_t kMaxItems = 5000;

// Zone abbreviations status pages print, in minutes east of UTC.
const std::map<std::string, int>& ZoneOffsets() {
  static const auto* zones = new std::map<std::string, int>{
      {"UTC", 0},    {"GMT", 0},    {"Z", 0},      {"PST", -480}, {"PDT", -420}, {"MST", -420}, {"MDT", -360},
      {"CST", -360}, {"CDT", -300}, {"EST", -300}, {"EDT", -240}, {"BST", 60},   {"CET", 60},   {"CEST", 120},
      {"EET", 120},  {"EEST", 180}, {"IST", 330},  {"JST", 540},  {"KST", 540},  {"AEST", 600}, {"AEDT", 660}};
  return *zones;
}

std::optional<int> MonthNumber(absl::string_view name) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string lower = absl::AsciiStrToLower(name.substr(0, 3));
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i]) return i + 1;
  }
  return std::nullopt;
}

std::string Collapse(absl::string_view text) {
  std::vector<absl::string_view> words = absl::StrSplit(text, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
  return absl::StrJoin(words, " ");
}

// "Jun 8, 19:13 UTC" (no year): the year is the one that puts the update closest before
// the item's own date.
std::optional<absl::Time> ParseUpdateStamp(absl::string_view stamp, absl::Time item_time) {
  std::vector<std::string> parts = absl::StrSplit(Collapse(stamp), ' ');
  if (parts.size() != 4) return std::nullopt;
  std::optional<int> month = MonthNumber(parts[0]);
  int day = 0, hour = 0, minute = 0;
  std::string day_text = parts[1];
  if (!day_text.empty() && day_text.back() == ',') day_text.pop_back();
  std::vector<std::string> hm = absl::StrSplit(parts[2], ':');
  auto zone = ZoneOffsets().find(absl::AsciiStrToUpper(parts[3]));
  if (!month || !absl::SimpleAtoi(day_text, &day) || hm.size() != 2 || !absl::SimpleAtoi(hm[0], &hour) ||
      !absl::SimpleAtoi(hm[1], &minute) || zone == ZoneOffsets().end()) {
    return std::nullopt;
  }
  // CivilMinute normalizes out-of-range fields: "Jun -99999999" would land millions of
  // years away, and "Feb 30" in March.
  if (day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  const absl::TimeZone tz = absl::FixedTimeZone(zone->second * 60);
  const int64_t year = absl::ToCivilYear(item_time + absl::Hours(14), tz).year();
  if (absl::CivilDay(year, *month, day).day() != day) return std::nullopt;
  absl::Time t = absl::FromCivil(absl::CivilMinute(year, *month, day, hour, minute), tz);
  if (t > item_time + absl::Hours(24)) t = absl::FromCivil(absl::CivilMinute(year - 1, *month, day, hour, minute), tz);
  return t;
}


void FindParagraphs(const GumboNode* node, std::vector<const GumboNode*>& out, int depth) {
  if (node->type != GUMBO_NODE_ELEMENT || depth > 100) return;
  if (node->v.element.tag == GUMBO_TAG_P) {
    out.push_back(node);
    return;
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) FindParagraphs(static_cast<const GumboNode*>(children.data[i]), out, depth + 1);
}

// Statuspage's update blocks; empty when the HTML has another shape.
std::vector<IncidentEvent> StatuspageUpdates(absl::string_view html, absl::Time item_time) {
  std::vector<IncidentEvent> events;
  const HtmlDocument document(html);
  std::vector<const GumboNode*> paragraphs;
  FindParagraphs(document.output().root, paragraphs, 0);
  for (const GumboNode* p : paragraphs) {
    std::string stamp, heading, body;
    const GumboVector& children = p->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_SMALL && stamp.empty()) {
        stamp = NodeText(child);
      } else if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_STRONG && heading.empty()) {
        heading = Collapse(NodeText(child));
      } else if (!heading.empty()) {
        body += NodeText(child);
      }
    }
    std::optional<absl::Time> when = ParseUpdateStamp(stamp, item_time);
    if (!when || heading.empty()) {
      events.clear();  // not Statuspage's shape after all
      break;
    }
    absl::string_view text = absl::StripAsciiWhitespace(body);
    absl::ConsumePrefix(&text, "- ");
    IncidentEvent e;
    e.set_title(heading);
    e.set_status(absl::AsciiStrToLower(heading) == "update" ? "update" : absl::AsciiStrToLower(heading));
    e.set_description(std::string(absl::StripAsciiWhitespace(text)));
    *e.mutable_time() = ToProto(*when);
    events.push_back(std::move(e));
  }
  return events;
}

bool SaysClosed(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  for (const char* word : {"resolved", "completed", "mitigated", "restored", "postmortem"}) {
    if (absl::StrContains(lower, word)) return true;
  }
  return false;
}

std::string InferImpact(absl::string_view title) {
  const std::string lower = absl::AsciiStrToLower(title);
  if (absl::StrContains(lower, "maintenance")) return "maintenance";
  for (const char* word : {"outage", "down", "unavailable", "disruption"}) {
    if (absl::StrContains(lower, word)) return "major";
  }
  return "minor";
}

// The incident code of a Statuspage link ".../incidents/<code>", else the whole identifier.
std::string IncidentId(const std::string& link, const std::string& guid) {
  const size_t at = link.find("/incidents/");
  if (at != std::string::npos) {
    std::string code = link.substr(at + 11);
    code = code.substr(0, code.find_first_of("/?#"));
    if (!code.empty()) return code;
  }
  return guid.empty() ? link : guid;
}

struct Item {
  std::string id, title, link, html;
  std::optional<absl::Time> time;
};

// One incident from the items that share its id (usually one; see ParseFeed).
absl::StatusOr<Incident> ToIncident(absl::string_view page_url, const std::vector<const Item*>& items) {
  for (const Item* item : items) {
    if (item->id.empty()) return absl::InvalidArgumentError(absl::StrCat("an item ('", item->title, "') has no id, guid or link"));
    if (!item->time) return absl::InvalidArgumentError(absl::StrCat("item '", item->id, "' has no valid date"));
    if (!IsPlausibleTime(*item->time)) return absl::InvalidArgumentError(absl::StrCat("item '", item->id, "' has an absurd date"));
  }
  const Item& newest_item = *items.front();  // feeds list the newest first: its title and link
  Incident i;
  i.set_id(newest_item.id);
  i.set_title(newest_item.title);
  i.set_deep_link(newest_item.link.empty() ? std::string(page_url) : newest_item.link);
  i.set_impact(InferImpact(newest_item.title));
  for (const Item* item : items) {
    std::vector<IncidentEvent> events = StatuspageUpdates(item->html, *item->time);
    if (events.empty()) {
      IncidentEvent& e = events.emplace_back();
      e.set_title(item->title);
      e.set_description(HtmlToText(item->html));
      e.set_status("update");
      *e.mutable_time() = ToProto(*item->time);
    }
    for (auto& e : events) *i.add_events() = std::move(e);
  }
  absl::Time first = FromProto(i.events(0).time()), last = first;
  for (const auto& e : i.events()) {
    first = std::min(first, FromProto(e.time()));
    last = std::max(last, FromProto(e.time()));
  }
  *i.mutable_start_time() = ToProto(first);
  const auto& newest = *std::max_element(i.events().begin(), i.events().end(), [](const auto& a, const auto& b) {
    return ToMicros(a.time()) < ToMicros(b.time());
  });
  i.set_status(newest.status() == "update" ? (SaysClosed(newest.title()) ? "resolved" : "investigating") : newest.status());
  if (SaysClosed(newest.title()) || SaysClosed(newest.status())) *i.mutable_end_time() = ToProto(last);
  return i;
}

}  // namespace

std::optional<absl::Time> ParseRfc822(absl::string_view text) {
  std::string t = Collapse(text);
  for (const auto& [name, minutes] : ZoneOffsets()) {
    if (absl::EndsWith(t, " " + name)) {
      t = absl::StrCat(t.substr(0, t.size() - name.size()), minutes < 0 ? "-" : "+",
                       absl::StrFormat("%02d%02d", std::abs(minutes) / 60, std::abs(minutes) % 60));
      break;
    }
  }
  absl::Time out;
  std::string error;
  for (const char* format : {"%a, %d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M %z"}) {
    if (absl::ParseTime(format, t, &out, &error)) return out;
  }
  return ParseRfc3339(text);  // some "RSS" feeds write ISO dates
}

bool LooksLikeFeed(absl::string_view body) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default & ~pugi::parse_doctype)) return false;
  const std::string root = doc.document_element().name();
  return root == "rss" || root == "feed";
}

absl::StatusOr<ParsedPage> ParseFeed(absl::string_view page_url, const Document& feed) {
  if (feed.http_status != 200) return absl::UnavailableError(absl::StrCat(feed.url, ": HTTP ", feed.http_status));
  pugi::xml_document doc;
  // pugixml never expands entity definitions, so a bomb cannot grow; the DOCTYPE is kept
  // only to see whether the document declares entities at all. pugixml passes bytes through
  // unchecked: every string taken from it goes through ValidUtf8 (HTML goes through gumbo,
  // which does the same).
  const pugi::xml_parse_result loaded =
      doc.load_buffer(feed.body.data(), feed.body.size(), pugi::parse_default | pugi::parse_doctype);
  if (!loaded) return absl::InvalidArgumentError(absl::StrCat(feed.url, ": not XML: ", loaded.description()));
  for (const pugi::xml_node node : doc.children()) {
    if (node.type() == pugi::node_doctype && absl::StrContains(node.value(), "<!ENTITY")) {
      // Real feeds never declare entities; one that does is an attack (or its text would
      // be stored as unexpanded "&name;" garbage): refuse it as a whole.
      return absl::InvalidArgumentError(
          absl::StrCat(feed.url, ": declares XML entities in its DOCTYPE; refused (entity expansion attack)"));
    }
  }
  const pugi::xml_node root = doc.document_element();
  std::vector<Item> items;
  if (std::string(root.name()) == "rss") {
    for (const pugi::xml_node node : root.child("channel").children("item")) {
      Item item;
      item.title = ValidUtf8(Collapse(node.child_value("title")));
      item.link = ValidUtf8(absl::StripAsciiWhitespace(node.child_value("link")));
      item.html = node.child_value("description");
      item.time = ParseRfc822(node.child_value("pubDate"));
      item.id = IncidentId(item.link, ValidUtf8(absl::StripAsciiWhitespace(node.child_value("guid"))));
      items.push_back(std::move(item));
      if (items.size() > kMaxItems) break;
    }
  } else if (std::string(root.name()) == "feed") {
    for (const pugi::xml_node node : root.children("entry")) {
      Item item;
      item.title = ValidUtf8(Collapse(node.child_value("title")));
      for (const pugi::xml_node link : node.children("link")) {
        const std::string rel = link.attribute("rel").value();
        if (rel.empty() || rel == "alternate") item.link = ValidUtf8(link.attribute("href").value());
      }
      item.html = node.child("content") ? node.child_value("content") : node.child_value("summary");
      const char* published = node.child("published") ? node.child_value("published") : node.child_value("updated");
      item.time = ParseRfc3339(absl::StripAsciiWhitespace(published));
      item.id = IncidentId(item.link, ValidUtf8(absl::StripAsciiWhitespace(node.child_value("id"))));
      items.push_back(std::move(item));
      if (items.size() > kMaxItems) break;
    }
  } else {
    return absl::InvalidArgumentError(absl::StrCat(feed.url, ": root element <", ValidUtf8(root.name()), "> is neither <rss> nor <feed>"));
  }
  if (items.size() > kMaxItems) return absl::InvalidArgumentError(absl::StrCat(feed.url, ": more than ", kMaxItems, " items"));
  // Some feeds give each update its own item, carrying the incident's guid or link: those
  // make one incident, since the server rejects a report that names an incident twice.
  std::vector<std::vector<const Item*>> groups;
  std::map<std::string, size_t> group_of_id;
  for (const Item& item : items) {
    auto [it, added] = group_of_id.try_emplace(item.id, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(&item);
  }
  ParsedPage page;
  for (const auto& group : groups) {
    absl::StatusOr<Incident> incident = ToIncident(page_url, group);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(feed.url, ": ", incident.status().message()));
    page.incidents.push_back(std::move(*incident));
  }
  return page;
}

}  // namespace statusphere::providers
