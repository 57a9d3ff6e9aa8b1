#include "providers/upptime/site_repository.h"

#include <gumbo.h>

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "providers/common/host.h"
#include "providers/common/html_document.h"

namespace statusphere::providers {
namespace {

bool IsNamePart(absl::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// https://github.com/<owner>/<repo>, with nothing after the repository but a slash.
std::optional<SiteRepository> RepositoryLink(absl::string_view href) {
  for (absl::string_view prefix : {"https://github.com/", "http://github.com/", "https://www.github.com/"}) {
    if (!absl::StartsWith(href, prefix)) continue;
    absl::string_view path = href.substr(prefix.size());
    absl::ConsumeSuffix(&path, "/");
    std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
    if (parts.size() != 2 || !IsNamePart(parts[0]) || !IsNamePart(parts[1])) return std::nullopt;
    return SiteRepository{std::string(parts[0]), std::string(parts[1])};
  }
  return std::nullopt;
}

bool IsUpptimeMark(absl::string_view url) {
  return HostOf(url) == "upptime.js.org" || absl::StrContains(url, "/upptime/upptime/master/assets/upptime-icon");
}

}  // namespace

std::optional<SiteRepository> UpptimeRepositoryOf(absl::string_view home_html) {
  HtmlDocument document(home_html);
  bool marked = false;
  std::optional<SiteRepository> in_footer, elsewhere;
  // An explicit stack (hostile pages nest deeper than a thread's stack), in document order.
  std::vector<std::pair<const GumboNode*, bool>> pending = {{document.output().root, false}};  // node, in <footer>
  while (!pending.empty()) {
    auto [node, footer] = pending.back();
    pending.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& element = node->v.element;
    footer = footer || element.tag == GUMBO_TAG_FOOTER;
    if (element.tag == GUMBO_TAG_A || element.tag == GUMBO_TAG_LINK) {
      if (const GumboAttribute* href = gumbo_get_attribute(&element.attributes, "href")) {
        marked = marked || IsUpptimeMark(href->value);
        if (element.tag == GUMBO_TAG_A) {
          std::optional<SiteRepository>& slot = footer ? in_footer : elsewhere;
          if (!slot) slot = RepositoryLink(href->value);
        }
      }
    }
    for (unsigned i = element.children.length; i > 0; --i) {
      pending.emplace_back(static_cast<const GumboNode*>(element.children.data[i - 1]), footer);
    }
  }
  if (!marked) return std::nullopt;
  return in_footer ? in_footer : elsewhere;
}

std::string SummaryUrlOf(const SiteRepository& repository) {
  return absl::StrCat("https://raw.githubusercontent.com/", repository.owner, "/", repository.repo,
                      "/master/history/summary.json");
}

}  // namespace statusphere::providers
