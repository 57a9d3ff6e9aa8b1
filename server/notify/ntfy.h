// ntfy (https://ntfy.sh or a self-hosted server): a POST of plain text to <server>/<topic>
// with ntfy's headers, optionally authorized with an access token (the subscription's secret).
#ifndef STATUSPHERE_SERVER_NOTIFY_NTFY_H_
#define STATUSPHERE_SERVER_NOTIFY_NTFY_H_

#include "absl/strings/string_view.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

// Body: the latest update, then a line with impact, status and components. Headers:
// Content-Type text/plain, Title (the headline), Priority (5 critical, 4 major, 3 minor and
// resolutions, 2 none and maintenance), Tags (an emoji tag, the impact), Click (the
// vendor's incident link, when there is one) and, with a token, Authorization: Bearer.
WebhookRequest NtfyRequest(const Notification& n, absl::string_view access_token);

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_NTFY_H_
