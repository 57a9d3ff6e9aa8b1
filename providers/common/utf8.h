// Text from status pages ends up in proto3 strings, which must be UTF-8: one stray byte
// would make the server reject a whole scrape report. JSON parsing and gumbo already
// guarantee UTF-8; text taken from XML or raw bytes goes through ValidUtf8. The one
// implementation lives in common/utf8 (the scraper also repairs whole reports with it).
#ifndef STATUSPHERE_PROVIDERS_COMMON_UTF8_H_
#define STATUSPHERE_PROVIDERS_COMMON_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/utf8.h"

namespace statusphere::providers {

// As protobuf checks it: no overlong forms, surrogates or code points past U+10FFFF.
using ::statusphere::IsValidUtf8;

// The text with each invalid byte replaced by U+FFFD, as browsers show it.
using ::statusphere::AppendUtf8;

inline std::string ValidUtf8(absl::string_view text) { return ::statusphere::ToValidUtf8(text); }

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_UTF8_H_
