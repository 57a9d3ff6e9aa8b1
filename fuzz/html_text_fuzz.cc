// Fuzz target for the HTML-to-text helpers update bodies go through (gumbo underneath, or
// the parser-free path for simple markup, which must agree with it).
// Text from valid UTF-8 must stay valid UTF-8: it ends up in proto3 strings.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

#include "fuzz/documents.h"
#include "fuzz/page_invariants.h"
#include "providers/common/html_text.h"
#include "providers/common/simple_markup.h"
#include "providers/common/utf8.h"

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
      statusphere::fuzz::Fail("SimpleMarkupToText", absl::StrCat("text differs from the parser's:\n  fast:   \"",
                                                                 absl::CEscape(*fast), "\"\n  parser: \"",
                                                                 absl::CEscape(parsed), "\""));
    }
  }
  if (valid_in && !IsValidUtf8(statusphere::providers::TidyText(input))) {
    statusphere::fuzz::Fail("TidyText", "invalid UTF-8 out of valid UTF-8");
  }
  return 0;
}
