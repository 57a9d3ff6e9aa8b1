#include "providers/oracle_cloud/oracle_cloud.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "providers/common/host.h"
#include "providers/feed/feed_parser.h"
#include "providers/oracle_cloud/status_rollup.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusRole[] = "status";
constexpr char kFeedRole[] = "feed";

}  // namespace

Detection OracleCloud::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"ocistatus.oraclecloud.com"});
  return d;
}

FetchPlan OracleCloud::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kStatusRole, absl::StrCat(page_url, "/api/v2/status.json")},
           {kFeedRole, absl::StrCat(page_url, "/api/v2/incident-summary.rss")}}};
}

absl::StatusOr<ParsedPage> OracleCloud::Parse(absl::string_view page_url, const Documents& documents) const {
  const Document* status = documents.Find(kStatusRole);
  const Document* feed = documents.Find(kFeedRole);
  if (status == nullptr && feed == nullptr)
    return absl::InvalidArgumentError("neither 'status' nor 'feed' was fetched");
  ParsedPage page;
  if (feed != nullptr) {
    ASSIGN_OR_RETURN(page, ParseFeed(page_url, *feed));
    // The feed is a summary of recent incidents, resolved ones too; it is not said to keep
    // every open one, so none is closed for being left out.
    page.lists_every_open_incident = false;
  }
  if (status != nullptr) {
    ASSIGN_OR_RETURN(StatusRollup rollup, ParseStatusRollup(*status, "Oracle Cloud Infrastructure"));
    page.platform_indicator = rollup.indicator;
    page.components.push_back(std::move(rollup.component));
  }
  return page;
}

}  // namespace statusphere::providers
