#include "server/notify/incident_text.h"

#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "common/web_link.h"

namespace statusphere::notify {

std::string Truncate(absl::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return absl::StrCat(Utf8Prefix(text, max - 3), "...");
}

std::string LatestUpdate(const v1::Incident& incident) {
  if (incident.events().empty()) return incident.description();
  const v1::IncidentEvent& e = incident.events(0);
  return e.title().empty() ? e.description() : absl::StrCat(e.title(), " - ", e.description());
}

std::string Components(const v1::Incident& incident) {
  std::string out;
  for (const std::string& c : incident.components()) absl::StrAppend(&out, out.empty() ? "" : ", ", c);
  return out.empty() ? "-" : out;
}

std::string Impact(const v1::Incident& incident) { return incident.impact().empty() ? "none" : incident.impact(); }

std::string IncidentLink(const v1::Incident& incident) {
  return WebLinkOr(incident.deep_link(), incident.status_page_url());
}

std::string Rfc3339(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()); }

}  // namespace statusphere::notify
