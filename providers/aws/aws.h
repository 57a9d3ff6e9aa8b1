// AWS Health's public status: health.aws.amazon.com/public/currentevents (a JSON array,
// served as UTF-16) and the legacy status.aws.amazon.com/data.json ({current, archive},
// whose update log is HTML with local clock times). AWS gives no impact words: its status
// numbers (1 informational, 2 degradation, 3 disruption) map to minor, major, critical.
#ifndef STATUSPHERE_PROVIDERS_AWS_AWS_H_
#define STATUSPHERE_PROVIDERS_AWS_AWS_H_

#include <string>

#include "providers/provider.h"

namespace statusphere::providers {

class Aws : public Provider {
 public:
  absl::string_view name() const override { return "aws"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

// UTF-16 (with a byte order mark) to UTF-8; other input is returned as it is. Unpaired
// surrogates become U+FFFD.
std::string Utf16ToUtf8IfMarked(absl::string_view bytes);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_AWS_AWS_H_
