// The seeded catalog of well-known status pages (catalog/status_pages.tsv), embedded into
// the server binary so that a fresh install knows hundreds of pages with zero set-up.
#ifndef STATUSPHERE_SERVER_CATALOG_H_
#define STATUSPHERE_SERVER_CATALOG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/store.h"

namespace statusphere {

// Parses catalog text: `name<TAB>url<TAB>provider` lines, `#` comments, blank lines.
// INVALID_ARGUMENT naming the line for a malformed line, a url that is not normalized, or
// a duplicate name (case-insensitively) or url.
absl::StatusOr<std::vector<store::NewPage>> ParseCatalog(absl::string_view text);

// The catalog compiled into this binary.
absl::string_view EmbeddedCatalog();

// Reads a catalog file, or the embedded one for an empty path.
absl::StatusOr<std::vector<store::NewPage>> LoadCatalog(const std::string& path);

}  // namespace statusphere

#endif  // STATUSPHERE_SERVER_CATALOG_H_
