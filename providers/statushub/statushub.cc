#include "providers/statushub/statushub.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "providers/common/counted_services.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusesRole[] = "statuses";
constexpr char kDomain[] = ".statushub.io";

std::optional<int64_t> Count(const Json& counters, const char* key) {
  if (!counters.contains(key)) return std::nullopt;
  const Json& n = counters[key];
  if (!n.is_number_integer() || n.get<int64_t>() < 0) return std::nullopt;
  return n.get<int64_t>();
}

// <name>.statushub.io is a hub; app, app-eu1 (the control panel and its API, which take a key)
// and the company's own hosts are not.
bool IsHubHost(absl::string_view page_url) {
  const absl::string_view host = HostOf(page_url);
  if (!absl::EndsWith(host, kDomain) || host.size() <= sizeof(kDomain) - 1) return false;
  const absl::string_view label = host.substr(0, host.size() - (sizeof(kDomain) - 1));
  return label.find('.') == absl::string_view::npos && label != "www" && label != "app" && label != "app-eu1" &&
         label != "api";
}

}  // namespace

Detection StatusHub::detection() const {
  Detection d;
  // Its hosts and the known pages on custom domains (WP Engine's, Citrix's); no probe: a
  // counters document is too plain a shape to tell a platform by, and probing would cost
  // every page detection meets a fetch.
  d.known_host = [vendors = HomeIsOneOf({"wpenginestatus.com", "status.cloud.com"})](absl::string_view page_url) {
    return IsHubHost(page_url) || vendors(page_url);
  };
  return d;
}

FetchPlan StatusHub::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kStatusesRole, absl::StrCat(page_url, "/api/statuses")}}};
}

absl::StatusOr<ParsedPage> StatusHub::Parse(absl::string_view, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* doc, documents.RequireOk(kStatusesRole));
  ASSIGN_OR_RETURN(const Json json, ParseJsonObject(doc->url, doc->body));
  if (!json.contains("counters") || !json["counters"].is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(doc->url, ": no 'counters' object: not StatusHub's /api/statuses"));
  }
  const Json& counters = json["counters"];
  // StatusHub's three service states, as its counters number them (inket/stts reads 1 as up,
  // 2 as affected, 3 as down; a university's traffic-light widget reads them the same way).
  ServiceCounts c;
  std::pair<const char*, int64_t*> fields[] = {
      {"count_status_1", &c.up}, {"count_status_2", &c.affected}, {"count_status_3", &c.down}};
  for (auto& [key, value] : fields) {
    const std::optional<int64_t> n = Count(counters, key);
    if (!n.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(doc->url, ": counters.", key, " is missing or not a count of services"));
    }
    *value = *n;
  }
  return CountedServicesPage("services", "Services", c,
                             absl::StrCat(c.up, " up, ", c.affected, " affected, ", c.down, " down"));
}

}  // namespace statusphere::providers
