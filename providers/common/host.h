// The host of a page URL, for providers that recognise their platform by it.
#ifndef STATUSPHERE_PROVIDERS_COMMON_HOST_H_
#define STATUSPHERE_PROVIDERS_COMMON_HOST_H_

#include "absl/strings/string_view.h"

namespace statusphere::providers {

inline absl::string_view HostOf(absl::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != absl::string_view::npos) url.remove_prefix(scheme + 3);
  return url.substr(0, url.find_first_of("/:?#"));
}

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_HOST_H_
