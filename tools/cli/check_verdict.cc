#include "tools/cli/check_verdict.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/proto_time.h"

namespace statusphere::cli {
namespace {

// An unresolved incident's impact: minor (or none) degrades, major and critical say so.
Severity OfImpact(const std::string& impact) {
  if (impact == "critical") return Severity::kCritical;
  if (impact == "major") return Severity::kMajor;
  return Severity::kDegraded;
}

// A component's status in the same scale: a major outage is critical, a partial one major;
// maintenance degrades (the component does not serve as usual).
Severity OfComponent(const std::string& status) {
  if (status == "major_outage") return Severity::kCritical;
  if (status == "partial_outage") return Severity::kMajor;
  if (status == "degraded_performance" || status == "under_maintenance") return Severity::kDegraded;
  return Severity::kOperational;
}

bool Named(const std::vector<std::string>& lowercase_names, const std::string& name) {
  return std::find(lowercase_names.begin(), lowercase_names.end(), absl::AsciiStrToLower(name)) !=
         lowercase_names.end();
}

}  // namespace

absl::StatusOr<Severity> ParseThreshold(absl::string_view word) {
  if (word == "degraded") return Severity::kDegraded;
  if (word == "major") return Severity::kMajor;
  if (word == "critical") return Severity::kCritical;
  return absl::InvalidArgumentError(absl::StrCat("--fail-on must be degraded, major or critical, not '", word, "'"));
}

std::string SeverityWord(Severity severity) {
  switch (severity) {
    case Severity::kOperational:
      return "operational";
    case Severity::kDegraded:
      return "degraded";
    case Severity::kMajor:
      return "major";
    case Severity::kCritical:
      return "critical";
  }
  return "unknown";
}

std::string VendorVerdict::Status() const {
  switch (knowledge) {
    case Knowledge::kKnown:
      return SeverityWord(severity);
    case Knowledge::kNotFound:
      return "not found";
    case Knowledge::kNeverRead:
      return "unknown";
    case Knowledge::kStale:
      return "stale";
  }
  return "unknown";
}

VendorVerdict Judge(const std::string& query, const v1::StatusPage& page, const v1::GetCurrentStatusResponse& current,
                    const std::vector<std::string>& component_names) {
  VendorVerdict verdict;
  verdict.query = query;
  verdict.name = page.name();
  verdict.url = page.url();
  if (IsSet(current.last_currently_scraped())) verdict.last_read = FromProto(current.last_currently_scraped());
  if (current.status() == "UNKNOWN") {
    verdict.knowledge = IsSet(current.last_currently_scraped()) ? Knowledge::kStale : Knowledge::kNeverRead;
    verdict.reason = current.status_reason().empty() ? "not indexed yet" : current.status_reason();
    return verdict;
  }
  bool narrowed = false;
  for (const v1::Component& component : page.components()) {
    if (Named(component_names, component.name())) narrowed = true;
  }
  for (const v1::Component& component : page.components()) {
    if (narrowed && !Named(component_names, component.name())) continue;
    if (narrowed) verdict.components.push_back({component.name(), component.status()});
    verdict.severity = std::max(verdict.severity, OfComponent(component.status()));
  }
  for (const v1::Incident& incident : current.unresolved_incidents()) {
    bool counted = !narrowed || incident.components().empty();
    for (const std::string& name : incident.components()) counted = counted || Named(component_names, name);
    if (!counted) continue;
    OpenIncident open{incident.title(),
                      incident.impact(),
                      FromProto(incident.start_time()),
                      incident.deep_link(),
                      {incident.components().begin(), incident.components().end()}};
    verdict.since = verdict.since == absl::InfinitePast() ? open.since : std::min(verdict.since, open.since);
    verdict.severity = std::max(verdict.severity, OfImpact(incident.impact()));
    verdict.incidents.push_back(std::move(open));
  }
  if (!narrowed && current.status() == "DEGRADED" && verdict.severity == Severity::kOperational) {
    // DEGRADED with no open incident and every component operational: a maintenance window
    // in progress (GetCurrentStatus leaves those out). Degraded, never fine.
    verdict.severity = Severity::kDegraded;
    verdict.reason = "a maintenance window is in progress";
  }
  return verdict;
}

VendorVerdict NotFound(const std::string& query) {
  VendorVerdict verdict;
  verdict.query = query;
  verdict.knowledge = Knowledge::kNotFound;
  verdict.reason = "statusphere has no status page matching '" + query + "'";
  return verdict;
}

int ExitCode(const std::vector<VendorVerdict>& verdicts, Severity threshold) {
  bool unknown = false;
  for (const VendorVerdict& verdict : verdicts) {
    if (verdict.knowledge != Knowledge::kKnown) {
      unknown = true;
    } else if (verdict.severity >= threshold) {
      return 1;
    }
  }
  return unknown ? 2 : 0;
}

}  // namespace statusphere::cli
