#include "providers/common/simple_markup.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/utf8.h"
#include "providers/common/html_text.h"

namespace statusphere::providers {
namespace {

enum class TagKind { kVoidBlock, kBlock, kInline, kUnknown };

TagKind KindOf(absl::string_view name) {
  if (name == "br" || name == "hr") return TagKind::kVoidBlock;
  static constexpr absl::string_view kBlocks[] = {"p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"};
  static constexpr absl::string_view kInline[] = {"a", "b", "strong", "i", "em", "u", "code", "small", "span"};
  for (absl::string_view b : kBlocks) {
    if (name == b) return TagKind::kBlock;
  }
  for (absl::string_view i : kInline) {
    if (name == i) return TagKind::kInline;
  }
  return TagKind::kUnknown;
}

bool IsHeading(absl::string_view name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}

// Invalid UTF-8, control characters (but tab, line feed, form feed, carriage return) and
// noncharacters: the HTML5 input stream turns them into U+FFFD.
bool HasCharacterTheParserReplaces(absl::string_view text) {
  // Most bodies are ASCII: check that quickly before decoding anything.
  size_t ascii = 0;
  while (ascii < text.size()) {
    const auto c = static_cast<unsigned char>(text[ascii]);
    if (c >= 0x7F) break;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') return true;
    ++ascii;
  }
  if (ascii == text.size()) return false;
  if (!IsValidUtf8(text)) return true;
  for (size_t i = ascii; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += length;
    const bool control =
        (code_point < 0x20 && code_point != '\t' && code_point != '\n' && code_point != '\f' && code_point != '\r') ||
        (code_point >= 0x7F && code_point <= 0x9F);
    const bool noncharacter = (code_point >= 0xFDD0 && code_point <= 0xFDEF) || (code_point & 0xFFFE) == 0xFFFE;
    if (control || noncharacter) return true;
  }
  return false;
}

bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

struct Tag {
  absl::string_view name;
  bool end = false;
  size_t next = 0;  // just past the closing '>'
};

// The tag starting at html[at] == '<', as the HTML5 tokenizer reads it: its name, then any
// attributes (their values may hold '>' when quoted), up to the '>' that ends it. nullopt
// for end tags with anything after the name, a name that is not lowercase ASCII, and tags
// cut off by the end of the text: those are left to the parser.
std::optional<Tag> ScanTag(absl::string_view html, size_t at) {
  Tag tag;
  size_t i = at + 1;
  if (i < html.size() && html[i] == '/') {
    tag.end = true;
    ++i;
  }
  const size_t name_start = i;
  while (i < html.size() && ((html[i] >= 'a' && html[i] <= 'z') || (html[i] >= '0' && html[i] <= '9'))) ++i;
  tag.name = html.substr(name_start, i - name_start);
  if (tag.name.empty() || i >= html.size()) return std::nullopt;
  if (tag.end) {
    if (html[i] != '>') return std::nullopt;
    tag.next = i + 1;
    return tag;
  }
  if (html[i] != '>' && html[i] != '/' && !IsTagSpace(html[i])) return std::nullopt;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '>') {
      tag.next = i + 1;
      return tag;
    }
    if (IsTagSpace(c) || c == '/') {
      ++i;
      continue;
    }
    // An attribute name (a leading '=' belongs to it), then maybe "= value".
    ++i;
    while (i < html.size() && !IsTagSpace(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
    while (i < html.size() && IsTagSpace(html[i])) ++i;
    if (i >= html.size() || html[i] != '=') continue;
    ++i;
    while (i < html.size() && IsTagSpace(html[i])) ++i;
    if (i >= html.size()) return std::nullopt;
    if (html[i] == '"' || html[i] == '\'') {
      const size_t quote = html.find(html[i], i + 1);
      if (quote == absl::string_view::npos) return std::nullopt;
      i = quote + 1;
    } else {
      while (i < html.size() && !IsTagSpace(html[i]) && html[i] != '>') ++i;
    }
  }
  return std::nullopt;
}

// The text of a character reference at html[at] == '&' for the few names update bodies
// use; nullopt for any other (numeric ones included: their special cases stay with the
// parser).
std::optional<absl::string_view> ScanReference(absl::string_view html, size_t at, size_t& next) {
  static constexpr std::pair<absl::string_view, absl::string_view> kNames[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", "\xC2\xA0"}};
  const absl::string_view rest = html.substr(at);
  for (const auto& [name, text] : kNames) {
    if (absl::StartsWith(rest, name)) {
      next = at + name.size();
      return text;
    }
  }
  return std::nullopt;
}

// The open block elements, to refuse what would make the parser close or ignore elements
// on its own.
class BlockNesting {
 public:
  // False when the start tag would make the parser close an open element first.
  bool Open(absl::string_view name, TagKind kind) {
    if (name == "br") return true;
    if (!open_.empty() && open_.back() == "p") return false;  // any other block closes a <p>
    if (kind == TagKind::kVoidBlock) return true;
    if (IsHeading(name) && !open_.empty() && IsHeading(open_.back())) return false;
    if (name == "li") {
      // An open <li> is closed by the next one, unless a list starts in between.
      for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
        if (*it == "li") return false;
        if (*it == "ul" || *it == "ol" || IsHeading(*it)) break;
      }
    }
    if (open_.size() >= kMaxDepth) return false;
    open_.push_back(name);
    return true;
  }
  // False unless the end tag closes the innermost open block (else the parser ignores it,
  // closes others too, or creates an element for it).
  bool Close(absl::string_view name) {
    if (open_.empty() || open_.back() != name) return false;
    open_.pop_back();
    return true;
  }

 private:
  // The parser's text collection stops descending this deep; stay far from it.
  static constexpr size_t kMaxDepth = 64;
  std::vector<absl::string_view> open_;
};

}  // namespace

std::optional<std::string> SimpleMarkupToText(absl::string_view html) {
  if (HasCharacterTheParserReplaces(html)) return std::nullopt;
  std::string raw;
  raw.reserve(html.size());
  BlockNesting blocks;
  int inline_tags = 0;
  size_t at = 0;
  while (at < html.size()) {
    const size_t special = html.find_first_of("<&", at);
    const absl::string_view text =
        html.substr(at, special == absl::string_view::npos ? absl::string_view::npos : special - at);
    raw.append(text.data(), text.size());
    if (special == absl::string_view::npos) break;
    if (html[special] == '&') {
      std::optional<absl::string_view> reference = ScanReference(html, special, at);
      if (!reference) return std::nullopt;
      raw.append(reference->data(), reference->size());
      continue;
    }
    std::optional<Tag> tag = ScanTag(html, special);
    if (!tag) return std::nullopt;
    at = tag->next;
    const TagKind kind = KindOf(tag->name);
    switch (kind) {
      case TagKind::kUnknown:
        return std::nullopt;
      case TagKind::kInline:
        // Deep inline nesting is cut short by the parser's text collection: leave it.
        if (++inline_tags > 64) return std::nullopt;
        continue;
      case TagKind::kVoidBlock:
        if (tag->end || !blocks.Open(tag->name, kind)) return std::nullopt;  // "</br>" reads as "<br>"
        break;
      case TagKind::kBlock:
        if (!(tag->end ? blocks.Close(tag->name) : blocks.Open(tag->name, kind))) return std::nullopt;
        break;
    }
    raw += '\n';
  }
  return TidyText(raw);
}

}  // namespace statusphere::providers
