#include "providers/common/html_document.h"

#include <algorithm>
#include <cstring>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace statusphere::providers {
namespace {

// gumbo 0.10.1's cost, measured in CPU time on the 2-core build machine (the shapes
// HostileHtml in tests/hostile_web_test.cc times):
// ~105 ns a byte of text, ~300 ns more a tag, ~4 ns a tag for each element on the open-element
// stack (scope checks), and ~0.5 ns a text byte for each element on it while a formatting
// element is open (gumbo looks for the last formatting element in the stack before every
// character).
constexpr int64_t kByteNs = 110;
constexpr int64_t kTagNs = 300;
constexpr int64_t kStackStepNs = 4;

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
    Bytes(n);
    if (open_formatting_ + hidden_formatting_ > 0) cost_.work_ns += static_cast<int64_t>(n) * Depth() / 2;
  }

  void StartTag(std::string name, bool self_closing) {
    Tag();
    if (IsVoid(name)) return;
    if (self_closing && foreign_ > 0) return;  // only SVG and MathML honour "/>"
    while (!stack_.empty() && ClosesCurrent(name, stack_.back().name)) Pop();
    Entry& e = stack_.emplace_back(Entry{std::move(name), hidden_formatting_});
    ++open_[e.name];
    if (IsFormatting(e.name)) ++open_formatting_;
    if (e.name == "svg" || e.name == "math") ++foreign_;
    cost_.max_depth = std::max(cost_.max_depth, Depth());
  }

  void EndTag(const std::string& name) {
    Tag();
    auto open = open_.find(name);
    if (open == open_.end() || open->second == 0) {
      // The end of a formatting element closed earlier by another: gumbo drops it from its list.
      auto hidden = hidden_by_name_.find(name);
      if (hidden != hidden_by_name_.end() && hidden->second > 0 && hidden_formatting_ > 0) {
        --hidden->second;
        --hidden_formatting_;
      }
      return;
    }
    while (!stack_.empty()) {
      const bool found = stack_.back().name == name;
      if (!found && IsFormatting(stack_.back().name)) {
        ++hidden_formatting_;
        ++hidden_by_name_[stack_.back().name];
      }
      Pop();
      if (found) return;
    }
  }

 private:
  struct Entry {
    std::string name;
    int64_t hidden_formatting_at_open;
  };

  int64_t Depth() const { return static_cast<int64_t>(stack_.size()) + hidden_formatting_; }

  void Tag() { cost_.work_ns += kTagNs + kStackStepNs * Depth(); }

  void Pop() {
    const Entry& e = stack_.back();
    --open_[e.name];
    if (IsFormatting(e.name)) --open_formatting_;
    if (e.name == "svg" || e.name == "math") --foreign_;
    if (IsMarker(e.name)) hidden_formatting_ = std::min(hidden_formatting_, e.hidden_formatting_at_open);
    stack_.pop_back();
  }

  const int64_t max_depth_, max_work_;
  HtmlParseCost cost_;
  std::vector<Entry> stack_;
  absl::flat_hash_map<std::string, int64_t> open_;            // open elements by name
  absl::flat_hash_map<std::string, int64_t> hidden_by_name_;  // closed formatting elements by name
  int64_t open_formatting_ = 0, hidden_formatting_ = 0, foreign_ = 0;
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
    model.StartTag(std::move(name), self_closing);
  }
  return model.cost();
}

HtmlDocument::HtmlDocument(absl::string_view html, HtmlParseBudget* budget) {
  const int64_t allowed = budget == nullptr ? kMaxHtmlParseWorkNs : std::max<int64_t>(budget->remaining_ns(), 0);
  const HtmlParseCost cost = EstimateHtmlParseCost(html, kMaxHtmlDepth, allowed);
  if (cost.max_depth > kMaxHtmlDepth) {
    status_ = absl::ResourceExhaustedError(absl::StrCat("HTML of ", html.size(), " bytes nests elements deeper than ",
                                                        kMaxHtmlDepth, "; not parsed (hostile nesting)"));
  } else if (cost.work_ns > allowed) {
    status_ = absl::ResourceExhaustedError(
        absl::StrCat("HTML of ", html.size(), " bytes is over the parse budget (",
                     budget == nullptr ? "about 1 s of parsing" : "about 1 s of parsing for the page's documents together",
                     "); not parsed"));
  }
  if (budget != nullptr) budget->Charge(cost.work_ns);
  const absl::string_view parsed = status_.ok() ? html : absl::string_view("");
  output_ = gumbo_parse_with_options(&kGumboDefaultOptions, parsed.data(), parsed.size());
}

}  // namespace statusphere::providers
