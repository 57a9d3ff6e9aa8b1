// One notification as the formatters' tests start from: a major GitHub incident with two
// components and one update, whose title and update carry markup and mentions. Tests set
// the fields their case is about.
#ifndef STATUSPHERE_SERVER_NOTIFY_SAMPLE_NOTIFICATION_H_
#define STATUSPHERE_SERVER_NOTIFY_SAMPLE_NOTIFICATION_H_

#include <string>

#include "common/proto_time.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

inline Notification SampleNotification(v1::IncidentChange::Kind kind = v1::IncidentChange::CREATED) {
  Notification n;
  n.kind = kind;
  n.page_name = "GitHub";
  n.subscription_id = "sub_0123456789abcdef";
  n.idempotency_key = "sub_0123456789abcdef-42";
  n.sent_at = absl::FromUnixSeconds(1'700'000'000);
  v1::Incident& i = n.incident;
  i.set_id("abc");
  i.set_title("Disruption with <!channel> Actions & Pages");
  i.set_impact("major");
  i.set_status("investigating");
  i.set_status_page_url("https://www.githubstatus.com");
  i.set_deep_link("https://www.githubstatus.com/incidents/abc");
  i.add_components("Actions");
  i.add_components("Pages");
  *i.mutable_start_time() = ToProto(absl::FromUnixSeconds(1'699'999'000));
  v1::IncidentEvent* e = i.add_events();
  e->set_title("Investigating");
  e->set_description("We are investigating reports of degraded performance. @everyone");
  return n;
}

// The value of header `name` in `r`, "" when absent.
inline std::string HeaderValue(const WebhookRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_SAMPLE_NOTIFICATION_H_
