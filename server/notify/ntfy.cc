#include "server/notify/ntfy.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "common/vocabulary.h"
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

}  // namespace

WebhookRequest NtfyRequest(const Notification& n, absl::string_view access_token) {
  const v1::Incident& i = n.incident;
  WebhookRequest request;
  std::string update = LatestUpdate(i);
  if (update.empty()) update = Headline(n);
  // Plain text: ntfy renders Markdown only when asked to (a "Markdown: yes" header, not
  // sent), so vendor text needs no escaping here. A message over 4096 bytes, or not valid
  // UTF-8, would be turned into an attachment.
  request.body = ToValidUtf8(absl::StrCat(Truncate(update, 3500), "\n\nImpact: ", Impact(i), ", status: ",
                                          Truncate(Status(i), 100), ", components: ", Truncate(Components(i), 300)));
  request.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                     {"Title", HeaderText(Headline(n), 250, " ")},
                     {"Priority", absl::StrCat(Priority(n))},
                     {"Tags", absl::StrCat(Emoji(n), ",", HeaderText(Impact(i), 50, " "))}};
  if (const std::string link = IncidentLink(i); !link.empty()) request.headers.emplace_back("Click", AsciiLink(link));
  if (!access_token.empty()) request.headers.emplace_back("Authorization", absl::StrCat("Bearer ", access_token));
  return request;
}

}  // namespace statusphere::notify
