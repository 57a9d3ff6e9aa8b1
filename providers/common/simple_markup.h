// A parser-free path from HTML to text for the commonest update bodies: text with a few
// simple tags (<br />, <p>, <li>, <a href=...>, <span class=...>, ...). The full HTML5 parser costs some 500
// instructions per character; most marked-up update bodies carry only line breaks and
// paragraphs.
#ifndef STATUSPHERE_PROVIDERS_COMMON_SIMPLE_MARKUP_H_
#define STATUSPHERE_PROVIDERS_COMMON_SIMPLE_MARKUP_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace statusphere::providers {

// HtmlToText's text for a fragment whose markup is only whitelisted tags (attributes
// allowed and skipped) and the commonest named references (&amp; &lt; &gt; &quot; &apos;
// &nbsp;), properly nested where the parser's tree-building
// rules would otherwise step in (implied ends of <p> and <li>, stray end tags), in valid
// UTF-8 without characters the parser replaces. nullopt for anything else: the caller
// then uses the parser. What survives TidyText of the parser's text is the text runs and
// whether a block boundary separates two of them; in these fragments both are where the
// tags are. html_text_fuzz checks that the two paths agree.
std::optional<std::string> SimpleMarkupToText(absl::string_view html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_SIMPLE_MARKUP_H_
