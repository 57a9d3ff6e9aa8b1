#include "providers/feed/feed_parser.h"

#include <gumbo.h>

#include <map>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <tuple>

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
#include "providers/feed/item_id.h"

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

// "Jun 8, 19:13 UTC" as Statuspage prints it, without a year: the year is the one that puts
// the update closest before the item's own date. LambStatus prints the year ("Jun 8, 2022,
// 19:13 UTC").
std::optional<absl::Time> ParseUpdateStamp(absl::string_view stamp, absl::Time item_time) {
  std::vector<std::string> parts = absl::StrSplit(Collapse(stamp), ' ');
  std::optional<int64_t> written_year;
  if (parts.size() == 5) {
    std::string year_text = parts[2];
    if (!year_text.empty() && year_text.back() == ',') year_text.pop_back();
    int64_t year = 0;
    if (year_text.size() != 4 || !absl::SimpleAtoi(year_text, &year)) return std::nullopt;
    written_year = year;
    parts.erase(parts.begin() + 2);
  }
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
  const int64_t year = written_year ? *written_year : absl::ToCivilYear(item_time + absl::Hours(14), tz).year();
  if (absl::CivilDay(year, *month, day).day() != day) return std::nullopt;
  absl::Time t = absl::FromCivil(absl::CivilMinute(year, *month, day, hour, minute), tz);
  if (!written_year && t > item_time + absl::Hours(24)) {
    t = absl::FromCivil(absl::CivilMinute(year - 1, *month, day, hour, minute), tz);
  }
  if (!IsPlausibleTime(t)) return std::nullopt;  // a written year of 0018 or 9999 (found by feed_fuzz)
  return t;
}

// The lifecycle word of an update's heading ("In Progress" is in_progress); "update" for a
// heading that names none.
std::string UpdateStatus(absl::string_view heading) {
  std::string status = absl::AsciiStrToLower(heading);
  for (char& c : status) c = c == ' ' || c == '-' ? '_' : c;
  for (const char* known : {"investigating", "identified", "monitoring", "resolved", "postmortem", "scheduled",
                            "in_progress", "verifying", "completed"}) {
    if (status == known) return status;
  }
  return "update";
}

