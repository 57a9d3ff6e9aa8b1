#include "providers/common/html_text.h"

#include <cctype>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/utf8.h"
#include "providers/common/html_document.h"
#include "providers/common/simple_markup.h"

namespace statusphere::providers {
namespace {

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_HR:
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
  const GumboVector* children =
      node->type == GUMBO_NODE_ELEMENT ? &node->v.element.children : &node->v.document.children;
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

}  // namespace

std::string TidyText(absl::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false, pending_newline = false;
  size_t i = 0;
  while (i < raw.size()) {
    const auto c = static_cast<unsigned char>(raw[i]);
    // A no-break space (U+00A0, UTF-8 C2 A0) is a space to a reader.
    if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
      pending_space = !out.empty();
      i += 2;
    } else if (c == '\n' || c == '\r') {
      pending_newline = !out.empty();
      pending_space = false;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
      pending_space = !out.empty();
      ++i;
    } else {
      if (pending_newline) {
        out += '\n';
      } else if (pending_space) {
        out += ' ';
      }
      pending_newline = pending_space = false;
      // The run of characters up to the next space of any kind, appended at once.
      size_t end = i + 1;
      while (end < raw.size()) {
        const auto d = static_cast<unsigned char>(raw[end]);
        if (d <= ' ' || d == 0xC2) break;
        ++end;
      }
      out.append(raw.data() + i, end - i);
      i = end;
    }
  }
  return out;
}

std::string HtmlToTextByParser(absl::string_view html) {
  const HtmlDocument document(html);
  std::string raw;
  Collect(document.output().document, raw, 0);
  // gumbo writes an out-of-range numeric character reference ("&#x27EEEEEEEE;") as
  // invalid UTF-8 where it should write U+FFFD (found by html_text_fuzz).
  return ToValidUtf8(TidyText(raw));
}

std::string HtmlToText(absl::string_view html) {
  if (std::optional<std::string> text = SimpleMarkupToText(html)) return *std::move(text);
  return HtmlToTextByParser(html);
}

std::string TextOf(absl::string_view maybe_html) {
  if (absl::StrContains(maybe_html, '<') || absl::StrContains(maybe_html, "&")) return HtmlToText(maybe_html);
  return std::string(absl::StripAsciiWhitespace(maybe_html));
}

}  // namespace statusphere::providers
