#include "server/notify/ntfy.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "common/vocabulary.h"
#include "server/notify/component_text.h"
#include "server/notify/incident_text.h"

namespace statusphere::notify {
namespace {

int Priority(const Notification& n) {
  if (n.kind == v1::IncidentChange::RESOLVED) return 3;
  const std::string& impact = n.incident.impact();
  if (impact == vocabulary::kImpactCritical) return 5;
  if (impact == vocabulary::kImpactMajor) return 4;
  if (impact == vocabulary::kImpactMinor) return 3;
  return 2;
}

// ntfy shows a tag that names an emoji as that emoji before the title.
std::string Emoji(const Notification& n) {
  if (n.kind == v1::IncidentChange::RESOLVED) return "white_check_mark";
  const std::string& impact = n.incident.impact();
  if (impact == vocabulary::kImpactCritical) return "rotating_light";
  if (impact == vocabulary::kImpactMajor || impact == vocabulary::kImpactMinor) return "warning";
  if (impact == vocabulary::kImpactMaintenance) return "wrench";
  return "information_source";
}

// Link bytes outside ASCII are percent-encoded: a header value must stay ASCII.
std::string AsciiLink(absl::string_view link) {
  std::string out;
  for (unsigned char c : link) {
    if (c >= 0x80) {
      absl::StrAppend(&out, "%", absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(&c), 1)));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// component.changed, by the worst new status: 5 major_outage, 4 partial_outage, 2
// under_maintenance, 3 otherwise (degraded_performance, unknown, every component recovered).
int ComponentPriority(absl::string_view worst) {
  if (worst == vocabulary::kComponentMajorOutage) return 5;
  if (worst == vocabulary::kComponentPartialOutage) return 4;
  if (worst == vocabulary::kComponentUnderMaintenance) return 2;
  return 3;
}

std::string ComponentEmoji(absl::string_view worst) {
  if (worst == vocabulary::kComponentMajorOutage) return "rotating_light";
  if (worst == vocabulary::kComponentPartialOutage || worst == vocabulary::kComponentDegradedPerformance) {
    return "warning";
  }
  if (worst == vocabulary::kComponentUnderMaintenance) return "wrench";
  if (worst == vocabulary::kComponentOperational) return "white_check_mark";
  return "grey_question";
}

// The page's status, then a line per component; Title the headline, Tags the emoji and
// the worst new status, Click the page.
WebhookRequest ComponentRequest(const Notification& n) {
  const v1::ComponentChangeEvent& e = *n.components;
  const std::string worst = WorstNewStatus(e);
  WebhookRequest request;
  request.body = ToValidUtf8(absl::StrCat(PageStatusLine(e), "\n", ComponentList(e, {nullptr, "", "\n", 25, 120})));
  request.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                     {"Title", HeaderText(ComponentHeadline(n), 250, " ")},
                     {"Priority", absl::StrCat(ComponentPriority(worst))},
                     {"Tags", absl::StrCat(ComponentEmoji(worst), ",", HeaderText(worst, 50, " "))}};
  if (const std::string link = PageLink(e); !link.empty()) request.headers.emplace_back("Click", AsciiLink(link));
  return request;
}

WebhookRequest IncidentRequest(const Notification& n) {
  const v1::Incident& i = n.incident;
  WebhookRequest request;
  std::string update = LatestUpdate(i);
  if (update.empty()) update = Headline(n);
  // Plain text: ntfy renders Markdown only when asked to (a "Markdown: yes" header, not
  // sent), so vendor text needs no escaping here. A message over 4096 bytes, or not valid
  // UTF-8, would be turned into an attachment.
  request.body =
      ToValidUtf8(absl::StrCat(Truncate(update, 3500), "\n\nImpact: ", Impact(i),
                               ", status: ", Truncate(Status(i), 100), ", components: ", Truncate(Components(i), 300)));
  request.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                     {"Title", HeaderText(Headline(n), 250, " ")},
                     {"Priority", absl::StrCat(Priority(n))},
                     {"Tags", absl::StrCat(Emoji(n), ",", HeaderText(Impact(i), 50, " "))}};
  if (const std::string link = IncidentLink(i); !link.empty()) request.headers.emplace_back("Click", AsciiLink(link));
  return request;
}

}  // namespace

WebhookRequest NtfyRequest(const Notification& n, absl::string_view access_token) {
  WebhookRequest request = n.components ? ComponentRequest(n) : IncidentRequest(n);
  if (!access_token.empty()) request.headers.emplace_back("Authorization", absl::StrCat("Bearer ", access_token));
  return request;
}

}  // namespace statusphere::notify
