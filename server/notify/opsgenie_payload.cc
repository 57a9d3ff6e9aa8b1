#include "server/notify/opsgenie_payload.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/vocabulary.h"
#include "nlohmann/json.hpp"
#include "server/notify/alert_key.h"
#include "server/notify/component_alerts.h"
#include "server/notify/incident_text.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

constexpr char kSource[] = "statusphere";

// Opsgenie's priorities, P1 the most urgent.
std::string Priority(const v1::Incident& incident) {
  const std::string& impact = incident.impact();
  if (impact == vocabulary::kImpactCritical) return "P1";
  if (impact == vocabulary::kImpactMajor) return "P2";
  if (impact == vocabulary::kImpactMinor) return "P3";
  if (impact == vocabulary::kImpactMaintenance) return "P5";
  return "P4";
}

// An alias as one path segment: everything but RFC 3986's unreserved characters escaped.
std::string PathSegment(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

std::string AlertsUrl(absl::string_view api_url) { return absl::StrCat(absl::StripSuffix(api_url, "/"), "/v2/alerts"); }

// An action on the alert the alias names: "close" or "notes".
std::string ActionUrl(absl::string_view api_url, absl::string_view alias, absl::string_view action) {
  return absl::StrCat(AlertsUrl(api_url), "/", PathSegment(alias), "/", action, "?identifierType=alias");
}

WebhookRequest Request(std::string url, const Notification& n, const json& body, absl::string_view api_key,
                       absl::string_view idempotency_key) {
  WebhookRequest request;
  request.url = std::move(url);
  request.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  request.headers = {{"Content-Type", "application/json"},
                     {"Authorization", absl::StrCat("GenieKey ", api_key)},
                     {"Idempotency-Key", std::string(idempotency_key)},
                     {"X-Statusphere-Event", EventName(n)}};
  return request;
}

json Note(absl::string_view text) { return {{"note", Truncate(text, 25000)}, {"user", kSource}, {"source", kSource}}; }

WebhookRequest IncidentRequest(absl::string_view api_url, const Notification& n, absl::string_view api_key) {
  const v1::Incident& i = n.incident;
  const std::string alias = IncidentAlertKey(n.subscription_id, i.status_page_url(), i.id());
  switch (n.kind) {
    case v1::IncidentChange::RESOLVED:
      return Request(ActionUrl(api_url, alias, "close"), n,
                     Note(absl::StrCat("Resolved on ", n.page_name, ": ", LatestUpdate(i))), api_key,
                     n.idempotency_key);
    case v1::IncidentChange::CREATED: {
      json body = {{"message", Truncate(absl::StrCat(n.page_name, ": ", i.title()), 130)},
                   {"alias", alias},
                   {"description", Truncate(LatestUpdate(i), 15000)},
                   {"priority", Priority(i)},
                   {"source", kSource},
                   {"entity", Truncate(n.page_name, 512)},
                   {"tags", json::array({"statusphere", absl::StrCat("impact:", Impact(i))})},
                   {"details",
                    {{"page", i.status_page_url()},
                     {"impact", Impact(i)},
                     {"status", i.status()},
                     {"components", Truncate(Components(i), 1000)},
                     {"link", IncidentLink(i)}}}};
      return Request(AlertsUrl(api_url), n, body, api_key, n.idempotency_key);
    }
    default:
      return Request(ActionUrl(api_url, alias, "notes"), n, Note(LatestUpdate(i)), api_key, n.idempotency_key);
  }
}

std::vector<WebhookRequest> ComponentRequests(absl::string_view api_url, const Notification& n,
                                              absl::string_view api_key) {
  const v1::ComponentChangeEvent& e = *n.components;
  std::vector<WebhookRequest> requests;
  for (const ComponentAlert& alert : ComponentAlerts(e)) {
    const v1::ComponentStatusChange& c = alert.change;
    const std::string alias = ComponentAlertKey(n.subscription_id, e.status_page_url(), c);
    const std::string key = absl::StrCat(n.idempotency_key, "/", requests.size());
    if (alert.action == ComponentAlert::Action::kClose) {
      requests.push_back(Request(ActionUrl(api_url, alias, "close"), n,
                                 Note(absl::StrCat(c.name(), " is ", c.new_status(), " again")), api_key, key));
      continue;
    }
    json body = {{"message", Truncate(absl::StrCat(n.page_name, ": ", c.name(), " is ", c.new_status()), 130)},
                 {"alias", alias},
                 {"description", absl::StrCat(c.name(), ": ", c.old_status(), " → ", c.new_status(),
                                              " (no incident posted on the page)")},
                 {"priority", c.new_status() == "major_outage" ? "P2" : "P3"},
                 {"source", kSource},
                 {"entity", Truncate(n.page_name, 512)},
                 {"tags", json::array({"statusphere", "component"})},
                 {"details",
                  {{"page", e.status_page_url()},
                   {"component", c.name()},
                   {"group", c.group()},
                   {"old_status", c.old_status()},
                   {"new_status", c.new_status()},
                   {"page_status", e.page_status_after()}}}};
    requests.push_back(Request(AlertsUrl(api_url), n, body, api_key, key));
  }
  return requests;
}

}  // namespace

std::vector<WebhookRequest> OpsgenieRequests(absl::string_view api_url, const Notification& n,
                                             absl::string_view api_key) {
  if (n.components) return ComponentRequests(api_url, n, api_key);
  return {IncidentRequest(api_url, n, api_key)};
}

}  // namespace statusphere::notify
