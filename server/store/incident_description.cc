#include "server/store/incident_description.h"

#include "absl/strings/ascii.h"
#include "common/vocabulary.h"
#include "server/store/incident_merge.h"

namespace statusphere::store {
namespace {

bool HasText(const statusphere::v1::IncidentEvent& e) { return !absl::StripAsciiWhitespace(e.description()).empty(); }

}  // namespace

void FillDescription(statusphere::v1::Incident& incident) {
  if (!absl::StripAsciiWhitespace(incident.description()).empty()) return;
  for (const auto& e : incident.events()) {
    if (e.status() == vocabulary::kLifecyclePostmortem && HasText(e)) {
      incident.set_description(e.description());
      return;
    }
  }
  for (const auto& e : incident.events()) {
    if (e.id() != kNoLongerListedEventId && HasText(e)) {
      incident.set_description(e.description());
      return;
    }
  }
}

void FillDescriptions(std::vector<statusphere::v1::Incident>& incidents) {
  for (auto& incident : incidents) FillDescription(incident);
}

}  // namespace statusphere::store
