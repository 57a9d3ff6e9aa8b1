// One HTML document parsed by gumbo, destroyed with this object.
#ifndef STATUSPHERE_PROVIDERS_COMMON_HTML_DOCUMENT_H_
#define STATUSPHERE_PROVIDERS_COMMON_HTML_DOCUMENT_H_

#include <gumbo.h>

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

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_HTML_DOCUMENT_H_
