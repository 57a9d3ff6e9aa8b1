#include "common/web_link.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace statusphere {

bool IsWebLink(absl::string_view link) {
  absl::string_view rest = link;
  if (absl::StartsWithIgnoreCase(rest, "https://")) {
    rest.remove_prefix(8);
  } else if (absl::StartsWithIgnoreCase(rest, "http://")) {
    rest.remove_prefix(7);
  } else {
    return false;
  }
  // A host must follow: "https:///x" and "https://?x" name none, and a browser reads a
  // backslash as a slash in http(s) URLs.
  if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#' || rest.front() == '\\') {
    return false;
  }
  for (char c : link) {
    const auto byte = static_cast<unsigned char>(c);
    // Spaces and C0/DEL control characters: what browsers strip or skip while reading a
    // URL, so what lets a link say one thing to us and another to them.
    if (byte <= 0x20 || byte == 0x7F) return false;
  }
  return true;
}

std::string WebLinkOr(absl::string_view link, absl::string_view fallback) {
  if (IsWebLink(link)) return std::string(link);
  if (IsWebLink(fallback)) return std::string(fallback);
  return "";
}

}  // namespace statusphere
