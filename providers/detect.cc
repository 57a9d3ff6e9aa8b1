#include "providers/detect.h"

#include <map>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "providers/registry.h"

namespace statusphere::providers {

absl::StatusOr<const Provider*> Detect(absl::string_view page_url, const DocumentFetcher& fetch) {
  // Asked once per provider, in registration order.
  std::vector<std::pair<const Provider*, Detection>> providers;
  for (const Provider* p : AllProviders()) providers.emplace_back(p, p->detection());
  for (const auto& [p, detection] : providers) {
    if (detection.IsKnownHost(page_url)) return p;
  }
  // Each URL is fetched once, though several steps may read it (the home page).
  std::map<std::string, Document> fetched;
  auto get = [&](const std::string& url) -> const Document& {
    auto it = fetched.find(url);
    if (it == fetched.end()) it = fetched.emplace(url, fetch(url)).first;
    return it->second;
  };
  std::vector<std::string> tried;
  // A document under the page's own address that got no response at all (no such host,
  // refused, timed out, a blocked address): every other probe would ask the same server,
  // and a dozen failing fetches would only make a dead page cost a dozen times more.
  const Document* unreachable = nullptr;
  auto probe = [&](const Provider* p, const Detection& detection) {
    const std::string probe_url = detection.probe_url ? detection.probe_url(page_url) : "";
    if (probe_url.empty()) return false;
    const Document& document = get(probe_url);
    if (detection.ProbeMatches(document)) return true;
    tried.push_back(absl::StrCat(p->name(), " (", probe_url, ": ", OutcomeOf(document), ")"));
    if (document.http_status == 0 && absl::StartsWith(probe_url, page_url)) unreachable = &document;
    return false;
  };
  auto gave_up = [&] {
    return absl::UnavailableError(absl::StrCat("no provider could be asked about ", page_url, ": ",
                                               OutcomeOf(*unreachable), " (detection stopped there)"));
  };
  // Known hosts, then the probe documents' shapes, then the home page's markers, then
  // the generic formats.
  for (const auto& [p, detection] : providers) {
    if (!detection.probe_is_last_resort && probe(p, detection)) return p;
    if (unreachable != nullptr) return gave_up();
  }
  const Document& home = get(std::string(page_url));
  if (home.http_status == 0) {
    unreachable = &home;
    return gave_up();
  }
  if (home.http_status == 200) {
    for (const auto& [p, detection] : providers) {
      if (detection.HomePageMatches(home)) return p;
    }
  }
  tried.push_back(absl::StrCat("home page markers (", page_url, ": ", OutcomeOf(home), ")"));
  for (const auto& [p, detection] : providers) {
    if (detection.probe_is_last_resort && probe(p, detection)) return p;
    if (unreachable != nullptr) return gave_up();
  }
  return absl::NotFoundError(absl::StrCat("no provider recognised ", page_url, "; tried ",
                                          tried.empty() ? "nothing" : absl::StrJoin(tried, ", ")));
}

}  // namespace statusphere::providers
