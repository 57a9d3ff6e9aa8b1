// One HTML document parsed by gumbo, destroyed with this object, and the text of a node.
#ifndef STATUSPHERE_PROVIDERS_COMMON_HTML_DOCUMENT_H_
#define STATUSPHERE_PROVIDERS_COMMON_HTML_DOCUMENT_H_

#include <gumbo.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace statusphere::providers {

class HtmlDocument {
 public:
  explicit HtmlDocument(absl::string_view html)
      : output_(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size())) {}
  ~HtmlDocument() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  // gumbo's result (document node, html element); valid as long as this object lives.
  const GumboOutput& output() const { return *output_; }

 private:
  GumboOutput* output_;
};

// The text of `node` and everything below it, concatenated as it stands (no line breaks
// added). Walked with an explicit stack: hostile pages nest deeper than a thread's stack.
inline std::string NodeText(const GumboNode* node) {
  std::string out;
  std::vector<std::pair<const GumboNode*, unsigned>> pending = {{node, 0}};  // node, next child
  while (!pending.empty()) {
    auto& [current, next] = pending.back();
    if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_WHITESPACE) {
      out += current->v.text.text;
      pending.pop_back();
    } else if (current->type != GUMBO_NODE_ELEMENT || next == current->v.element.children.length) {
      pending.pop_back();
    } else {
      const auto* child = static_cast<const GumboNode*>(current->v.element.children.data[next++]);
      pending.emplace_back(child, 0);
    }
  }
  return out;
}

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_HTML_DOCUMENT_H_
