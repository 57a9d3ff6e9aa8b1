// An update's heading as status pages print it, from a platform's status word:
// "in_progress" / "IN_PROGRESS" -> "In progress", "" -> "Update".
#ifndef STATUSPHERE_PROVIDERS_COMMON_HEADING_H_
#define STATUSPHERE_PROVIDERS_COMMON_HEADING_H_

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace statusphere::providers {

inline std::string HeadingOf(absl::string_view status) {
  if (status.empty()) return "Update";
  std::string out = absl::AsciiStrToLower(status);
  for (char& c : out) c = c == '_' ? ' ' : c;
  out[0] = absl::ascii_toupper(static_cast<unsigned char>(out[0]));
  return out;
}

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_HEADING_H_
