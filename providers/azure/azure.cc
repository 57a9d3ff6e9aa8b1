#include "providers/azure/azure.h"

#include "absl/strings/str_cat.h"
#include "providers/common/host.h"

namespace statusphere::providers {

bool Azure::MatchesHost(absl::string_view page_url) const {
  const absl::string_view host = HostOf(page_url);
  return host == "azure.status.microsoft" || host == "status.azure.com";
}

bool Azure::MatchesProbe(const Document& probe) const {
  return MatchesHost(probe.url) && FeedProvider::MatchesProbe(probe);
}

std::string Azure::ProbeUrl(absl::string_view page_url) const { return absl::StrCat(page_url, "/feed/"); }

absl::StatusOr<ParsedPage> Azure::Parse(absl::string_view page_url, const std::vector<Document>& documents) const {
  absl::StatusOr<ParsedPage> page = FeedProvider::Parse(page_url, documents);
  if (page.ok()) page->lists_every_open_incident = true;
  return page;
}

}  // namespace statusphere::providers
