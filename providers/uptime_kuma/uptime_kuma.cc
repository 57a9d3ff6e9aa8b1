#include "providers/uptime_kuma/uptime_kuma.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/uptime_kuma/components.h"
#include "providers/uptime_kuma/incidents.h"
#include "providers/uptime_kuma/page_address.h"

namespace statusphere::providers {
namespace {

constexpr char kStatusPageRole[] = "status-page";  // /api/status-page/<slug>: config, groups, incident
constexpr char kHeartbeatRole[] = "heartbeat";     // /api/status-page/heartbeat/<slug>

bool HasKumaPageShape(const Json& json) {
  return json.contains("config") && json["config"].is_object() && json.contains("publicGroupList") &&
         json["publicGroupList"].is_array();
}

// A document that must be a JSON object fetched with 200. Kuma answers an unknown slug
// with 404 and {"status":"fail","msg":"Status Page Not Found"}.
absl::StatusOr<Json> JsonDocument(const Document& doc) {
  if (doc.http_status == 404) return absl::NotFoundError(absl::StrCat(doc.url, ": HTTP 404 (no such status page)"));
  if (doc.http_status != 200) return absl::UnavailableError(absl::StrCat(doc.url, ": HTTP ", doc.http_status));
  return ParseJsonObject(doc.url, doc.body);
}

}  // namespace

FetchPlan UptimeKuma::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  const std::optional<KumaPageAddress> page = KumaPageAddressOf(page_url);
  if (!page) return {};  // Parse then says why
  return {{{kStatusPageRole, StatusPageJsonUrl(*page)}, {kHeartbeatRole, HeartbeatJsonUrl(*page)}}};
}

Detection UptimeKuma::detection() const {
  Detection d;
  d.probe_url = [](absl::string_view page_url) {
    const std::optional<KumaPageAddress> page = KumaPageAddressOf(page_url);
    return page ? StatusPageJsonUrl(*page) : "";
  };
  d.probe_matches = JsonProbeOfShape(HasKumaPageShape);
  return d;
}

absl::StatusOr<ParsedPage> UptimeKuma::Parse(absl::string_view page_url, const Documents& documents) const {
  if (!KumaPageAddressOf(page_url)) {
    return absl::InvalidArgumentError(
        absl::StrCat(page_url, ": not an Uptime Kuma page URL (expected the host, /status or /status/<slug>)"));
  }
  ASSIGN_OR_RETURN(const Document* page_document, documents.Require(kStatusPageRole));
  ASSIGN_OR_RETURN(const Document* heartbeat_document, documents.Require(kHeartbeatRole));
  const Document& page_doc = *page_document;
  const Document& heartbeat_doc = *heartbeat_document;
  absl::StatusOr<Json> page = JsonDocument(page_doc);
  if (!page.ok()) return page.status();
  if (!HasKumaPageShape(*page)) {
    return absl::InvalidArgumentError(
        absl::StrCat(page_doc.url, ": no 'config' and 'publicGroupList': not an Uptime Kuma status page"));
  }
  // Without the heartbeats every monitor would read "unknown", which is a page half
  // parsed: a failed heartbeat fetch fails the scrape, to be retried whole.
  absl::StatusOr<Json> heartbeats = JsonDocument(heartbeat_doc);
  if (!heartbeats.ok()) return heartbeats.status();

  absl::StatusOr<std::map<std::string, std::string>> statuses = MonitorStatuses(*heartbeats);
  if (!statuses.ok())
    return absl::InvalidArgumentError(absl::StrCat(heartbeat_doc.url, ": ", statuses.status().message()));

  ParsedPage parsed;
  // The page shows its one pinned incident and the maintenances under way: unpinned or
  // ended ones simply vanish.
  parsed.lists_every_open_incident = true;
  absl::StatusOr<std::vector<statusphere::v1::Component>> components = KumaComponents(*page, *statuses);
  if (!components.ok())
    return absl::InvalidArgumentError(absl::StrCat(page_doc.url, ": ", components.status().message()));
  parsed.components = std::move(*components);
  absl::StatusOr<std::vector<statusphere::v1::Incident>> incidents = KumaIncidents(page_url, *page);
  if (!incidents.ok())
    return absl::InvalidArgumentError(absl::StrCat(page_doc.url, ": ", incidents.status().message()));
  parsed.incidents = std::move(*incidents);
  return RequireUniqueIncidentIds(page_doc.url, std::move(parsed));
}

}  // namespace statusphere::providers
