// status.io pages (GitLab, Docker, ...): the public API api.status.io/1.0/status/<page id>.
// The 24-hex page id is not in the page's URL but in links of its home page
// (/pages/history/<id>, /pages/incident/<id>/..., api.status.io/1.0/status/<id>), so
// scrapes run in two rounds: the home page, then the API.
#ifndef STATUSPHERE_PROVIDERS_STATUS_IO_STATUS_IO_H_
#define STATUSPHERE_PROVIDERS_STATUS_IO_STATUS_IO_H_

#include <optional>
#include <string>

#include "providers/provider.h"

namespace statusphere::providers {

class StatusIo : public Provider {
 public:
  absl::string_view name() const override { return "status-io"; }
  FetchPlan Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind kind) const override;
  absl::StatusOr<ParsedPage> Parse(absl::string_view page_url, const Documents& documents) const override;
  Detection detection() const override;
};

// The status.io page id linked from a home page's HTML, if any (read with gumbo).
std::optional<std::string> StatusIoPageId(absl::string_view html);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_STATUS_IO_STATUS_IO_H_