bool IsMaintenanceStatus(absl::string_view status) {
  return status == "scheduled" || status == "in_progress" || status == "verifying" || status == "completed";
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

// Statuspage's update blocks (LambStatus writes the same); empty when the HTML has another
// shape, an error when it is over the parse budget.
absl::StatusOr<std::vector<IncidentEvent>> StatuspageUpdates(absl::string_view html, absl::Time item_time,
                                                             HtmlParseBudget& budget) {
  std::vector<IncidentEvent> events;
  const HtmlDocument document(html, &budget);
  if (!document.status().ok()) return document.status();
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
    e.set_status(UpdateStatus(heading));
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

struct Item {
  std::string id, title, link, html;
  std::optional<absl::Time> time;
};

// One incident from the items that share its id (usually one; see ParseFeed).
absl::StatusOr<Incident> ToIncident(absl::string_view page_url, const std::vector<const Item*>& items,
                                    HtmlParseBudget& budget) {
  const Item& newest_item = *items.front();  // feeds list the newest first: its title and link
  Incident i;
  i.set_id(newest_item.id);
  i.set_title(newest_item.title);
  i.set_deep_link(newest_item.link.empty() ? std::string(page_url) : newest_item.link);
  i.set_impact(InferImpact(newest_item.title));
  // Items alike in date and title share a derived id; an update they both carry is one update.
  std::set<std::tuple<int64_t, std::string, std::string>> seen;
  for (const Item* item : items) {
    absl::StatusOr<std::vector<IncidentEvent>> events = StatuspageUpdates(item->html, *item->time, budget);
    if (!events.ok()) return absl::InvalidArgumentError(absl::StrCat("item '", item->id, "': ", events.status().message()));
    if (events->empty()) {
      IncidentEvent& e = events->emplace_back();
      e.set_title(item->title);
      e.set_description(HtmlToText(item->html));
      e.set_status("update");
      *e.mutable_time() = ToProto(*item->time);
    }
    for (auto& e : *events) {
      if (!seen.emplace(ToMicros(e.time()), e.title(), e.description()).second) continue;
      if (IsMaintenanceStatus(e.status())) i.set_impact("maintenance");
      *i.add_events() = std::move(e);
    }
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

// The text of an element: every text and CDATA section in it (a body may be written as
// several), where pugixml's child_value gives only the first.
std::string ElementText(const pugi::xml_node node) {
  std::string out;
  for (const pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return out;
}

// An Atom text construct as HTML: type="xhtml" carries its markup as XML elements.
std::string AtomHtml(const pugi::xml_node node) {
  if (std::string(node.attribute("type").value()) != "xhtml") return ElementText(node);
  std::ostringstream out;
  for (const pugi::xml_node child : node.children()) child.print(out, "", pugi::format_raw);
  return out.str();
}

// The first body that says something, in the order generators put their fullest text:
// LambStatus and others leave RSS's description empty or short and write the updates in
// content:encoded.
std::string RichestBody(std::initializer_list<std::string> bodies) {
  for (const std::string& body : bodies) {
    if (!absl::StripAsciiWhitespace(body).empty()) return body;
  }
  return "";
}

// The name RSS's content module is written with: "content:encoded", unless the feed binds
// the module's namespace to another prefix.
std::string ContentEncodedName(const pugi::xml_node root) {
  for (const pugi::xml_attribute a : root.attributes()) {
    absl::string_view name = a.name();
    if (absl::ConsumePrefix(&name, "xmlns:") && std::string(a.value()) == "http://purl.org/rss/1.0/modules/content/") {
      return absl::StrCat(name, ":encoded");
    }
  }
  return "content:encoded";
}

// An item's id from its guid or link; else, when it is dated and says anything, one derived
// from what it has. A link that is the feed's own (every item pointing at the status page)
// says nothing about which item it is.
std::string ItemId(const Item& item, absl::string_view guid, absl::string_view feed_link, absl::string_view page_url) {
  absl::string_view link = item.link;
  if (guid.empty() && (link == feed_link || link == page_url)) link = "";
  std::string id = IncidentIdOf(link, guid);
  if (!id.empty() || !item.time) return id;
  const std::string text = Collapse(item.html);
  if (item.title.empty() && text.empty()) return "";
  return DerivedItemId(*item.time, item.title, text);
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
    const pugi::xml_node channel = root.child("channel");
    const std::string channel_link = ValidUtf8(absl::StripAsciiWhitespace(channel.child_value("link")));
    const std::string content_encoded = ContentEncodedName(root);
    for (const pugi::xml_node node : channel.children("item")) {
      Item item;
      item.title = ValidUtf8(Collapse(ElementText(node.child("title"))));
      item.link = ValidUtf8(absl::StripAsciiWhitespace(node.child_value("link")));
      item.html = RichestBody({ElementText(node.child(content_encoded.c_str())), ElementText(node.child("description"))});
      item.time = ParseRfc822(node.child_value("pubDate"));
      item.id = ItemId(item, ValidUtf8(absl::StripAsciiWhitespace(node.child_value("guid"))), channel_link, page_url);
      items.push_back(std::move(item));
      if (items.size() > kMaxItems) break;
    }
  } else if (std::string(root.name()) == "feed") {
    std::string feed_link;
    for (const pugi::xml_node link : root.children("link")) {
      const std::string rel = link.attribute("rel").value();
      if (rel.empty() || rel == "alternate") feed_link = ValidUtf8(link.attribute("href").value());
    }
    for (const pugi::xml_node node : root.children("entry")) {
      Item item;
      item.title = ValidUtf8(Collapse(AtomHtml(node.child("title"))));
      for (const pugi::xml_node link : node.children("link")) {
        const std::string rel = link.attribute("rel").value();
        if (rel.empty() || rel == "alternate") item.link = ValidUtf8(link.attribute("href").value());
      }
      item.html = RichestBody({AtomHtml(node.child("content")), AtomHtml(node.child("summary"))});
      const char* published = node.child("published") ? node.child_value("published") : node.child_value("updated");
      item.time = ParseRfc3339(absl::StripAsciiWhitespace(published));
      item.id = ItemId(item, ValidUtf8(absl::StripAsciiWhitespace(node.child_value("id"))), feed_link, page_url);
      items.push_back(std::move(item));
      if (items.size() > kMaxItems) break;
    }
  } else {
    return absl::InvalidArgumentError(absl::StrCat(feed.url, ": root element <", ValidUtf8(root.name()), "> is neither <rss> nor <feed>"));
  }
  if (items.size() > kMaxItems) return absl::InvalidArgumentError(absl::StrCat(feed.url, ": more than ", kMaxItems, " items"));
  // Refused only what cannot be read: an item without a date, or with nothing that tells
  // it from another.
  for (const Item& item : items) {
    if (!item.time) {
      return absl::InvalidArgumentError(absl::StrCat(feed.url, ": item '", item.id.empty() ? item.title : item.id,
                                                     "' has no valid date"));
    }
    if (!IsPlausibleTime(*item.time)) {
      return absl::InvalidArgumentError(absl::StrCat(feed.url, ": item '", item.id, "' has an absurd date"));
    }
    if (item.id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(feed.url, ": an item has no guid, link, title or description"));
    }
  }
  // Some feeds give each update its own item, carrying the incident's guid or link: those
  // make one incident, since the server rejects a report that names an incident twice.
  std::vector<std::vector<const Item*>> groups;
  std::map<std::string, size_t> group_of_id;
  for (const Item& item : items) {
    auto [it, added] = group_of_id.try_emplace(item.id, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(&item);
  }
  // One budget of HTML parsing for the whole feed: many item bodies each within the budget
  // of one document must not add up to minutes.
  HtmlParseBudget budget;
  ParsedPage page;
  for (const auto& group : groups) {
    absl::StatusOr<Incident> incident = ToIncident(page_url, group, budget);
    if (!incident.ok()) return absl::InvalidArgumentError(absl::StrCat(feed.url, ": ", incident.status().message()));
    page.incidents.push_back(std::move(*incident));
  }
  return page;
}

}  // namespace statusphere::providers
