// Reading one element of a parsed HTML document (html_document.h) by the platform's own
// markup: its attributes, its class words, and the elements under it.
#ifndef STATUSPHERE_PROVIDERS_COMMON_HTML_ELEMENT_H_
#define STATUSPHERE_PROVIDERS_COMMON_HTML_ELEMENT_H_

#include <gumbo.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace statusphere::providers {

// The attribute's value; empty when the node has none or is not an element.
inline absl::string_view ElementAttribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a == nullptr ? absl::string_view() : absl::string_view(a->value);
}

inline std::vector<absl::string_view> ClassWords(const GumboNode* node) {
  return absl::StrSplit(ElementAttribute(node, "class"), absl::ByAnyChar(" \t\r\n\f"), absl::SkipEmpty());
}

inline bool HasClass(const GumboNode* node, absl::string_view word) {
  for (absl::string_view w : ClassWords(node)) {
    if (w == word) return true;
  }
  return false;
}

// The rest of the first class word that starts with `prefix`, lower-cased:
// "incident-type-" in "incident-body incident-type-ServiceUnavailable" gives
// "serviceunavailable". Empty when no word does.
inline std::string ClassSuffix(const GumboNode* node, absl::string_view prefix) {
  for (absl::string_view w : ClassWords(node)) {
    if (absl::StartsWith(w, prefix) && w.size() > prefix.size()) return absl::AsciiStrToLower(w.substr(prefix.size()));
  }
  return "";
}

// Calls `visit(element)` on `root` and every element under it, in document order; where
// `visit` returns false, the elements under that one are skipped. Walked with an explicit
// stack: hostile pages nest deeper than a thread's stack.
template <typename Visit>
void ForEachElementUnder(const GumboNode* root, Visit visit) {
  std::vector<const GumboNode*> pending = {root};
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    if (!visit(node)) continue;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i > 0; --i)
      pending.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  }
}

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_HTML_ELEMENT_H_
