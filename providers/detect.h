// The detection cascade: which platform is a status page built on? Known hosts first, then
// each provider's probe document, checked for its shape (never a bare 200).
#ifndef STATUSPHERE_PROVIDERS_DETECT_H_
#define STATUSPHERE_PROVIDERS_DETECT_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "providers/provider.h"

namespace statusphere::providers {

// Fetches one URL; supplied by the caller (libcurl in the scraper, a map in tests).
using DocumentFetcher = std::function<Document(const std::string& url)>;

// The matching provider; NOT_FOUND listing what was tried; UNAVAILABLE when the page's own
// server gave no response at all (detection stops at the first such fetch).
absl::StatusOr<const Provider*> Detect(absl::string_view page_url, const DocumentFetcher& fetch);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_DETECT_H_
