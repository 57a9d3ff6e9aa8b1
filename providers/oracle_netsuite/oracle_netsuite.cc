#include "providers/oracle_netsuite/oracle_netsuite.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "providers/common/host.h"
#include "providers/oracle_cloud/status_rollup.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusRole[] = "status";

}  // namespace

Detection OracleNetSuite::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.netsuite.com"});
  return d;
}

FetchPlan OracleNetSuite::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kStatusRole, absl::StrCat(page_url, "/api/v2/status.json")}}};
}

absl::StatusOr<ParsedPage> OracleNetSuite::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* status, documents.Require(kStatusRole));
  ASSIGN_OR_RETURN(StatusRollup rollup, ParseStatusRollup(*status, "NetSuite"));
  ParsedPage page;
  page.platform_indicator = rollup.indicator;
  page.components.push_back(std::move(rollup.component));
  page.lists_every_open_incident = true;
  return page;
}

}  // namespace statusphere::providers
