#include "providers/paypal/paypal.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kComponentsRole[] = "components";

// An entry's status for one environment, lower-cased with spaces as underscores ("Service
// Disruption" -> service_disruption), in our component words, worst first: a category is as
// bad as its worst entry. "informational" is a notice that leaves the service working.
constexpr std::pair<absl::string_view, absl::string_view> kComponentStatus[] = {
    {"service_outage", "major_outage"},
    {"service_disruption", "partial_outage"},
    {"under_maintenance", "under_maintenance"},
    {"operational", "operational"},
    {"informational", "operational"},
};
constexpr size_t kUnknown = std::size(kComponentStatus);  // ranked between maintenance and operational

size_t Rank(absl::string_view status) {
  std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(status));
  for (char& c : key) c = c == ' ' ? '_' : c;
  for (size_t i = 0; i < std::size(kComponentStatus); ++i) {
    if (kComponentStatus[i].first == key) return i;
  }
  return kUnknown;
}

// Worse first, unknown in its place.
int Severity(size_t rank) {
  if (rank == kUnknown) return 3;
  return rank < 3 ? static_cast<int>(rank) : static_cast<int>(rank) + 1;
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
  d.known_host = HostIsOneOf({"www.paypal-status.com", "paypal-status.com"});
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
  // (category, environment) -> worst rank, in the order first seen.
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, size_t> worst;
  for (const Json& entry : ArrayField(json, "result")) {
    if (!entry.is_object()) continue;
    const std::string category =
        entry.contains("category") && entry["category"].is_object() ? StringField(entry["category"], "name") : "";
    if (category.empty() || !entry.contains("status") || !entry["status"].is_object()) continue;
    for (const auto& [environment, value] : entry["status"].items()) {
      if (!value.is_string()) continue;
      const auto key = std::make_pair(category, environment);
      const size_t rank = Rank(value.get<std::string>());
      auto [it, added] = worst.emplace(key, rank);
      if (added) {
        order.push_back(key);
      } else if (Severity(rank) < Severity(it->second)) {
        it->second = rank;
      }
    }
  }
  ParsedPage page;
  page.lists_every_open_incident = true;  // it lists none
  for (const auto& key : order) {
    const auto& [category, environment] = key;
    statusphere::v1::Component c;
    c.set_name(environment == "production" ? CategoryName(category) : absl::StrCat(CategoryName(category), " (", environment, ")"));
    c.set_id(absl::StrCat(category, "/", environment));
    const size_t rank = worst[key];
    c.set_status(rank == kUnknown ? "unknown" : std::string(kComponentStatus[rank].second));
    page.components.push_back(std::move(c));
  }
  return page;
}

}  // namespace statusphere::providers
