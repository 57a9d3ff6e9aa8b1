// One notification as the formatters' tests start from: a major GitHub incident with two
// components and one update, whose title and update carry markup and mentions. Tests set
// the fields their case is about.
#ifndef STATUSPHERE_SERVER_NOTIFY_SAMPLE_NOTIFICATION_H_
#define STATUSPHERE_SERVER_NOTIFY_SAMPLE_NOTIFICATION_H_

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "server/notify/notification_samples.h"
#include "server/notify/payload.h"

namespace statusphere::notify {

// notification_samples.h's incident, with markup and a mention in its title and update.
inline Notification SampleNotification(v1::IncidentChange::Kind kind = v1::IncidentChange::CREATED) {
  Notification n = IncidentNotification(kind);
  n.incident.set_title("Disruption with <!channel> Actions & Pages");
  n.incident.mutable_events(0)->set_description("We are investigating reports of degraded performance. @everyone");
  return n;
}

// Every '@' in `text` is followed by U+2060 WORD JOINER: no mention can be parsed from it.
inline bool MentionsDefused(const std::string& text) {
  const std::string joiner = "\xE2\x81\xA0";
  for (size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
    if (text.compare(at + 1, joiner.size(), joiner) != 0) return false;
  }
  return true;
}

// A header value of RFC 2047 encoded words joined by spaces (HeaderText), decoded; empty
// when any word is malformed or longer than the 75 characters RFC 2047 allows.
inline std::string DecodeEncodedWords(const std::string& value) {
  std::string decoded;
  for (absl::string_view word : absl::StrSplit(value, ' ')) {
    std::string part;
    if (!absl::StartsWith(word, "=?UTF-8?B?") || !absl::EndsWith(word, "?=") || word.size() > 75 ||
        !absl::Base64Unescape(word.substr(10, word.size() - 12), &part)) {
      return "";
    }
    decoded += part;
  }
  return decoded;
}

}  // namespace statusphere::notify

#endif  // STATUSPHERE_SERVER_NOTIFY_SAMPLE_NOTIFICATION_H_
