#include "providers/common/html_document.h"

#include <algorithm>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace statusphere::providers {
namespace {

// gumbo 0.10.1's cost, measured in CPU time on the 2-core build machine while other builds
// ran (the shapes HostileHtml in tests/hostile_web_test.cc times), rounded up so that the
// largest document each shape may grow to parses in about a second: ~150 ns a byte of text,
// ~450 ns more a tag, ~4 ns a tag for each element on the open-element stack (scope
// checks), ~0.5 ns a text byte for each element on it while a formatting element is open
// (gumbo looks for the last formatting element in the stack before every character), and
// ~900 ns for each formatting element it reopens (a clone).
constexpr int64_t kByteNs = 150;
constexpr int64_t kTagNs = 450;
constexpr int64_t kStackStepNs = 4;
constexpr int64_t kCloneNs = 900;

bool OneOf(absl::string_view name, std::initializer_list<absl::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsVoid(absl::string_view name) {
  return OneOf(name, {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
                      "input", "keygen", "link", "meta", "param", "source", "track", "wbr"});
}

// gumbo keeps these in its list of active formatting elements and reopens them after an
// element that closed them implicitly: they can be deeper than the markup shows.
bool IsFormatting(absl::string_view name) {
  return OneOf(name, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"});
}

// Elements whose end clears the formatting elements opened inside them (scope markers).
bool IsMarker(absl::string_view name) {
  return OneOf(name, {"applet", "caption", "marquee", "object", "td", "template", "th"});
}

// Start tags before which gumbo does not reopen formatting elements (the others, and text,
// it does).
bool KeepsFormattingClosed(absl::string_view name) {
  return OneOf(name, {"address",  "article",  "aside",   "base",     "basefont",   "bgsound", "blockquote", "body",
                      "caption",  "center",   "col",     "colgroup", "dd",         "details", "dialog",     "dir",
                      "div",      "dl",       "dt",      "fieldset", "figcaption", "figure",  "footer",     "form",
                      "frame",    "frameset", "h1",      "h2",       "h3",         "h4",      "h5",         "h6",
                      "head",     "header",   "hgroup",  "hr",       "html",       "li",      "link",       "listing",
                      "main",     "menu",     "meta",    "nav",      "noframes",   "ol",      "p",          "plaintext",
                      "pre",      "script",   "section", "style",    "summary",    "table",   "tbody",      "td",
                      "template", "tfoot",    "th",      "thead",    "title",      "tr",      "ul"});
}

// Text up to their end tag is not markup.
bool IsRawText(absl::string_view name) {
  return OneOf(name, {"iframe", "noembed", "noframes", "script", "style", "textarea", "title", "xmp"});
}

// Whether a start tag of `opening` closes the current element `current`, as gumbo does when
// it is current (gumbo closes them in more cases; counting fewer closes only overestimates).
// Applied repeatedly: a <tr> closes the cell, then the row.
bool ClosesCurrent(absl::string_view opening, absl::string_view current) {
  if (OneOf(opening, {"p", "li", "option", "rb", "rt", "rp"})) return opening == current;
  if (OneOf(opening, {"dt", "dd"})) return OneOf(current, {"dt", "dd"});
  if (opening == "optgroup") return OneOf(current, {"option", "optgroup"});
  if (OneOf(opening, {"td", "th"})) return OneOf(current, {"td", "th"});
  if (opening == "tr") return OneOf(current, {"td", "th", "tr"});
  if (OneOf(opening, {"tbody", "thead", "tfoot"})) return OneOf(current, {"td", "th", "tr", "tbody", "thead", "tfoot"});
  return false;
}

class CostModel {
 public:
  CostModel(int64_t max_depth, int64_t max_work_ns) : max_depth_(max_depth), max_work_(max_work_ns) {}

  bool over() const { return cost_.max_depth > max_depth_ || cost_.work_ns > max_work_; }
  const HtmlParseCost& cost() const { return cost_; }

  void Bytes(size_t n) { cost_.work_ns += static_cast<int64_t>(n) * kByteNs; }

  void Text(size_t n) {
    if (n == 0) return;
    Bytes(n);
    Reopen();
    if (open_formatting_ > 0) cost_.work_ns += static_cast<int64_t>(n) * Depth() / 2;
  }

  // `attributes` as written: gumbo keeps at most three formatting elements alike in name and
  // attributes in its list.
  void StartTag(std::string name, absl::string_view attributes, bool self_closing) {
    Tag();
    if (!KeepsFormattingClosed(name)) Reopen();
    if (IsVoid(name)) return;
    if (self_closing && foreign_ > 0) return;  // only SVG and MathML honour "/>"
    while (!stack_.empty() && ClosesCurrent(name, stack_.back().name)) Pop();
    // Rows and cells written straight into a table get the section and row gumbo implies.
    const bool cell = name == "td" || name == "th";
    if ((cell || name == "tr") && Current() == "table") Push("tbody", "");
    if (cell && OneOf(Current(), {"tbody", "thead", "tfoot"})) Push("tr", "");
    const std::string key = IsFormatting(name) ? absl::StrCat(name, " ", attributes) : std::string();
    Push(std::move(name), key);
  }

  void EndTag(const std::string& name) {
    Tag();
    auto open = open_.find(name);
    if (open == open_.end() || open->second == 0) {
      // The end of a formatting element closed earlier by another: gumbo drops it from its list.
      for (size_t i = hidden_.size(); i > HiddenFloor(); --i) {
        if (hidden_[i - 1].name == name) {
          --hidden_by_key_[hidden_[i - 1].key];
          hidden_.erase(hidden_.begin() + static_cast<std::ptrdiff_t>(i - 1));
          break;
        }
      }
      return;
    }
    while (!stack_.empty()) {
      const bool found = stack_.back().name == name;
      if (!found && IsFormatting(stack_.back().name)) Hide(stack_.back());
      Pop();
      if (found) return;
    }
  }

 private:
  struct Entry {
    std::string name;
    std::string key;  // formatting elements: name and attributes
  };

  absl::string_view Current() const { return stack_.empty() ? absl::string_view() : stack_.back().name; }

  // Hidden formatting elements a scope marker's end clears: those added since it opened.
  size_t HiddenFloor() const { return marker_floors_.empty() ? 0 : marker_floors_.back(); }

  void Push(std::string name, std::string key) {
    Entry& e = stack_.emplace_back(Entry{std::move(name), std::move(key)});
    ++open_[e.name];
    if (IsFormatting(e.name)) ++open_formatting_;
    if (e.name == "svg" || e.name == "math") ++foreign_;
    if (IsMarker(e.name)) marker_floors_.push_back(hidden_.size());
    cost_.max_depth = std::max(cost_.max_depth, Depth());
  }

  void Pop() {
    const Entry& e = stack_.back();
    --open_[e.name];
    if (IsFormatting(e.name)) --open_formatting_;
    if (e.name == "svg" || e.name == "math") --foreign_;
    if (IsMarker(e.name) && !marker_floors_.empty()) {
      TruncateHidden(marker_floors_.back());
      marker_floors_.pop_back();
    }
    stack_.pop_back();
  }

  // A formatting element closed by another element's end stays in gumbo's list.
  void Hide(const Entry& e) {
    int64_t& alike = hidden_by_key_[e.key];
    if (alike >= 3) return;
    ++alike;
    hidden_.push_back(e);
  }

  void TruncateHidden(size_t size) {
    while (hidden_.size() > size) {
      --hidden_by_key_[hidden_.back().key];
      hidden_.pop_back();
    }
  }

  // Before text and most start tags gumbo reopens the hidden formatting elements (those past
  // the innermost marker), cloning each.
  void Reopen() {
    const size_t floor = HiddenFloor();
    if (hidden_.size() <= floor) return;
    cost_.work_ns += static_cast<int64_t>(hidden_.size() - floor) * kCloneNs;
    std::vector<Entry> reopened(hidden_.begin() + static_cast<std::ptrdiff_t>(floor), hidden_.end());
    TruncateHidden(floor);
    for (Entry& e : reopened) Push(std::move(e.name), std::move(e.key));
  }

  int64_t Depth() const { return static_cast<int64_t>(stack_.size() + hidden_.size()); }

  void Tag() { cost_.work_ns += kTagNs + kStackStepNs * Depth(); }

  const int64_t max_depth_, max_work_;
  HtmlParseCost cost_;
  std::vector<Entry> stack_;
  absl::flat_hash_map<std::string, int64_t> open_;  // open elements by name
  std::vector<Entry> hidden_;                       // closed formatting elements gumbo keeps, in order
  absl::flat_hash_map<std::string, int64_t> hidden_by_key_;
  std::vector<size_t> marker_floors_;  // hidden_.size() when each open marker opened
  int64_t open_formatting_ = 0, foreign_ = 0;
};

bool IsNameChar(char c) { return c != '>' && c != '/' && !absl::ascii_isspace(static_cast<unsigned char>(c)); }

// Where `needle` next starts at or after `from` (ASCII case-insensitive), or npos.
size_t FindCaseless(absl::string_view haystack, absl::string_view needle, size_t from) {
  for (size_t at = haystack.find('<', from); at != absl::string_view::npos; at = haystack.find('<', at + 1)) {
    if (absl::StartsWithIgnoreCase(haystack.substr(at), needle)) return at;
  }
  return absl::string_view::npos;
}

}  // namespace

HtmlParseCost EstimateHtmlParseCost(absl::string_view html, int64_t max_depth, int64_t max_work_ns) {
  CostModel model(max_depth, max_work_ns);
  size_t i = 0;
  while (i < html.size() && !model.over()) {
    const size_t lt = html.find('<', i);
    if (lt == absl::string_view::npos) {
      model.Text(html.size() - i);
      break;
    }
    model.Text(lt - i);
    i = lt;
    const absl::string_view rest = html.substr(i);
    if (absl::StartsWith(rest, "<!--")) {
      const size_t end = html.find("-->", i + 4);
      const size_t next = end == absl::string_view::npos ? html.size() : end + 3;
      model.Bytes(next - i);
      i = next;
      continue;
    }
    if (absl::StartsWith(rest, "<!") || absl::StartsWith(rest, "<?")) {  // doctype, CDATA, bogus comments
      const size_t end = html.find('>', i);
      const size_t next = end == absl::string_view::npos ? html.size() : end + 1;
      model.Bytes(next - i);
      i = next;
      continue;
    }
    const bool end_tag = absl::StartsWith(rest, "</");
    const size_t name_at = i + (end_tag ? 2 : 1);
    if (name_at >= html.size() || !absl::ascii_isalpha(static_cast<unsigned char>(html[name_at]))) {
      model.Text(1);  // a '<' that opens no tag is text
      ++i;
      continue;
    }
    size_t name_end = name_at;
    while (name_end < html.size() && IsNameChar(html[name_end])) ++name_end;
    std::string name = absl::AsciiStrToLower(html.substr(name_at, std::min<size_t>(name_end - name_at, 64)));
    // The tag's end: the first '>' outside a quoted attribute value.
    size_t at = name_end;
    char quote = 0;
    for (; at < html.size(); ++at) {
      const char c = html[at];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        // Only a quote that starts a value ("=" before it) opens one, as in the tokenizer.
        size_t before = at;
        while (before > name_end && absl::ascii_isspace(static_cast<unsigned char>(html[before - 1]))) --before;
        if (before > name_end && html[before - 1] == '=') quote = c;
      } else if (c == '>') {
        break;
      }
    }
    const bool self_closing = at < html.size() && at > name_end && html[at - 1] == '/';
    const size_t next = at < html.size() ? at + 1 : html.size();
    model.Bytes(next - i);
    i = next;
    if (end_tag) {
      model.EndTag(name);
      continue;
    }
    if (name == "plaintext") {  // everything after it is text
      model.Text(html.size() - i);
      break;
    }
    if (IsRawText(name) && !self_closing) {
      const size_t close = FindCaseless(html, absl::StrCat("</", name), i);
      const size_t stop = close == absl::string_view::npos ? html.size() : close;
      model.Bytes(stop - i);
      i = stop;
      continue;  // its end tag follows and closes nothing in the model
    }
    model.StartTag(std::move(name), html.substr(name_end, at - name_end), self_closing);
  }
  return model.cost();
}

namespace {

// OK, or why a document of that cost is not parsed.
absl::Status RefusalFor(absl::string_view html, const HtmlParseCost& cost, int64_t allowed, bool shared_budget) {
  if (cost.max_depth > kMaxHtmlDepth) {
    return absl::ResourceExhaustedError(absl::StrCat("HTML of ", html.size(), " bytes nests elements deeper than ",
                                                     kMaxHtmlDepth, "; not parsed (hostile nesting)"));
  }
  if (cost.work_ns > allowed) {
    return absl::ResourceExhaustedError(
        absl::StrCat("HTML of ", html.size(), " bytes is over the parse budget (",
                     shared_budget ? "about 1 s of parsing for the page's documents together" : "about 1 s of parsing",
                     "); not parsed"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status HtmlParseRefusal(absl::string_view html) {
  return RefusalFor(html, EstimateHtmlParseCost(html, kMaxHtmlDepth, kMaxHtmlParseWorkNs), kMaxHtmlParseWorkNs,
                    /*shared_budget=*/false);
}

HtmlDocument::HtmlDocument(absl::string_view html, HtmlParseBudget* budget) {
  const int64_t allowed = budget == nullptr ? kMaxHtmlParseWorkNs : std::max<int64_t>(budget->remaining_ns(), 0);
  const HtmlParseCost cost = EstimateHtmlParseCost(html, kMaxHtmlDepth, allowed);
  status_ = RefusalFor(html, cost, allowed, budget != nullptr);
  if (budget != nullptr) budget->Charge(cost.work_ns);
  const absl::string_view parsed = status_.ok() ? html : absl::string_view("");
  output_ = gumbo_parse_with_options(&kGumboDefaultOptions, parsed.data(), parsed.size());
}

}  // namespace statusphere::providers
