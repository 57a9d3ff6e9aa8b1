#include "providers/common/html_text.h"

#include <cctype>
#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/utf8.h"
#include "providers/common/html_document.h"

namespace statusphere::providers {
namespace {

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TR: case GUMBO_TAG_TABLE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_HR:
      return true;
    default:
      return false;
  }
}

void Collect(const GumboNode* node, std::string& out, int depth) {
  if (depth > 200) return;  // hostile nesting: stop descending
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
    out += node->v.text.text;
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  const GumboVector* children = node->type == GUMBO_NODE_ELEMENT ? &node->v.element.children : &node->v.document.children;
  const bool block = node->type == GUMBO_NODE_ELEMENT && IsBlock(node->v.element.tag);
  if (node->type == GUMBO_NODE_ELEMENT &&
      (node->v.element.tag == GUMBO_TAG_SCRIPT || node->v.element.tag == GUMBO_TAG_STYLE)) {
    return;
  }
  if (block) out += '\n';
  for (unsigned i = 0; i < children->length; ++i) {
    Collect(static_cast<const GumboNode*>(children->data[i]), out, depth + 1);
  }
  if (block) out += '\n';
}

// For the inside of a tag ("br /", "/p", "strong"): whether it is a block element (a line
// break in the text), an inline one (nothing), or nullopt when it is not a bare tag of
// the few that SimpleMarkupToText handles.
std::optional<bool> SimpleTagIsBlock(absl::string_view tag) {
  const bool end = absl::ConsumePrefix(&tag, "/");
  if (!end && !absl::ConsumeSuffix(&tag, " /")) absl::ConsumeSuffix(&tag, "/");
  static constexpr absl::string_view kBlocks[] = {"br", "p",  "div", "ul", "ol", "li", "h1",
                                                  "h2", "h3", "h4",  "h5", "h6", "hr"};
  static constexpr absl::string_view kInline[] = {"b", "strong", "i", "em", "u", "code", "small", "span"};
  for (absl::string_view b : kBlocks) {
    // "</br>" is read as "<br>", and "<br>" has no end tag: leave both oddities to the parser.
    if (tag == b) return (end && (b == "br" || b == "hr")) ? std::nullopt : std::optional<bool>(true);
  }
  for (absl::string_view i : kInline) {
    if (tag == i) return false;
  }
  return std::nullopt;
}

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

}  // namespace

std::string TidyText(absl::string_view raw) {
  std::string out;
  bool pending_space = false, pending_newline = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    // A no-break space (U+00A0, UTF-8 C2 A0) is a space to a reader.
    if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
      pending_space = !out.empty();
      ++i;
      continue;
    }
    if (c == '\n' || c == '\r') {
      pending_newline = !out.empty();
      pending_space = false;
    } else if (std::isspace(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_newline) {
        out += '\n';
      } else if (pending_space) {
        out += ' ';
      }
      pending_newline = pending_space = false;
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string HtmlToTextByParser(absl::string_view html) {
  const HtmlDocument document(html);
  std::string raw;
  Collect(document.output().document, raw, 0);
  return TidyText(raw);
}

std::string HtmlToText(absl::string_view html) {
  if (std::optional<std::string> text = SimpleMarkupToText(html)) return *std::move(text);
  return HtmlToTextByParser(html);
}

std::optional<std::string> SimpleMarkupToText(absl::string_view html) {
  // The parser substitutes U+FFFD for those: leave them to it.
  if (!IsValidUtf8(html) || HasCharacterTheParserReplaces(html)) return std::nullopt;
  std::string raw;
  raw.reserve(html.size());
  size_t at = 0;
  while (at < html.size()) {
    const size_t special = html.find_first_of(absl::string_view("<&\0", 3), at);
    const absl::string_view text = html.substr(at, special == absl::string_view::npos ? absl::string_view::npos : special - at);
    raw.append(text.data(), text.size());
    if (special == absl::string_view::npos) break;
    if (html[special] != '<') return std::nullopt;  // a character reference, or NUL
    const size_t close = html.find('>', special);
    if (close == absl::string_view::npos) return std::nullopt;
    std::optional<bool> block = SimpleTagIsBlock(html.substr(special + 1, close - special - 1));
    if (!block) return std::nullopt;
    if (*block) raw += '\n';
    at = close + 1;
  }
  return TidyText(raw);
}

std::string TextOf(absl::string_view maybe_html) {
  if (absl::StrContains(maybe_html, '<') || absl::StrContains(maybe_html, "&")) return HtmlToText(maybe_html);
  return std::string(absl::StripAsciiWhitespace(maybe_html));
}

}  // namespace statusphere::providers
