#include "providers/incident_io/incident_io.h"

#include "providers/common/json_fields.h"

namespace statusphere::providers {

std::vector<std::string> IncidentIo::UrlsToFetch(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  // No history.atom on incident.io: the backfill is the JSON API too.
  return AtlassianStatuspage::UrlsToFetch(page_url, statusphere::v1::SCRAPE_KIND_CURRENT);
}

bool IncidentIo::MatchesProbe(const Document& probe) const {
  if (!AtlassianStatuspage::MatchesProbe(probe)) return false;
  absl::StatusOr<Json> json = ParseJsonObject(probe.url, probe.body);
  const std::string id = json.ok() ? StringField((*json)["page"], "id") : "";
  // A ULID: 26 Crockford base-32 characters, starting with the timestamp's "0".
  if (id.size() != 26 || id[0] != '0') return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

}  // namespace statusphere::providers
