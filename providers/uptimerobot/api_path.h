// Where an UptimeRobot status page's monitor list is. Pages on stats.uptimerobot.com/<key>
// have it at a known address; a custom domain's home page names it in a script
// (window.pspApiPath = '<origin>/api/getMonitorList/<key>').
#ifndef STATUSPHERE_PROVIDERS_UPTIMEROBOT_API_PATH_H_
#define STATUSPHERE_PROVIDERS_UPTIMEROBOT_API_PATH_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace statusphere::providers::uptimerobot {

inline constexpr char kStatsHost[] = "stats.uptimerobot.com";

// https://stats.uptimerobot.com/api/getMonitorList/<key> for https://stats.uptimerobot.com/<key>;
// nullopt for other pages.
std::optional<std::string> KnownApiPath(absl::string_view page_url);

// The monitor list's URL that the home page's scripts name, when it is an http(s) URL of a
// getMonitorList path; nullopt otherwise. The HTML is parsed (gumbo); only the scripts'
// text is searched, for the JavaScript assignment.
std::optional<std::string> ApiPathInHomePage(absl::string_view html);

// The list's page `n` (1-based): UptimeRobot returns 30 monitors a page.
std::string MonitorListPage(absl::string_view api_path, int n);

}  // namespace statusphere::providers::uptimerobot

#endif  // STATUSPHERE_PROVIDERS_UPTIMEROBOT_API_PATH_H_
