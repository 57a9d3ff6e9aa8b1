#include "server/notify/pagerduty_payload.h"

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/vocabulary.h"
#include "common/web_link.h"
#include "nlohmann/json.hpp"
#include "server/notify/alert_key.h"
#include "server/notify/component_alerts.h"
#include "server/notify/incident_text.h"

namespace statusphere::notify {
namespace {

using nlohmann::json;

// PagerDuty's severities are critical, error, warning, info.
std::string Severity(const v1::Incident& incident) {
  const std::string& impact = incident.impact();
  if (impact == vocabulary::kImpactCritical) return "critical";
  if (impact == vocabulary::kImpactMajor) return "error";
  if (impact == vocabulary::kImpactMinor) return "warning";
  return "info";
}

WebhookRequest Request(absl::string_view endpoint, const Notification& n, const json& body, absl::string_view key) {
  WebhookRequest request;
  request.url = std::string(endpoint);
  request.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  request.headers = {{"Content-Type", "application/json"},
                     {"Idempotency-Key", std::string(key)},
                     {"X-Statusphere-Event", EventName(n)}};
  return request;
}

json Envelope(const Notification& n, absl::string_view routing_key, absl::string_view action,
              absl::string_view dedup_key, absl::string_view page_url) {
  return {{"routing_key", routing_key},
          {"event_action", action},
          {"dedup_key", dedup_key},
          {"client", "statusphere"},
          {"client_url", WebLinkOr(page_url, "")}};
}

WebhookRequest IncidentRequest(absl::string_view endpoint, const Notification& n, absl::string_view routing_key) {
  const v1::Incident& i = n.incident;
  const std::string dedup_key = IncidentAlertKey(n.subscription_id, i.status_page_url(), i.id());
  const bool resolved = n.kind == v1::IncidentChange::RESOLVED;
  json body = Envelope(n, routing_key, resolved ? "resolve" : "trigger", dedup_key, i.status_page_url());
  if (!resolved) {
    json details = {{"status", i.status()},
                    {"impact", Impact(i)},
                    {"latest_update", Truncate(LatestUpdate(i), 10000)},
                    {"components", Components(i)}};
    if (IsSet(i.start_time())) details["started"] = Rfc3339(FromProto(i.start_time()));
    body["payload"] = {{"summary", Truncate(absl::StrCat(n.page_name, ": ", i.title()), 1024)},
                       {"source", i.status_page_url()},
                       {"severity", Severity(i)},
                       {"component", Truncate(Components(i), 1000)},
                       {"group", n.page_name},
                       {"class", i.impact() == "maintenance" ? "maintenance" : "incident"},
                       {"custom_details", details}};
    if (const std::string link = IncidentLink(i); !link.empty()) {
      body["links"] = json::array({{{"href", link}, {"text", absl::StrCat("Incident on ", n.page_name)}}});
    }
  }
  return Request(endpoint, n, body, n.idempotency_key);
}

std::vector<WebhookRequest> ComponentRequests(absl::string_view endpoint, const Notification& n,
                                              absl::string_view routing_key) {
  const v1::ComponentChangeEvent& e = *n.components;
  std::vector<WebhookRequest> requests;
  for (const ComponentAlert& alert : ComponentAlerts(e)) {
    const v1::ComponentStatusChange& c = alert.change;
    const bool open = alert.action == ComponentAlert::Action::kOpen;
    json body = Envelope(n, routing_key, open ? "trigger" : "resolve",
                         ComponentAlertKey(n.subscription_id, e.status_page_url(), c), e.status_page_url());
    if (open) {
      body["payload"] = {{"summary", Truncate(absl::StrCat(n.page_name, ": ", c.name(), " is ", c.new_status()), 1024)},
                         {"source", e.status_page_url()},
                         {"severity", c.new_status() == "major_outage" ? "error" : "warning"},
                         {"component", c.name()},
                         {"group", n.page_name},
                         {"class", "component"},
                         {"custom_details",
                          {{"old_status", c.old_status()},
                           {"new_status", c.new_status()},
                           {"component_group", c.group()},
                           {"page_status", e.page_status_after()}}}};
      if (const std::string link = WebLinkOr(e.status_page_url(), ""); !link.empty()) {
        body["links"] = json::array({{{"href", link}, {"text", absl::StrCat(n.page_name, " status page")}}});
      }
    }
    requests.push_back(Request(endpoint, n, body, absl::StrCat(n.idempotency_key, "/", requests.size())));
  }
  return requests;
}

}  // namespace

std::vector<WebhookRequest> PagerDutyRequests(absl::string_view endpoint, const Notification& n,
                                              absl::string_view routing_key) {
  if (n.components) return ComponentRequests(endpoint, n, routing_key);
  return {IncidentRequest(endpoint, n, routing_key)};
}

}  // namespace statusphere::notify
