// The text of an HTML node as people read it: a line break for each <br> and around
// paragraphs, divs and list items (NodeText, html_document.h, joins the runs as they stand).
#ifndef STATUSPHERE_PROVIDERS_COMMON_BLOCK_TEXT_H_
#define STATUSPHERE_PROVIDERS_COMMON_BLOCK_TEXT_H_

#include <gumbo.h>

#include <string>

namespace statusphere::providers {

// Appends the text below `node` to `out`, without recursion (hostile pages nest deep).
void AppendTextWithBreaks(const GumboNode* node, std::string& out);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_BLOCK_TEXT_H_
