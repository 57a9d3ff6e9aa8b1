#include "server/notify/notification_samples.h"

#include "common/proto_time.h"

namespace statusphere::notify {

Notification IncidentNotification(v1::IncidentChange::Kind kind, const std::string& impact) {
  Notification n;
  n.kind = kind;
  n.page_name = "GitHub";
  n.subscription_id = "sub_0123456789abcdef";
  n.idempotency_key = "sub_0123456789abcdef-42";
  n.sent_at = absl::FromUnixSeconds(1'700'000'000);
  v1::Incident& i = n.incident;
  i.set_id("abc");
  i.set_title("Disruption with Actions");
  i.set_impact(impact);
  i.set_status("investigating");
  i.set_status_page_url("https://www.githubstatus.com");
  i.set_deep_link("https://www.githubstatus.com/incidents/abc");
  i.add_components("Actions");
  i.add_components("Pages");
  *i.mutable_start_time() = ToProto(absl::FromUnixSeconds(1'699'999'000));
  v1::IncidentEvent* e = i.add_events();
  e->set_title("Investigating");
  e->set_description("We are investigating reports of degraded performance.");
  return n;
}

Notification ComponentNotification() {
  Notification n;
  n.page_name = "Asana";
  n.subscription_id = "sub_0123456789abcdef";
  n.idempotency_key = "sub_0123456789abcdef-77";
  n.sent_at = absl::FromUnixSeconds(1'700'000'000);
  v1::ComponentChangeEvent& e = n.components.emplace();
  e.set_status_page_url("https://status.asana.com");
  e.set_page_status_before("UP");
  e.set_page_status_after("DEGRADED");
  v1::ComponentStatusChange* api = e.add_changes();
  api->set_id("c1");
  api->set_name("API");
  api->set_group("Core");
  api->set_old_status("operational");
  api->set_new_status("major_outage");
  v1::ComponentStatusChange* web = e.add_changes();
  web->set_id("c2");
  web->set_name("Web");
  web->set_old_status("partial_outage");
  web->set_new_status("operational");
  return n;
}

std::string HeaderOf(const WebhookRequest& request, const std::string& name) {
  for (const auto& [k, v] : request.headers) {
    if (k == name) return v;
  }
  return "";
}

}  // namespace statusphere::notify
