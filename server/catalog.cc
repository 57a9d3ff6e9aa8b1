#include "server/catalog.h"

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/page_url.h"

namespace statusphere {

absl::StatusOr<std::vector<store::NewPage>> ParseCatalog(absl::string_view text) {
  std::vector<store::NewPage> pages;
  std::set<std::string> names, urls;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (absl::StripAsciiWhitespace(line).empty() || line.front() == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat("catalog line ", line_number, ": ", what));
    };
    if (fields.size() != 3) {
      return error(absl::StrCat("expected 3 tab-separated fields (name, url, provider), got ", fields.size()));
    }
    store::NewPage page;
    page.name = std::string(absl::StripAsciiWhitespace(fields[0]));
    page.url = std::string(fields[1]);
    page.provider = std::string(absl::StripAsciiWhitespace(fields[2]));
    page.origin = store::PageOrigin::kCatalog;
    if (page.name.empty()) return error("empty name");
    absl::StatusOr<std::string> normalized = NormalizePageUrl(page.url);
    if (!normalized.ok()) return error(normalized.status().message());
    if (*normalized != page.url)
      return error(absl::StrCat("url '", page.url, "' is not normalized: write '", *normalized, "'"));
    if (!names.insert(absl::AsciiStrToLower(page.name)).second)
      return error(absl::StrCat("duplicate name '", page.name, "'"));
    if (!urls.insert(page.url).second) return error(absl::StrCat("duplicate url '", page.url, "'"));
    pages.push_back(std::move(page));
  }
  return pages;
}

absl::StatusOr<std::vector<store::NewPage>> LoadCatalog(const std::string& path) {
  if (path.empty()) return ParseCatalog(EmbeddedCatalog());
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read catalog file '", path, "'"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  absl::StatusOr<std::vector<store::NewPage>> pages = ParseCatalog(buffer.str());
  if (!pages.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", pages.status().message()));
  return pages;
}

}  // namespace statusphere
