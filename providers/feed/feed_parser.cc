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
#include "common/vocabulary.h"
#include "providers/common/block_text.h"
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/printed_time.h"
#include "providers/common/repeated_updates.h"
#include "providers/common/utf8.h"
#include "providers/feed/item_id.h"

namespace statusphere::providers {
namespace {

using statusphere::v1::Incident;
using statusphere::v1::IncidentEvent;

constexpr size_t kMaxItems = 5000;

std::string Collapse(absl::string_view text) {
  std::vector<absl::string_view> words = absl::StrSplit(text, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
  return absl::StrJoin(words, " ");
}

// "Jun 8, 19:13 UTC" as Statuspage prints it, without a year; LambStatus prints the year
// ("Jun 8, 2022, 19:13 UTC"). The updates are listed newest first: the first gets the year
// that puts it nearest the item's own date (which is not always the newest update's: a
// postmortem may come days after), each other the year that puts it at or before the
// update above it (`newer`).
std::optional<absl::Time> ParseUpdateStamp(absl::string_view stamp, absl::Time item_time,
                                           std::optional<absl::Time> newer) {
  std::optional<PrintedRange> printed = ParsePrintedRange(stamp);
  if (!printed || printed->end || !printed->zone_minutes || !printed->start.month || !printed->start.day) {
    return std::nullopt;
  }
  std::optional<PlacedRange> placed =
      newer ? PlaceRange(*printed, *printed->zone_minutes, *newer, YearChoice::kAtOrBefore)
            : PlaceRange(*printed, *printed->zone_minutes, item_time, YearChoice::kNearest);
  if (!placed) return std::nullopt;
  return placed->start;
}

// The lifecycle word of an update's heading ("In Progress" is in_progress); "update" for a
// heading that names none.
std::string UpdateStatus(absl::string_view heading) {
  std::string status = absl::AsciiStrToLower(heading);
  for (char& c : status) c = c == ' ' || c == '-' ? '_' : c;
  return vocabulary::IsLifecycleStatus(status) ? status : vocabulary::kLifecycleUpdate;
}

bool IsMaintenanceStatus(absl::string_view status) {
  return status == vocabulary::kLifecycleScheduled || status == vocabulary::kLifecycleInProgress ||
         status == vocabulary::kLifecycleVerifying || status == vocabulary::kLifecycleCompleted;
}

void FindParagraphs(const GumboNode* node, std::vector<const GumboNode*>& out, int depth) {
  if (node->type != GUMBO_NODE_ELEMENT || depth > 100) return;
  if (node->v.element.tag == GUMBO_TAG_P) {
    out.push_back(node);
    return;
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    FindParagraphs(static_cast<const GumboNode*>(children.data[i]), out, depth + 1);
}

bool IsBlank(const GumboNode* node) {
  return node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_COMMENT ||
         (node->type == GUMBO_NODE_TEXT && absl::StripAsciiWhitespace(node->v.text.text).empty());
}

bool IsElement(const GumboNode* node, GumboTag tag) {
  return node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

// What a Statuspage entry's HTML says: its updates, and the window that Statuspage heads a
// maintenance with ("<p><strong>THIS IS A SCHEDULED EVENT Jan 9, 14:00 - 18:00
// UTC</strong></p>"), as printed.
struct EntryBody {
  std::vector<IncidentEvent> events;
  std::string scheduled_event;
};

constexpr absl::string_view kScheduledEvent = "THIS IS A SCHEDULED EVENT";

// Statuspage's update blocks (LambStatus writes the same): a paragraph that opens with the
// update's stamp (<small>), then its label (<strong>, right after the stamp and a <br>), then
// its text. Only that label is the update's status: bold words further on ("Impact",
// "Schedule", "Action required") are text, and other paragraphs continue the update above
// them. No events when no paragraph opens so (another shape); an error when the HTML is over
// the parse budget.
absl::StatusOr<EntryBody> StatuspageUpdates(absl::string_view html, absl::Time item_time, HtmlParseBudget& budget) {
  EntryBody out;
  const HtmlDocument document(html, &budget);
  if (!document.status().ok()) return document.status();
  std::vector<const GumboNode*> paragraphs;
  FindParagraphs(document.output().root, paragraphs, 0);
  std::vector<std::string> bodies;  // of out.events, raw
  for (const GumboNode* p : paragraphs) {
    const GumboVector& children = p->v.element.children;
    unsigned i = 0;
    while (i < children.length && IsBlank(static_cast<const GumboNode*>(children.data[i]))) ++i;
    const GumboNode* first = i < children.length ? static_cast<const GumboNode*>(children.data[i]) : nullptr;
    std::optional<absl::Time> when;
    if (first != nullptr && IsElement(first, GUMBO_TAG_SMALL)) {
      when = ParseUpdateStamp(NodeText(first), item_time,
                              out.events.empty() ? std::nullopt : std::optional(FromProto(out.events.back().time())));
    }
    // The label: the first element after the stamp and its line breaks, when it is bold.
    // Statuspage writes one on every update; a dated paragraph without one is text.
    std::string heading;
    for (unsigned k = i + 1; when && k < children.length; ++k) {
      const auto* child = static_cast<const GumboNode*>(children.data[k]);
      if (IsBlank(child) || IsElement(child, GUMBO_TAG_BR)) continue;
      if (IsElement(child, GUMBO_TAG_STRONG)) {
        heading = Collapse(NodeText(child));
        i = k;
      }
      break;
    }
    if (heading.empty()) {
      const std::string text = Collapse(NodeText(p));
      if (first != nullptr && IsElement(first, GUMBO_TAG_STRONG) && absl::StartsWith(text, kScheduledEvent)) {
        out.scheduled_event = text.substr(kScheduledEvent.size());
      } else if (!bodies.empty()) {
        AppendTextWithBreaks(p, bodies.back());  // more text of the update above
      }
      continue;
    }
    std::string body;
    ++i;
    for (; i < children.length; ++i) AppendTextWithBreaks(static_cast<const GumboNode*>(children.data[i]), body);
    IncidentEvent e;
    e.set_title(heading);
    e.set_status(UpdateStatus(heading));
    *e.mutable_time() = ToProto(*when);
    out.events.push_back(std::move(e));
    bodies.push_back(std::move(body));
  }
  for (size_t k = 0; k < out.events.size(); ++k) {
    const std::string tidy = TidyText(bodies[k]);
    absl::string_view text = tidy;
    absl::ConsumePrefix(&text, "-");  // "<strong>Resolved</strong> - text"
    out.events[k].set_description(std::string(absl::StripAsciiWhitespace(text)));
  }
  return out;
}

// The text after the first of `labels` ("start date:") in `text`, up to the end of its line
// or the next label of `stops`; empty when no label is there.
std::string LabelledText(absl::string_view text, std::initializer_list<absl::string_view> labels,
                         std::initializer_list<absl::string_view> stops) {
  const std::string lowered = absl::AsciiStrToLower(text);
  const absl::string_view lower = lowered;
  for (absl::string_view label : labels) {
    const size_t at = lower.find(label);
    if (at == absl::string_view::npos) continue;
    size_t end = lower.find('\n', at);
    for (absl::string_view stop : stops) end = std::min(end, lower.find(stop, at + label.size()));
    absl::string_view value = text.substr(
        at + label.size(), end == absl::string_view::npos ? absl::string_view::npos : end - at - label.size());
    value = absl::StripAsciiWhitespace(value);
    absl::ConsumeSuffix(&value, "/");
    return std::string(absl::StripAsciiWhitespace(value));
  }
  return "";
}

// A window from printed text, placed nearest to `reference` (when it was announced).
std::optional<PlacedRange> PlacedWindow(absl::string_view text, absl::Time reference) {
  std::optional<PrintedRange> printed = ParsePrintedRange(text);
  if (!printed || !printed->zone_minutes) return std::nullopt;
  return PlaceRange(*printed, *printed->zone_minutes, reference, YearChoice::kNearest);
}

// A maintenance's scheduled window, when the entry states one unambiguously: the heading
// Statuspage writes from the window itself, else a "Start Date: ... End Date: ..." that
// every update stating one agrees on. `announced` is when the entry began.
std::optional<PlacedRange> ScheduledWindow(const EntryBody& body, absl::Time announced) {
  if (!body.scheduled_event.empty()) {
    std::optional<PlacedRange> w = PlacedWindow(body.scheduled_event, announced);
    if (w && w->end) return w;
  }
  std::optional<PlacedRange> agreed;
  for (const IncidentEvent& e : body.events) {
    const std::string start = LabelledText(e.description(), {"start date:", "start time:"}, {"end date:", "end time:"});
    const std::string end = LabelledText(e.description(), {"end date:", "end time:"}, {});
    if (start.empty() || end.empty()) continue;
    std::optional<PlacedRange> s = PlacedWindow(start, FromProto(e.time()));
    if (!s || s->end) return std::nullopt;
    std::optional<PlacedRange> f = PlacedWindow(end, s->start);
    if (!f || f->end || f->start < s->start) return std::nullopt;
    const PlacedRange window{s->start, f->start};
    if (agreed && (agreed->start != window.start || agreed->end != window.end)) return std::nullopt;
    agreed = window;
  }
  return agreed;
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
  if (absl::StrContains(lower, "maintenance")) return vocabulary::kImpactMaintenance;
  for (const char* word : {"outage", "down", "unavailable", "disruption"}) {
    if (absl::StrContains(lower, word)) return vocabulary::kImpactMajor;
  }
  return vocabulary::kImpactMinor;
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
  // Items alike in date and title share a derived id; an update they both carry is one
  // update. Within one item, alike updates are each an update of their own.
  std::map<std::tuple<int64_t, std::string, std::string>, int> kept;
  std::optional<PlacedRange> window;
  for (const Item* item : items) {
    absl::StatusOr<EntryBody> body = StatuspageUpdates(item->html, *item->time, budget);
    if (!body.ok()) return absl::InvalidArgumentError(absl::StrCat("item '", item->id, "': ", body.status().message()));
    std::vector<IncidentEvent>& events = body->events;
    if (events.empty()) {
      IncidentEvent& e = events.emplace_back();
      e.set_title(item->title);
      e.set_description(HtmlToText(item->html));
      e.set_status(vocabulary::kLifecycleUpdate);
      *e.mutable_time() = ToProto(*item->time);
    }
    if (!window) {
      absl::Time announced = *item->time;
      for (const auto& e : events) announced = std::min(announced, FromProto(e.time()));
      window = ScheduledWindow(*body, announced);
    }
    std::map<std::tuple<int64_t, std::string, std::string>, int> in_item;
    for (auto& e : events) {
      const auto key = std::make_tuple(ToMicros(e.time()), e.title(), e.description());
      const int rank = ++in_item[key];
      if (rank <= kept[key]) continue;  // an earlier item of the group carried it
      kept[key] = rank;
      if (IsMaintenanceStatus(e.status())) i.set_impact(vocabulary::kImpactMaintenance);
      *i.add_events() = std::move(e);
    }
  }
  if (window) {
    i.set_impact(vocabulary::kImpactMaintenance);
    *i.mutable_scheduled_start_time() = ToProto(window->start);
    *i.mutable_scheduled_end_time() = ToProto(*window->end);
  }
  KeepRepeatedUpdatesApart(i);
  absl::Time first = FromProto(i.events(0).time()), last = first;
  for (const auto& e : i.events()) {
    first = std::min(first, FromProto(e.time()));
    last = std::max(last, FromProto(e.time()));
  }
  *i.mutable_start_time() = ToProto(first);
  const auto& newest = *std::max_element(i.events().begin(), i.events().end(), [](const auto& a, const auto& b) {
    return ToMicros(a.time()) < ToMicros(b.time());
  });
  i.set_status(newest.status() == vocabulary::kLifecycleUpdate
                   ? (SaysClosed(newest.title()) ? vocabulary::kLifecycleResolved : vocabulary::kLifecycleInvestigating)
                   : newest.status());
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
  // A zone by name ("GMT", "PST") becomes its offset, which the formats below read.
  const size_t space = t.rfind(' ');
  if (space != std::string::npos && absl::ascii_isalpha(static_cast<unsigned char>(t[space + 1]))) {
    if (std::optional<int> minutes = ZoneOffsetMinutes(t.substr(space + 1))) {
      t = absl::StrCat(t.substr(0, space + 1), *minutes < 0 ? "-" : "+",
                       absl::StrFormat("%02d%02d", std::abs(*minutes) / 60, std::abs(*minutes) % 60));
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
      item.html =
          RichestBody({ElementText(node.child(content_encoded.c_str())), ElementText(node.child("description"))});
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
    return absl::InvalidArgumentError(
        absl::StrCat(feed.url, ": root element <", ValidUtf8(root.name()), "> is neither <rss> nor <feed>"));
  }
  if (items.size() > kMaxItems)
    return absl::InvalidArgumentError(absl::StrCat(feed.url, ": more than ", kMaxItems, " items"));
  // Refused only what cannot be read: an item without a date, or with nothing that tells
  // it from another.
  for (const Item& item : items) {
    if (!item.time) {
      return absl::InvalidArgumentError(
          absl::StrCat(feed.url, ": item '", item.id.empty() ? item.title : item.id, "' has no valid date"));
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
