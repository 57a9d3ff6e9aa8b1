#include "providers/uptime_kuma/page_address.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/url.h"

namespace statusphere::providers {
namespace {

// Kuma accepts slugs of letters, digits and hyphens only, and lowercases them itself.
bool IsKumaSlug(absl::string_view slug) {
  if (slug.empty()) return false;
  for (char c : slug) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

}  // namespace

std::optional<KumaPageAddress> KumaPageAddressOf(absl::string_view page_url) {
  const UrlParts parts = SplitUrl(page_url);
  if (!parts.absolute) return std::nullopt;
  const absl::string_view origin = parts.origin;
  if (origin.size() == parts.scheme.size() + 3) return std::nullopt;  // no host
  absl::string_view path = parts.path;
  while (absl::EndsWith(path, "/")) path.remove_suffix(1);

  if (path.empty() || path == "/status" || path == "/status-page") {
    return KumaPageAddress{std::string(origin), "default"};
  }
  if (!absl::ConsumePrefix(&path, "/status/") || !IsKumaSlug(path)) return std::nullopt;
  return KumaPageAddress{std::string(origin), absl::AsciiStrToLower(path)};
}

std::string StatusPageJsonUrl(const KumaPageAddress& page) {
  return absl::StrCat(page.origin, "/api/status-page/", page.slug);
}

std::string HeartbeatJsonUrl(const KumaPageAddress& page) {
  return absl::StrCat(page.origin, "/api/status-page/heartbeat/", page.slug);
}

}  // namespace statusphere::providers
