#include "providers/hyperping/hyperping.h"

#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusRole[] = "status";

namespace vocabulary = statusphere::vocabulary;

// A service's indicator and ours (Hyperping: "Operational" up, "Outage" down, "Under
// Maintenance" maintenance).
struct IndicatorWords {
  const char* indicator;
  const char* component_status;
};
constexpr IndicatorWords kIndicators[] = {
    {"up", vocabulary::kComponentOperational},
    {"down", vocabulary::kComponentMajorOutage},
    {"maintenance", vocabulary::kComponentUnderMaintenance},
};

bool IsHyperpingHost(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  for (absl::string_view domain : {".hyperping.app", ".hyperping.io"}) {
    if (absl::EndsWith(host, domain) && host.size() > domain.size() && host != "api.hyperping.io" &&
        host != "app.hyperping.io" && host != "www.hyperping.io") {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string Hyperping::StatusUrl(absl::string_view page_url) {
  // Custom domains too are served through api.hyperping.io; a copy on this machine serves
  // the same path itself.
  const absl::string_view api = IsLoopback(page_url) ? page_url : "https://api.hyperping.io";
  return absl::StrCat(api, "/v1/", HostOf(page_url), "/status.json");
}

FetchPlan Hyperping::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kStatusRole, StatusUrl(page_url)}}};
}

Detection Hyperping::detection() const {
  Detection d;
  // Its hosts only: custom domains are served through api.hyperping.io too, and asking it
  // about every page the cascade meets would cost each a fetch to a third party.
  d.known_host = IsHyperpingHost;
  return d;
}

absl::StatusOr<ParsedPage> Hyperping::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kStatusRole));
  ASSIGN_OR_RETURN(const Json status, ParseJsonObject(doc->url, doc->body));
  if (!status.contains("services") || !status["services"].is_array() || !status.contains("indicator")) {
    return absl::InvalidArgumentError(
        absl::StrCat(doc->url, ": no 'services' array and 'indicator': not Hyperping's status.json"));
  }
  ParsedPage page;
  page.platform_indicator = StringField(status, "indicator");
  std::set<std::string> seen;
  for (const Json& service : status["services"]) {
    const std::string name = StringField(service, "name");
    // Services have no ids: a name is its id (a repeated name is one component).
    if (name.empty() || !seen.insert(name).second) continue;
    statusphere::v1::Component c;
    c.set_id(name);
    c.set_name(name);
    c.set_status("unknown");
    for (const IndicatorWords& w : kIndicators) {
      if (StringField(service, "indicator") == w.indicator) c.set_status(w.component_status);
    }
    page.components.push_back(std::move(c));
  }
  // No incidents are published here: a page with none open lists every one.
  page.lists_every_open_incident = true;
  return page;
}

}  // namespace statusphere::providers
