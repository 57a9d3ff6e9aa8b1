// Reading one event out of a Server-Sent Events stream as the scraper received it (the
// stream cut after that event: DocumentToFetch::end_after_event).
#ifndef STATUSPHERE_PROVIDERS_HUND_SERVER_SENT_EVENTS_H_
#define STATUSPHERE_PROVIDERS_HUND_SERVER_SENT_EVENTS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace statusphere::providers {

// The data of the first whole event named `name` in `stream`: its "data:" lines joined by
// line breaks, as EventSource delivers it. nullopt when no such event arrived whole.
std::optional<std::string> SseEventData(absl::string_view stream, absl::string_view name);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_HUND_SERVER_SENT_EVENTS_H_
