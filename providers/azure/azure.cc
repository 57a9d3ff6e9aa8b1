#include "providers/azure/azure.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "providers/common/host.h"
#include "providers/feed/feed_parser.h"

namespace statusphere::providers {
namespace {

constexpr char kFeedRole[] = "feed";

bool IsAzureHost(absl::string_view url) {
  const absl::string_view host = HostOf(url);
  return host == "azure.status.microsoft" || host == "status.azure.com";
}

}  // namespace

FetchPlan Azure::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kFeedRole, absl::StrCat(page_url, "/feed/")}}};
}

absl::StatusOr<ParsedPage> Azure::Parse(absl::string_view page_url, const Documents& documents) const {
  const Document* feed = documents.Find(kFeedRole);
  if (feed == nullptr) return absl::InvalidArgumentError(absl::StrCat("no '", kFeedRole, "' document"));
  ASSIGN_OR_RETURN(ParsedPage page, ParseFeed(page_url, *feed));
  // The feed carries current communications only, so it lists every open incident.
  page.lists_every_open_incident = true;
  return page;
}

Detection Azure::detection() const {
  Detection d;
  d.known_host = IsAzureHost;
  d.probe_url = [](absl::string_view page_url) { return absl::StrCat(page_url, "/feed/"); };
  // Any feed looks alike: only Azure's own hosts make one Azure's.
  d.probe_matches = [](const Document& probe) {
    return IsAzureHost(probe.url) && probe.http_status == 200 && LooksLikeFeed(probe.body);
  };
  return d;
}

}  // namespace statusphere::providers
