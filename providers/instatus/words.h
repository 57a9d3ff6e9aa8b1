// Instatus's status words in our vocabulary, shared by the summary.json parser and the
// home page's.
#ifndef STATUSPHERE_PROVIDERS_INSTATUS_WORDS_H_
#define STATUSPHERE_PROVIDERS_INSTATUS_WORDS_H_

#include <set>
#include <string>

#include "absl/strings/ascii.h"

namespace statusphere::providers::instatus {

inline std::string Impact(const std::string& impact) {
  if (impact == "MAJOROUTAGE") return "critical";
  if (impact == "PARTIALOUTAGE") return "major";
  if (impact == "DEGRADEDPERFORMANCE") return "minor";
  if (impact == "UNDERMAINTENANCE") return "maintenance";
  return "none";
}

inline std::string ComponentStatus(const std::string& status) {
  if (status == "OPERATIONAL") return "operational";
  if (status == "DEGRADEDPERFORMANCE") return "degraded_performance";
  if (status == "PARTIALOUTAGE") return "partial_outage";
  if (status == "MAJOROUTAGE") return "major_outage";
  if (status == "UNDERMAINTENANCE") return "under_maintenance";
  return "unknown";
}

inline std::string Status(const std::string& status) {
  if (status == "NOTSTARTEDYET") return "scheduled";
  if (status == "INPROGRESS") return "in_progress";
  const std::string lower = absl::AsciiStrToLower(status);
  static const auto* known = new std::set<std::string>{"investigating", "identified", "monitoring", "resolved", "completed"};
  return known->count(lower) ? lower : "investigating";
}

}  // namespace statusphere::providers::instatus

#endif  // STATUSPHERE_PROVIDERS_INSTATUS_WORDS_H_
