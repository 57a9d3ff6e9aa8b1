#include "providers/uptimerobot/api_path.h"

#include <gumbo.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "providers/common/host.h"
#include "providers/common/html_document.h"

namespace statusphere::providers::uptimerobot {
namespace {

constexpr absl::string_view kListPath = "/api/getMonitorList/";

bool IsListUrl(absl::string_view url) {
  return (absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://")) && absl::StrContains(url, kListPath) &&
         url.find_first_of(" \t\r\n\"'<>\\") == absl::string_view::npos;
}

// The quoted value assigned to pspApiPath in one script's text, if any.
std::optional<std::string> AssignedPath(absl::string_view script) {
  for (size_t at = script.find("pspApiPath"); at != absl::string_view::npos; at = script.find("pspApiPath", at + 1)) {
    absl::string_view rest = absl::StripLeadingAsciiWhitespace(script.substr(at + sizeof("pspApiPath") - 1));
    if (rest.empty() || rest[0] != '=') continue;
    rest = absl::StripLeadingAsciiWhitespace(rest.substr(1));
    if (rest.empty() || (rest[0] != '\'' && rest[0] != '"' && rest[0] != '`')) continue;
    const size_t close = rest.find(rest[0], 1);
    if (close == absl::string_view::npos) continue;
    const absl::string_view url = rest.substr(1, close - 1);
    if (IsListUrl(url)) return std::string(url);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> KnownApiPath(absl::string_view page_url) {
  if (HostOf(page_url) != kStatsHost) return std::nullopt;
  absl::string_view path = page_url.substr(page_url.find(kStatsHost) + sizeof(kStatsHost) - 1);
  if (!absl::ConsumePrefix(&path, "/")) return std::nullopt;
  const absl::string_view key = path.substr(0, path.find_first_of("/?#"));
  if (key.empty()) return std::nullopt;
  return absl::StrCat("https://", kStatsHost, kListPath, key);
}

std::optional<std::string> ApiPathInHomePage(absl::string_view html) {
  HtmlDocument document(html);
  std::optional<std::string> path;  // from the first script that assigns it
  ForEachElement(document, [&](const GumboNode* node) {
    if (node->v.element.tag == GUMBO_TAG_SCRIPT) path = AssignedPath(NodeText(node));
    return !path;
  });
  return path;
}

std::string MonitorListPage(absl::string_view api_path, int n) {
  return absl::StrCat(api_path.substr(0, api_path.find_first_of("?#")), "?page=", n);
}

}  // namespace statusphere::providers::uptimerobot
