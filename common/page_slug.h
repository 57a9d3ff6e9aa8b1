// A page's slug names it in URL paths where its url cannot go (the Statuspage-compatible
// API, /compat/<slug>/api/v2/...). It is derived from the normalized url alone, so it is
// the same on every server and across restarts, and needs no storage.
#ifndef STATUSPHERE_COMMON_PAGE_SLUG_H_
#define STATUSPHERE_COMMON_PAGE_SLUG_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace statusphere {

// "https://<host>" (no port, path or query) gives the host itself, e.g.
// "www.githubstatus.com". Any other url gives a readable form of it (lowercase letters,
// digits and dots, other runs as one '-', at most 60 characters) followed by '-' and 10 hex
// digits of its FNV-1a 64 hash, e.g. "127.0.0.1-8080-acme-3f09a1c2d4". A host that itself
// ends like a hash gets one too, so the two forms never meet: distinct urls have distinct
// slugs (the hashed ones unless 40 bits of hash collide).
std::string PageSlug(absl::string_view normalized_url);

// OK when `slug` could be a slug (1 to 200 lowercase letters, digits, '.' and '-');
// INVALID_ARGUMENT saying what is wrong otherwise.
absl::Status CheckPageSlug(absl::string_view slug);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_PAGE_SLUG_H_
