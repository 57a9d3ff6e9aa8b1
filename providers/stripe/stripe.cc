#include "providers/stripe/stripe.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kCurrentRole[] = "current";

// Stripe's UptimeStatus, in our component words. pending and paused are shown by the page
// as neither up nor down; inket/stts reads them as maintenance, and so do we.
constexpr std::pair<absl::string_view, absl::string_view> kComponentStatus[] = {
    {"up", vocabulary::kComponentOperational},          {"degraded", vocabulary::kComponentDegradedPerformance},
    {"down", vocabulary::kComponentMajorOutage},        {"pending", vocabulary::kComponentUnderMaintenance},
    {"paused", vocabulary::kComponentUnderMaintenance},
};

std::string ComponentStatus(absl::string_view uptime_status) {
  for (const auto& [theirs, ours] : kComponentStatus) {
    if (theirs == uptime_status) return std::string(ours);
  }
  return "unknown";
}

}  // namespace

Detection Stripe::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.stripe.com"});
  return d;
}

FetchPlan Stripe::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kCurrentRole, absl::StrCat(page_url, "/current/full")}}};
}

absl::StatusOr<ParsedPage> Stripe::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* current, documents.RequireOk(kCurrentRole));
  ASSIGN_OR_RETURN(Json json, ParseJsonObject(current->url, current->body));
  const std::string uptime_status = StringField(json, "UptimeStatus");
  if (uptime_status.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(current->url, ": no 'UptimeStatus': not Stripe's status document"));
  }
  ParsedPage page;
  page.platform_indicator = uptime_status;
  statusphere::v1::Component stripe;
  stripe.set_id("stripe");
  stripe.set_name("Stripe");
  stripe.set_status(ComponentStatus(uptime_status));
  page.components.push_back(std::move(stripe));
  // The document lists no incidents, so none it lists can be open.
  page.lists_every_open_incident = true;
  return page;
}

}  // namespace statusphere::providers
