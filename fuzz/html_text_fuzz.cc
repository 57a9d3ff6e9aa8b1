// Fuzz target for the HTML-to-text helpers update bodies go through (gumbo underneath, or
// the parser-free path for simple markup, which must agree with it).
// Text from valid UTF-8 must stay valid UTF-8: it ends up in proto3 strings.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "providers/common/html_document.h"
#include "providers/common/html_text.h"
#include "providers/common/simple_markup.h"
#include "providers/common/utf8.h"
#include "providers/fuzzing/documents.h"
#include "providers/fuzzing/page_invariants.h"

namespace {

// The deepest element under gumbo's <html>.
int64_t BuiltDepth(const GumboNode* root) {
  int64_t deepest = 0;
  std::vector<std::pair<const GumboNode*, int64_t>> pending = {{root, 0}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    deepest = std::max(deepest, depth);
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    for (unsigned i = 0; i < node->v.element.children.length; ++i) {
      pending.emplace_back(static_cast<const GumboNode*>(node->v.element.children.data[i]), depth + 1);
    }
  }
  return deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using statusphere::providers::IsValidUtf8;
  const absl::string_view input = statusphere::fuzz::AsText(data, size);
  const std::string text = statusphere::providers::HtmlToText(input);
  // gumbo replaces invalid sequences: its text is UTF-8 whatever the input.
  if (!IsValidUtf8(text)) statusphere::fuzz::Fail("HtmlToText", "invalid UTF-8 out");
  const bool valid_in = IsValidUtf8(input);
  if (valid_in && !IsValidUtf8(statusphere::providers::TextOf(input))) {
    statusphere::fuzz::Fail("TextOf", "invalid UTF-8 out of valid UTF-8");
  }
  // The parser-free path for simple markup must give exactly the parser's text.
  if (const auto fast = statusphere::providers::SimpleMarkupToText(input); fast.has_value()) {
    if (const std::string parsed = statusphere::providers::HtmlToTextByParser(input); *fast != parsed) {
      statusphere::fuzz::Fail("SimpleMarkupToText",
                              absl::StrCat("text differs from the parser's:\n  fast:   \"", absl::CEscape(*fast),
                                           "\"\n  parser: \"", absl::CEscape(parsed), "\""));
    }
  }
  // The parse budget's depth estimate must not be far shallower than the tree gumbo builds
  // (hostile nesting would get through): <body> and the elements gumbo implies aside.
  if (const statusphere::providers::HtmlDocument document(input); document.status().ok()) {
    const int64_t estimated =
        statusphere::providers::EstimateHtmlParseCost(input, int64_t{1} << 40, int64_t{1} << 62).max_depth;
    // The slack covers what gumbo adds on a mixed document (implied tbody/tr, reopened
    // formatting elements, a second <html> folded in): a fuzzed mix of two real pages
    // built 49 levels where 20 were estimated. Hostile nesting is thousands deep.
    if (const int64_t built = BuiltDepth(document.output().root); built > 2 * estimated + 32) {
      statusphere::fuzz::Fail("EstimateHtmlParseCost",
                              absl::StrCat("estimated depth ", estimated, ", gumbo built ", built));
    }
  }
  if (valid_in && !IsValidUtf8(statusphere::providers::TidyText(input))) {
    statusphere::fuzz::Fail("TidyText", "invalid UTF-8 out of valid UTF-8");
  }
  return 0;
}
