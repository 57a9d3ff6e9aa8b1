#include "providers/paypal/paypal.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kComponentsRole[] = "components";

// An entry's status for one environment, lower-cased with spaces as underscores ("Service
// Disruption" -> service_disruption), in our component words. "informational" is a notice
// that leaves the service working; a word not listed is unknown.
constexpr std::pair<absl::string_view, absl::string_view> kComponentStatus[] = {
    {"service_outage", vocabulary::kComponentMajorOutage},
    {"service_disruption", vocabulary::kComponentPartialOutage},
    {"under_maintenance", vocabulary::kComponentUnderMaintenance},
    {"operational", vocabulary::kComponentOperational},
    {"informational", vocabulary::kComponentOperational},
};

// Our component words, worst first: a category is as bad as its worst entry.
constexpr absl::string_view kWorstFirst[] = {vocabulary::kComponentMajorOutage, vocabulary::kComponentPartialOutage,
                                             vocabulary::kComponentUnderMaintenance, "unknown",
                                             vocabulary::kComponentOperational};

std::string ComponentStatus(absl::string_view status) {
  std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(status));
  for (char& c : key) c = c == ' ' ? '_' : c;
  for (const auto& [theirs, ours] : kComponentStatus) {
    if (theirs == key) return std::string(ours);
  }
  return "unknown";
}

size_t Rank(absl::string_view component_status) {
  for (size_t i = 0; i < std::size(kWorstFirst); ++i) {
    if (kWorstFirst[i] == component_status) return i;
  }
  return 0;
}

// The page's names for its categories; another category keeps its own name.
std::string CategoryName(const std::string& category) {
  if (category == "product") return "PayPal products";
  if (category == "api") return "PayPal APIs";
  return absl::StrCat("PayPal ", category);
}

}  // namespace

Detection PayPal::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"www.paypal-status.com", "paypal-status.com"});
  return d;
}

FetchPlan PayPal::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kComponentsRole, absl::StrCat(page_url, "/api/v1/components")}}};
}

absl::StatusOr<ParsedPage> PayPal::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kComponentsRole));
  ASSIGN_OR_RETURN(Json json, ParseJsonObject(doc->url, doc->body));
  if (!json.contains("result") || !json["result"].is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'result' array: not PayPal's components"));
  }
  // (category, environment) -> its worst status, in the order first seen.
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, std::string> worst;
  for (const Json& entry : ArrayField(json, "result")) {
    if (!entry.is_object()) continue;
    const std::string category =
        entry.contains("category") && entry["category"].is_object() ? StringField(entry["category"], "name") : "";
    if (category.empty() || !entry.contains("status") || !entry["status"].is_object()) continue;
    for (const auto& [environment, value] : entry["status"].items()) {
      if (!value.is_string()) continue;
      const auto key = std::make_pair(category, environment);
      const std::string status = ComponentStatus(value.get<std::string>());
      auto [it, added] = worst.emplace(key, status);
      if (added) {
        order.push_back(key);
      } else if (Rank(status) < Rank(it->second)) {
        it->second = status;
      }
    }
  }
  ParsedPage page;
  page.lists_every_open_incident = true;  // it lists none
  for (const auto& key : order) {
    const auto& [category, environment] = key;
    statusphere::v1::Component c;
    c.set_name(environment == "production" ? CategoryName(category)
                                           : absl::StrCat(CategoryName(category), " (", environment, ")"));
    c.set_id(absl::StrCat(category, "/", environment));
    c.set_status(worst[key]);
    page.components.push_back(std::move(c));
  }
  return page;
}

}  // namespace statusphere::providers
