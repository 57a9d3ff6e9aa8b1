#include "providers/common/simple_markup.h"

#include <cstdint>
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
  static constexpr absl::string_view kInline[] = {"b", "strong", "i", "em", "u", "code", "small", "span"};
  for (absl::string_view b : kBlocks) {
    if (name == b) return TagKind::kBlock;
  }
  for (absl::string_view i : kInline) {
    if (name == i) return TagKind::kInline;
  }
  return TagKind::kUnknown;
}

bool IsHeading(absl::string_view name) { return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'; }

// Control characters (but tab, line feed, form feed, carriage return) and noncharacters:
// the HTML5 input stream turns them into U+FFFD. `text` is valid UTF-8.
bool HasCharacterTheParserReplaces(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
    for (int k = 1; k < length; ++k) code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += length;
    const bool control = (code_point < 0x20 && code_point != '\t' && code_point != '\n' && code_point != '\f' &&
                          code_point != '\r') ||
                         (code_point >= 0x7F && code_point <= 0x9F);
    const bool noncharacter = (code_point >= 0xFDD0 && code_point <= 0xFDEF) || (code_point & 0xFFFE) == 0xFFFE;
    if (control || noncharacter) return true;
  }
  return false;
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
  if (!IsValidUtf8(html) || HasCharacterTheParserReplaces(html)) return std::nullopt;
  std::string raw;
  raw.reserve(html.size());
  BlockNesting blocks;
  int inline_tags = 0;
  size_t at = 0;
  while (at < html.size()) {
    const size_t special = html.find_first_of(absl::string_view("<&\0", 3), at);
    const absl::string_view text = html.substr(at, special == absl::string_view::npos ? absl::string_view::npos : special - at);
    raw.append(text.data(), text.size());
    if (special == absl::string_view::npos) break;
    if (html[special] != '<') return std::nullopt;  // a character reference, or NUL
    const size_t close = html.find('>', special);
    if (close == absl::string_view::npos) return std::nullopt;
    absl::string_view tag = html.substr(special + 1, close - special - 1);
    at = close + 1;

    const bool end = absl::ConsumePrefix(&tag, "/");
    if (!end && !absl::ConsumeSuffix(&tag, " /")) absl::ConsumeSuffix(&tag, "/");
    const TagKind kind = KindOf(tag);
    switch (kind) {
      case TagKind::kUnknown:
        return std::nullopt;
      case TagKind::kInline:
        // Deep inline nesting is cut short by the parser's text collection: leave it.
        if (++inline_tags > 64) return std::nullopt;
        continue;
      case TagKind::kVoidBlock:
        if (end || !blocks.Open(tag, kind)) return std::nullopt;  // "</br>" reads as "<br>"
        break;
      case TagKind::kBlock:
        if (!(end ? blocks.Close(tag) : blocks.Open(tag, kind))) return std::nullopt;
        break;
    }
    raw += '\n';
  }
  return TidyText(raw);
}

}  // namespace statusphere::providers
