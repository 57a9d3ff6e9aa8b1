#include "providers/betterstack/home_page.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/vocabulary.h"
#include "providers/common/html_document.h"
#include "providers/common/html_element.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

namespace vocabulary = statusphere::vocabulary;

std::string Text(const GumboNode* node) { return TidyText(NodeText(node)); }

// The text directly inside an element (not its children's).
std::string OwnText(const GumboNode* node) {
  std::string out;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT) out += child->v.text.text;
  }
  return TidyText(out);
}

// Better Stack's states: operational, degraded, downtime, maintenance.
std::string StateOfWord(absl::string_view word) {
  const std::string w = absl::AsciiStrToLower(word);
  if (w == "operational" || w == "up") return "operational";
  if (w == "degraded" || w == "degraded performance") return "degraded";
  if (w == "downtime" || w == "down" || w == "outage") return "downtime";
  if (w == "maintenance" || w == "under maintenance") return "maintenance";
  return "";
}

// A state from a colour: the class of an icon or a bar, or an icon path's fill.
std::string StateOfColour(absl::string_view colour) {
  static constexpr struct {
    const char* colour;
    const char* state;
  } kColours[] = {
      {"green", "operational"},
      {"yellow", "degraded"},
      {"orange", "degraded"},
      {"red", "downtime"},
      {"blue", "maintenance"},
      // v1's fills (light) and the dark-mode tones its pages also print.
      {"#059669", "operational"},
      {"#10b981", "operational"},
      {"#34d399", "operational"},
      {"#d97706", "degraded"},
      {"#f59e0b", "degraded"},
      {"#fbbf24", "degraded"},
      {"#b91c1c", "downtime"},
      {"#ef4444", "downtime"},
      {"#f87171", "downtime"},
      {"#0369a1", "maintenance"},
      {"#0ea5e9", "maintenance"},
      {"#38bdf8", "maintenance"},
  };
  const std::string c = absl::AsciiStrToLower(colour);
  for (const auto& k : kColours) {
    if (c == k.colour) return k.state;
  }
  return "";
}

// The state an element's own colour classes say: text-statuspage-red, bg-statuspage-green,
// fill-statuspage-yellow (not the neutral greys).
std::string StateOfClassWords(const GumboNode* node) {
  for (absl::string_view w : ClassWords(node)) {
    if (absl::StrContains(w, ":")) continue;  // dark:, hover: variants
    for (absl::string_view prefix : {"text-statuspage-", "bg-statuspage-", "fill-statuspage-"}) {
      if (absl::StartsWith(w, prefix)) {
        if (std::string s = StateOfColour(w.substr(prefix.size())); !s.empty()) return s;
      }
    }
  }
  return "";
}

// The state of the first coloured icon under `root`: its class, else its path's fill.
std::string IconState(const GumboNode* root) {
  std::string state;
  ForEachElementUnder(root, [&](const GumboNode* n) {
    if (!state.empty()) return false;
    if (n->v.element.tag == GUMBO_TAG_SVG) {
      state = StateOfClassWords(n);
      if (state.empty()) {
        ForEachElementUnder(n, [&](const GumboNode* p) {
          if (state.empty() && p != n) state = StateOfColour(ElementAttribute(p, "fill"));  // its paths
          return state.empty();
        });
      }
      return false;
    }
    // The older design names the state in a class: status-page__overview-icon downtime.
    if (HasClass(n, "status-page__overview-icon") || HasClass(n, "status-page__resource-icon")) {
      for (absl::string_view w : ClassWords(n)) {
        if (std::string s = StateOfWord(w); !s.empty()) state = s;
      }
      return false;
    }
    return true;
  });
  return state;
}

std::string ComponentStatusOf(absl::string_view state) {
  if (state == "operational") return vocabulary::kComponentOperational;
  if (state == "degraded") return vocabulary::kComponentDegradedPerformance;
  if (state == "downtime") return vocabulary::kComponentMajorOutage;
  if (state == "maintenance") return vocabulary::kComponentUnderMaintenance;
  return "unknown";
}

// window.cfg's object, when the page has one of Better Stack's public status pages.
bool HasStatusPageConfig(const HtmlDocument& document) {
  bool found = false;
  ForEachElement(document, [&](const GumboNode* n) {
    if (n->v.element.tag != GUMBO_TAG_SCRIPT) return true;
    const std::string text = NodeText(n);
    const size_t at = text.find("window.cfg");
    if (at == std::string::npos) return true;
    const size_t open = text.find('{', at);
    const size_t close = text.rfind('}');
    if (open == std::string::npos || close == std::string::npos || close < open) return true;
    absl::StatusOr<Json> cfg = ParseJsonObject("window.cfg", absl::string_view(text).substr(open, close - open + 1));
    if (!cfg.ok()) return true;
    const std::string host = StringField(*cfg, "base_host");
    found = StringField(*cfg, "controller") == "public_status_pages" &&
            (absl::StrContains(host, "betterstack.com") || absl::StrContains(host, "betteruptime.com"));
    return !found;
  });
  return found;
}

