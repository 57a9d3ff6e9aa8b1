#include "providers/detect.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "providers/registry.h"

namespace statusphere::providers {

absl::StatusOr<const Provider*> Detect(absl::string_view page_url, const DocumentFetcher& fetch) {
  for (const Provider* p : AllProviders()) {
    if (p->MatchesHost(page_url)) return p;
  }
  std::vector<std::string> tried;
  for (const Provider* p : AllProviders()) {
    const std::string probe_url = p->ProbeUrl(page_url);
    if (probe_url.empty()) continue;
    const Document probe = fetch(probe_url);
    if (p->MatchesProbe(probe)) return p;
    tried.push_back(absl::StrCat(p->name(), " (", probe_url, ": HTTP ", probe.http_status, ")"));
  }
  return absl::NotFoundError(absl::StrCat("no provider recognised ", page_url, "; tried ",
                                          tried.empty() ? "nothing" : absl::StrJoin(tried, ", ")));
}

}  // namespace statusphere::providers
