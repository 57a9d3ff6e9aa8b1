// Status page URLs are identities, so every URL is normalized the same way before it is
// stored or looked up: "HTTPS://WWW.GitHubStatus.com/" and "https://www.githubstatus.com"
// name the same page.
#ifndef STATUSPHERE_COMMON_PAGE_URL_H_
#define STATUSPHERE_COMMON_PAGE_URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace statusphere {

// Returns the normalized form of an absolute http(s) URL: scheme and host lowercased,
// default port, fragment and trailing slashes removed, path and query kept as given.
// INVALID_ARGUMENT (naming the problem) for anything else.
absl::StatusOr<std::string> NormalizePageUrl(absl::string_view url);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_PAGE_URL_H_