struct Section {
  std::string name;
  std::string state;
  std::vector<statusphere::v1::Component> resources;
  std::vector<bool> own_state;  // per resource: its state is its own, not the section's
};

bool IsSection(const GumboNode* n) {
  return absl::EndsWith(ElementAttribute(n, "data-target"), "sections.section") || HasClass(n, "status-page__section");
}

bool IsResource(const GumboNode* n) {
  return (ElementAttribute(n, "data-controller") == "async--base" &&
          absl::StrContains(ElementAttribute(n, "data-url"), "/r/")) ||
         HasClass(n, "status-page__resource");
}

void ReadResource(const GumboNode* node, Section& section) {
  statusphere::v1::Component c;
  absl::string_view url = ElementAttribute(node, "data-url");
  std::string state;
  std::string last_bar;
  ForEachElementUnder(node, [&](const GumboNode* n) {
    if (c.name().empty() && n->v.element.tag != GUMBO_TAG_SVG) c.set_name(OwnText(n));
    if (HasClass(n, "tick")) last_bar = StateOfClassWords(n);  // the bars run to today
    return n->v.element.tag != GUMBO_TAG_SVG;
  });
  state = IconState(node);
  if (state.empty()) state = last_bar;
  c.set_id(url.empty() ? c.name() : std::string(url.substr(url.rfind('/') + 1)));
  section.own_state.push_back(!state.empty());
  c.set_status(ComponentStatusOf(state));
  if (!c.name().empty())
    section.resources.push_back(std::move(c));
  else
    section.own_state.pop_back();
}

Section ReadSection(const GumboNode* node) {
  Section section;
  ForEachElementUnder(node, [&](const GumboNode* n) {
    if (IsResource(n)) {
      ReadResource(n, section);
      return false;
    }
    if (HasClass(n, "section-status-badge") || HasClass(n, "status-page__section-status")) {
      section.state = IconState(n);
      if (section.state.empty()) section.state = StateOfWord(Text(n));
      return false;
    }
    if (section.name.empty() && n->v.element.tag != GUMBO_TAG_SVG) section.name = OwnText(n);
    return n->v.element.tag != GUMBO_TAG_SVG;
  });
  return section;
}

}  // namespace

absl::StatusOr<ParsedPage> ParseBetterStackHomePage(absl::string_view url, absl::string_view html) {
  HtmlDocument document(html);
  if (!document.status().ok())
    return absl::Status(document.status().code(), absl::StrCat(url, ": ", document.status().message()));
  bool older_design = false;
  const GumboNode* headline = nullptr;
  std::vector<Section> sections;
  ForEachElement(document, [&](const GumboNode* n) {
    if (HasClass(n, "status-page__overview")) older_design = true;
    if (headline == nullptr && n->v.element.tag == GUMBO_TAG_H1) headline = n;
    return true;
  });
  // The older design's class names are generic enough to need the platform's name beside them.
  older_design = older_design && absl::StrContains(html, "betteruptime");
  if (!HasStatusPageConfig(document) && !older_design) {
    return absl::NotFoundError(
        absl::StrCat(url, ": not a Better Stack status page (no window.cfg of its public status pages)"));
  }
  // Sections, outermost only (a section's resources are read with it).
  ForEachElementUnder(document.output().root, [&](const GumboNode* n) {
    if (!IsSection(n)) return true;
    sections.push_back(ReadSection(n));
    return false;
  });
  ParsedPage page;
  // The headline's state, in index.json's words (its aggregate_state).
  if (headline != nullptr) {
    page.platform_indicator = IconState(
        headline->parent != nullptr && headline->parent->type == GUMBO_NODE_ELEMENT ? headline->parent : headline);
  }
  for (Section& section : sections) {
    for (size_t i = 0; i < section.resources.size(); ++i) {
      statusphere::v1::Component& c = section.resources[i];
      c.set_group(section.name);
      // A resource whose state the page leaves to its later request carries its section's:
      // the badge is the worst of the section's resources, all of them when they agree.
      if (!section.own_state[i] && !section.state.empty()) c.set_status(ComponentStatusOf(section.state));
      page.components.push_back(std::move(c));
    }
  }
  // Unlike index.json, the home page lists no status reports that this reads: an incident
  // it showed is not known to have ended when it is gone.
  page.lists_every_open_incident = false;
  return page;
}

}  // namespace statusphere::providers
