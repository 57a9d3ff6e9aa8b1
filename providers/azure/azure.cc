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

}  // namespace statusphere::providers
