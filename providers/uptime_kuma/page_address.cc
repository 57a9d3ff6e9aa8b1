#include "providers/uptime_kuma/page_address.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"

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
  const size_t scheme = page_url.find("://");
  if (scheme == absl::string_view::npos) return std::nullopt;
  const size_t path_start = page_url.find_first_of("/?#", scheme + 3);
  const absl::string_view origin = page_url.substr(0, path_start);
  if (origin.size() == scheme + 3) return std::nullopt;  // no host
  absl::string_view path = path_start == absl::string_view::npos ? "" : page_url.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));
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
