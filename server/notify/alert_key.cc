#include "server/notify/alert_key.h"

#include "absl/strings/str_cat.h"
#include "server/notify/signature.h"

namespace statusphere::notify {
namespace {

std::string Key(absl::string_view subscription_id, absl::string_view subject) {
  return absl::StrCat(subscription_id, ":", HmacSha256Hex(subscription_id, subject).substr(0, 32));
}

}  // namespace

std::string IncidentAlertKey(absl::string_view subscription_id, absl::string_view page_url,
                             absl::string_view incident_id) {
  // Newlines cannot occur in a normalized URL: the parts cannot run into each other.
  return Key(subscription_id, absl::StrCat("incident\n", page_url, "\n", incident_id));
}

std::string ComponentAlertKey(absl::string_view subscription_id, absl::string_view page_url,
                              const v1::ComponentStatusChange& component) {
  const std::string who = component.id().empty() ? absl::StrCat("name\n", component.group(), "\n", component.name())
                                                 : absl::StrCat("id\n", component.id());
  return Key(subscription_id, absl::StrCat("component\n", page_url, "\n", who));
}

}  // namespace statusphere::notify
