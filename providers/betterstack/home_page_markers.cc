#include "providers/betterstack/home_page_markers.h"

#include <gumbo.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "providers/common/host.h"
#include "providers/common/html_document.h"

namespace statusphere::providers {
namespace {

bool IsBetterStackHostName(absl::string_view host) {
  const std::string h = absl::AsciiStrToLower(host);
  return h == "betteruptime.com" || h == "betterstack.com" || absl::EndsWith(h, ".betteruptime.com") ||
         absl::EndsWith(h, ".betterstack.com");
}

bool IsAbsoluteUrlOnBetterStack(absl::string_view url) {
  if (absl::StartsWith(url, "//")) return IsBetterStackHostName(HostOf(url.substr(2)));
  if (!absl::StartsWith(url, "https://") && !absl::StartsWith(url, "http://")) return false;
  return IsBetterStackHostName(HostOf(url));
}

}  // namespace

bool IsBetterStackHost(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  // The apex and the app are Better Stack's product, not status pages.
  return IsBetterStackHostName(host) && host != "betteruptime.com" && host != "betterstack.com" &&
         host != "uptime.betterstack.com" && host != "www.betterstack.com";
}

bool HasBetterStackMarkers(absl::string_view html) {
  const HtmlDocument document(html);
  // Iterative walk: hostile pages nest deeply.
  std::vector<const GumboNode*> pending = {document.output().root};
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = node->v.element;
    for (const char* name : {"src", "href"}) {
      const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
      if (a != nullptr && IsAbsoluteUrlOnBetterStack(a->value)) return true;
    }
    for (unsigned i = 0; i < e.children.length; ++i) pending.push_back(static_cast<const GumboNode*>(e.children.data[i]));
  }
  return false;
}

}  // namespace statusphere::providers
