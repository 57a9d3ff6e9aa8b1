// Saved files as the documents of one scrape: which role each file plays for a provider.
#ifndef STATUSPHERE_TOOLS_PARSE_ROLES_H_
#define STATUSPHERE_TOOLS_PARSE_ROLES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "providers/provider.h"

namespace statusphere::parse {

struct SavedFile {
  std::string path;
  std::string body;
};

// The files under the provider's roles (those of a backfill of `page_url`, then its
// follow-ups and fallbacks), told by, in turn:
//  1. the file's name: the role's ("summary", "summary.json", "home.html") or its URL's
//     last segment ("incidents.json", "history.atom");
//  2. its content: the provider's probe document, when the file has the probe's shape, or
//     its home page, when the provider's home-page markers recognise it;
//  3. else the roles still unfilled, in the order the provider fetches them.
// Only the roles given are filled, so one saved document parses to what it holds.
// INVALID_ARGUMENT naming the file when it fits no role left.
absl::StatusOr<providers::Documents> ToRoles(const providers::Provider& provider, absl::string_view page_url,
                                             const std::vector<SavedFile>& files);

// "summary (https://.../api/v2/summary.json), incidents (...)": what the provider reads.
std::string RolesRead(const providers::Provider& provider, absl::string_view page_url);

}  // namespace statusphere::parse

#endif  // STATUSPHERE_TOOLS_PARSE_ROLES_H_
