#include "providers/common/block_text.h"

#include <vector>

namespace statusphere::providers {

void AppendTextWithBreaks(const GumboNode* node, std::string& out) {
  std::vector<const GumboNode*> pending = {node};
  while (!pending.empty()) {
    const GumboNode* n = pending.back();
    pending.pop_back();
    if (n == nullptr) {
      out += '\n';  // the end of a block
      continue;
    }
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
      out += n->v.text.text;
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_BR) {
      out += '\n';
      continue;
    }
    const bool block = tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_LI;
    if (block) {
      out += '\n';
      pending.push_back(nullptr);
    }
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i)
      pending.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  }
}

}  // namespace statusphere::providers
