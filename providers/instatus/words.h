// Instatus's status words in our vocabulary, shared by the summary.json parser and the
// home page's.
#ifndef STATUSPHERE_PROVIDERS_INSTATUS_WORDS_H_
#define STATUSPHERE_PROVIDERS_INSTATUS_WORDS_H_

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "common/vocabulary.h"

namespace statusphere::providers::instatus {

inline std::string Impact(const std::string& impact) {
  if (impact == "MAJOROUTAGE") return vocabulary::kImpactCritical;
  if (impact == "PARTIALOUTAGE") return vocabulary::kImpactMajor;
  if (impact == "DEGRADEDPERFORMANCE") return vocabulary::kImpactMinor;
  if (impact == "UNDERMAINTENANCE") return vocabulary::kImpactMaintenance;
  return vocabulary::kImpactNone;
}

inline std::string ComponentStatus(const std::string& status) {
  if (status == "OPERATIONAL") return vocabulary::kComponentOperational;
  if (status == "DEGRADEDPERFORMANCE") return vocabulary::kComponentDegradedPerformance;
  if (status == "PARTIALOUTAGE") return vocabulary::kComponentPartialOutage;
  if (status == "MAJOROUTAGE") return vocabulary::kComponentMajorOutage;
  if (status == "UNDERMAINTENANCE") return vocabulary::kComponentUnderMaintenance;
  return "unknown";
}

inline std::string Status(const std::string& status) {
  if (status == "NOTSTARTEDYET") return vocabulary::kLifecycleScheduled;
  if (status == "INPROGRESS") return vocabulary::kLifecycleInProgress;
  const std::string lower = absl::AsciiStrToLower(status);
  static const auto* known =
      new std::set<std::string>{"investigating", "identified", "monitoring", "resolved", "completed"};
  return known->count(lower) ? lower : vocabulary::kLifecycleInvestigating;
}

}  // namespace statusphere::providers::instatus

#endif  // STATUSPHERE_PROVIDERS_INSTATUS_WORDS_H_
