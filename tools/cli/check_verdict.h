// The deploy gate's judgement of one vendor (`statusphere-cli check`): how bad its page is
// now, from what the API answers (the page with its components, its current status and
// unresolved incidents), optionally only for some components; and the exit code of a check
// of several vendors. No I/O here, so that every rule is tested without a server.
#ifndef STATUSPHERE_TOOLS_CLI_CHECK_VERDICT_H_
#define STATUSPHERE_TOOLS_CLI_CHECK_VERDICT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "statusphere/v1/status_page_service.pb.h"

namespace statusphere::cli {

// How bad a vendor is, in the words of incident impacts. Ordered.
enum class Severity { kOperational = 0, kDegraded = 1, kMajor = 2, kCritical = 3 };

// "degraded", "major" or "critical" (the values of --fail-on).
absl::StatusOr<Severity> ParseThreshold(absl::string_view word);
std::string SeverityWord(Severity severity);  // operational, degraded, major, critical

// What statusphere knows of a vendor: known (a severity), or not.
enum class Knowledge { kKnown, kNotFound, kNeverRead, kStale };

struct OpenIncident {
  std::string title;
  std::string impact;
  absl::Time since;
  std::string link;
  std::vector<std::string> components;
};

struct ComponentStatus {
  std::string name;
  std::string status;
};

struct VendorVerdict {
  std::string query;  // as given on the command line
  std::string name;
  std::string url;
  Knowledge knowledge = Knowledge::kKnown;
  Severity severity = Severity::kOperational;
  // When it became this bad: the oldest start of the open incidents counted; InfinitePast when none.
  absl::Time since = absl::InfinitePast();
  absl::Time last_read = absl::InfinitePast();  // the page's last successful read
  std::string reason;                           // why it is not known, or what makes it degraded
  std::vector<OpenIncident> incidents;          // those counted, newest first
  std::vector<ComponentStatus> components;      // those asked for with --components (found on this page)

  // "operational", "degraded", "major", "critical", "unknown", "stale" or "not found".
  std::string Status() const;
};

// Judges a page. `component_names` (lowercase) narrows the verdict to those of the page's
// components it has, and to the open incidents that name one of them (or name none); a page
// with none of them is judged whole.
VendorVerdict Judge(const std::string& query, const v1::StatusPage& page, const v1::GetCurrentStatusResponse& current,
                    const std::vector<std::string>& component_names);

// A vendor statusphere has no page for.
VendorVerdict NotFound(const std::string& query);

// 1 when a vendor is at or above `threshold` (a definite answer wins), else 2 when one is
// not known (never read, stale, not found: never "fine"), else 0.
int ExitCode(const std::vector<VendorVerdict>& verdicts, Severity threshold);

}  // namespace statusphere::cli

#endif  // STATUSPHERE_TOOLS_CLI_CHECK_VERDICT_H_
