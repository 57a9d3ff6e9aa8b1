// Update bodies often carry HTML; people and APIs want text. This turns an HTML fragment
// into clean text with a real HTML5 parser (gumbo): tags dropped, entities decoded, block
// elements and <br> as line breaks, runs of whitespace collapsed.
#ifndef STATUSPHERE_PROVIDERS_COMMON_HTML_TEXT_H_
#define STATUSPHERE_PROVIDERS_COMMON_HTML_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace statusphere::providers {

std::string HtmlToText(absl::string_view html);

// HtmlToText when the text looks like markup, the text trimmed otherwise.
std::string TextOf(absl::string_view maybe_html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_HTML_TEXT_H_
