#include "providers/atlassian_statuspage/home_page_markers.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "providers/common/host.h"
#include "providers/common/html_document.h"

namespace statusphere::providers {
namespace {

absl::string_view Attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
  return a == nullptr ? absl::string_view() : absl::string_view(a->value);
}

bool IsStatuspageAssetHost(absl::string_view url) {
  if (!absl::StartsWith(url, "https://") && !absl::StartsWith(url, "http://") && !absl::StartsWith(url, "//")) {
    return false;
  }
  const std::string host = absl::AsciiStrToLower(HostOf(absl::StartsWith(url, "//") ? url.substr(2) : url));
  return host == "dka575ofm4ao0.cloudfront.net" || absl::EndsWith(host, ".statuspage.io");
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

bool HasStatuspageMarkers(absl::string_view html) {
  const HtmlDocument document(html);
  bool issued_stamp = false, history_feed = false, asset_host = false;
  ForEachElement(document, [&](const GumboNode* node) {
    const GumboElement& e = node->v.element;
    if (IsStatuspageAssetHost(Attribute(e, "src")) || IsStatuspageAssetHost(Attribute(e, "href"))) asset_host = true;
    if (e.tag == GUMBO_TAG_META && Attribute(e, "name") == "issued" && AllDigits(Attribute(e, "content"))) {
      issued_stamp = true;
    }
    if (e.tag == GUMBO_TAG_LINK && Attribute(e, "rel") == "alternate" &&
        Attribute(e, "type") == "application/atom+xml" && absl::EndsWith(Attribute(e, "href"), "/history.atom")) {
      history_feed = true;
    }
    return !asset_host && !(issued_stamp && history_feed);
  });
  return asset_host || (issued_stamp && history_feed);
}

}  // namespace statusphere::providers
