#include "providers/uptimerobot/uptimerobot.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "providers/common/host.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/uptimerobot/api_path.h"
#include "providers/uptimerobot/monitors.h"

namespace statusphere::providers {
namespace {

using uptimerobot::ApiPathInHomePage;
using uptimerobot::KnownApiPath;
using uptimerobot::MonitorListPage;

constexpr char kHomePageRole[] = "home";
constexpr char kMonitorsRole[] = "monitors";
// A list longer than this many pages (3,000 monitors) is not followed further.
constexpr int kMaxPages = 100;

// getMonitorList ({"psp":{"monitors":[...]}}) or getMonitor ({"monitor":{...}}), both
// with "status":"ok".
bool HasListShape(const Json& json) {
  if (StringField(json, "status") != "ok") return false;
  if (json.contains("psp") && json["psp"].is_object())
    return json["psp"].contains("monitors") && json["psp"]["monitors"].is_array();
  return json.contains("monitor") && json["monitor"].is_object();
}

int IntField(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) return 0;
  return std::clamp<long long>(j[key].get<long long>(), 0, 1 << 30);
}

// How many pages the list has, from its first page; 1 when it does not say.
int PageCount(const Document& first) {
  absl::StatusOr<Json> json = ParseJsonObject(first.url, first.body);
  if (!json.ok() || !HasListShape(*json) || !json->contains("psp")) return 1;
  const Json& psp = (*json)["psp"];
  const int per_page = IntField(psp, "perPage"), total = IntField(psp, "totalMonitors");
  if (per_page <= 0) return 1;
  return std::clamp((total + per_page - 1) / per_page, 1, kMaxPages);
}

// The documents still to fetch, from those fetched so far: the list's first page once its
// address is known (a custom domain names it in its home page), then the others.
std::vector<DocumentToFetch> NextDocuments(const std::string& page_url, const Documents& fetched) {
  std::optional<std::string> api = KnownApiPath(page_url);
  if (!api) {
    const Document* home = fetched.Find(kHomePageRole);
    if (home == nullptr || home->http_status != 200) return {};
    api = ApiPathInHomePage(home->body);
    if (!api) return {};
  }
  const std::vector<const Document*> pages = fetched.FindAll(kMonitorsRole);
  if (pages.empty()) return {{kMonitorsRole, MonitorListPage(*api, 1)}};
  std::set<std::string> have;
  for (const Document* d : pages) have.insert(d->url);
  std::vector<DocumentToFetch> next;
  for (int n = 2, count = PageCount(*pages.front()); n <= count; ++n) {
    std::string url = MonitorListPage(*api, n);
    if (!have.count(url)) next.push_back({kMonitorsRole, std::move(url)});
  }
  return next;
}

}  // namespace

FetchPlan UptimeRobot::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  FetchPlan plan;
  if (std::optional<std::string> api = KnownApiPath(page_url)) {
    plan.documents = {{kMonitorsRole, MonitorListPage(*api, 1)}};
  } else {
    plan.documents = {{kHomePageRole, std::string(page_url)}};
    plan.follow_up_rounds = 2;  // the home page names the list, whose first page counts the rest
  }
  plan.follow_ups = [url = std::string(page_url)](const Documents& fetched) { return NextDocuments(url, fetched); };
  return plan;
}

Detection UptimeRobot::detection() const {
  Detection d;
  d.known_host = [](absl::string_view page_url) { return KnownApiPath(page_url).has_value(); };
  // A custom domain's home page names its monitor list. The list itself matches too, so
  // that a saved one is recognised by its content.
  d.probe_url = [](absl::string_view page_url) {
    std::optional<std::string> api = KnownApiPath(page_url);
    return api ? MonitorListPage(*api, 1) : std::string(page_url);
  };
  d.probe_matches = [](const Document& probe) {
    if (probe.http_status != 200) return false;
    if (absl::StatusOr<Json> json = ParseJsonObject(probe.url, probe.body); json.ok()) return HasListShape(*json);
    return ApiPathInHomePage(probe.body).has_value();
  };
  return d;
}

absl::StatusOr<ParsedPage> UptimeRobot::Parse(absl::string_view page_url, const Documents& documents) const {
  std::vector<const Document*> pages = documents.FindAll(kMonitorsRole);
  const Document* home = documents.Find(kHomePageRole);
  if (pages.empty() && home != nullptr && home->http_status == 200) {
    // A saved list given where the home page goes (statusphere-parse of one file).
    absl::StatusOr<Json> json = ParseJsonObject(home->url, home->body);
    if (json.ok() && HasListShape(*json)) pages.push_back(home);
  }
  if (pages.empty()) {
    if (home != nullptr) {
      if (home->http_status != 200) return absl::UnavailableError(absl::StrCat(home->url, ": ", OutcomeOf(*home)));
      return absl::InvalidArgumentError(absl::StrCat(
          home->url, ": the home page names no monitor list (window.pspApiPath): not an UptimeRobot page"));
    }
    return absl::InvalidArgumentError("no 'monitors' document: the monitor list is required");
  }
  ParsedPage page;
  std::set<std::string> seen;
  int total = 0;
  for (const Document* doc : pages) {
    if (doc->http_status != 200) return absl::UnavailableError(absl::StrCat(doc->url, ": ", OutcomeOf(*doc)));
    ASSIGN_OR_RETURN(const Json json, ParseJsonObject(doc->url, doc->body));
    if (!HasListShape(json)) {
      return absl::InvalidArgumentError(
          absl::StrCat(doc->url, ": no \"status\":\"ok\" with a 'psp' monitor list or a 'monitor': not UptimeRobot's"));
    }
    const bool list = json.contains("psp");
    const Json& psp = list ? json["psp"] : json;
    auto error = [&](const absl::Status& s) {
      return absl::InvalidArgumentError(absl::StrCat(doc->url, ": ", s.message()));
    };
    absl::StatusOr<absl::TimeZone> zone = uptimerobot::ZoneOfOffset(StringField(psp, "timezone"));
    if (!zone.ok()) return error(zone.status());
    uptimerobot::Calendar calendar{{}, *zone};
    for (const Json& day : ArrayField(json, "days"))
      calendar.days.push_back(day.is_string() ? day.get<std::string>() : "");
    if (doc == pages.front()) total = list ? IntField(psp, "totalMonitors") : 1;
    Json one_monitor = Json::array();  // getMonitor's
    if (!list) one_monitor.push_back(json["monitor"]);
    for (const Json& monitor : list ? psp["monitors"] : one_monitor) {
      absl::StatusOr<statusphere::v1::Component> component = uptimerobot::ComponentOf(monitor);
      if (!component.ok()) return error(component.status());
      // A monitor that moved to the next page between two fetches is listed twice.
      if (!seen.insert(component->id()).second) continue;
      absl::StatusOr<std::optional<statusphere::v1::Incident>> down =
          uptimerobot::DowntimeOf(monitor, calendar, page_url);
      if (!down.ok()) return error(down.status());
      if (down->has_value()) page.incidents.push_back(**std::move(down));
      page.components.push_back(*std::move(component));
    }
  }
  // Every monitor seen: a downtime no longer listed is over. A list parsed without all of
  // its pages (a saved first page) closes nothing.
  page.lists_every_open_incident = static_cast<int>(page.components.size()) >= total;
  return RequireUniqueIncidentIds(pages.front()->url, std::move(page));
}

}  // namespace statusphere::providers
