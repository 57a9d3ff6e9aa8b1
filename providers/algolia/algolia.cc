#include "providers/algolia/algolia.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusRole[] = "status";

// Algolia's words are Statuspage's component words, ours too: kept as they are when known.
constexpr absl::string_view kComponentStatus[] = {
    vocabulary::kComponentOperational, vocabulary::kComponentDegradedPerformance, vocabulary::kComponentPartialOutage,
    vocabulary::kComponentMajorOutage, vocabulary::kComponentUnderMaintenance};

}  // namespace

Detection Algolia::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.algolia.com"});
  return d;
}

FetchPlan Algolia::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kStatusRole, absl::StrCat(page_url, "/2/status/service/all/period/current")}}};
}

absl::StatusOr<ParsedPage> Algolia::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kStatusRole));
  ASSIGN_OR_RETURN(Json json, ParseJsonObject(doc->url, doc->body));
  const std::string status =
      json.contains("global") && json["global"].is_object() ? StringField(json["global"], "status") : "";
  if (status.empty())
    return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no global.status: not Algolia's status"));
  ParsedPage page;
  page.platform_indicator = status;
  page.lists_every_open_incident = true;  // it lists none
  statusphere::v1::Component algolia;
  algolia.set_id("algolia");
  algolia.set_name("Algolia");
  algolia.set_status("unknown");
  for (absl::string_view known : kComponentStatus) {
    if (known == status) algolia.set_status(status);
  }
  page.components.push_back(std::move(algolia));
  return page;
}

}  // namespace statusphere::providers
