// One HTML document parsed by gumbo, destroyed with this object, and the text of a node.
//
// gumbo's tree building walks the stack of open elements for nearly every token, so its time
// grows with nesting depth times document size: 20,000 nested <div> take seconds, a body at
// the scraper's size cap nested that way would take hours, and nothing interrupts a parse
// once begun. Every HTML parse goes through HtmlDocument, which first estimates that cost in
// one linear pass (EstimateHtmlParseCost) and hands gumbo only documents within the budget;
// one over it is an empty document with a RESOURCE_EXHAUSTED status that says why.
#ifndef STATUSPHERE_PROVIDERS_COMMON_HTML_DOCUMENT_H_
#define STATUSPHERE_PROVIDERS_COMMON_HTML_DOCUMENT_H_

#include <gumbo.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace statusphere::providers {

// What gumbo would spend on a document, estimated without building a tree. The estimate only
// bounds work: it never reads data (that is gumbo's job) and errs towards counting too much.
struct HtmlParseCost {
  // Deepest nesting of open elements (formatting elements gumbo may reopen included).
  int64_t max_depth = 0;
  // Estimated parse time in nanoseconds of gumbo 0.10 on the machine it was measured on
  // (see html_document.cc): per byte, per tag, and per element walked in the open-element stack.
  int64_t work_ns = 0;
};

// Stops counting early (the result then exceeds a limit) once past either limit.
HtmlParseCost EstimateHtmlParseCost(absl::string_view html, int64_t max_depth, int64_t max_work_ns);

// Real pages nest a few dozen elements deep (Blink flattens anything past 512); the estimate
// counts unclosed elements gumbo would close, hence the margin.
inline constexpr int64_t kMaxHtmlDepth = 1024;
// About a second of gumbo's time: a flat page of several megabytes, or far less if nested deep.
inline constexpr int64_t kMaxHtmlParseWorkNs = 1'000'000'000;

// gumbo time shared by the documents parsed for one page (a feed's item bodies, say), so
// that many documents each within the budget cannot add up to minutes.
class HtmlParseBudget {
 public:
  explicit HtmlParseBudget(int64_t work_ns = kMaxHtmlParseWorkNs) : remaining_ns_(work_ns) {}
  int64_t remaining_ns() const { return remaining_ns_; }
  void Charge(int64_t work_ns) { remaining_ns_ -= work_ns; }

 private:
  int64_t remaining_ns_;
};

// The status HtmlDocument(html) has on its own budget, from the linear estimate alone (no
// parse): for a caller that learns only afterwards that a document held nothing it wanted,
// so that a refused page is reported as refused rather than as "not found".
absl::Status HtmlParseRefusal(absl::string_view html);

class HtmlDocument {
 public:
  // Within a budget of its own (kMaxHtmlParseWorkNs), or charged to `budget`.
  explicit HtmlDocument(absl::string_view html, HtmlParseBudget* budget = nullptr);
  ~HtmlDocument() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  // OK, or RESOURCE_EXHAUSTED when the document was over the parse budget and was not parsed.
  const absl::Status& status() const { return status_; }

  // gumbo's result (document node, html element); valid as long as this object lives. An
  // empty document when status() is not OK.
  const GumboOutput& output() const { return *output_; }

 private:
  absl::Status status_;
  GumboOutput* output_;
};

// Calls `visit(node)` on each element node of `document` in document order, until `visit`
// returns false. Walked with an explicit stack: hostile pages nest deeper than a thread's stack.
template <typename Visit>
void ForEachElement(const HtmlDocument& document, Visit visit) {
  std::vector<const GumboNode*> pending = {document.output().root};
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    if (!visit(node)) return;
    // Children pushed last-first, so that they are visited in document order.
    const GumboVector& children = node->v.element.children;
    for (unsigned i = children.length; i > 0; --i)
      pending.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  }
}

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
