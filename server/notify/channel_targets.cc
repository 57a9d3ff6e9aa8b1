#include "server/notify/channel_targets.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace statusphere::notify {
namespace {

constexpr absl::string_view kUrlField = "subscription.target.url";

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

struct UrlParts {
  std::string path;   // "/" when none
  std::string query;  // without the '?'
};

UrlParts Split(const std::string& url) {
  UrlParts parts;
  const size_t authority = url.find("://") + 3;
  const size_t path_start = url.find_first_of("/?#", authority);
  if (path_start == std::string::npos) {
    parts.path = "/";
    return parts;
  }
  const size_t query_start = url.find_first_of("?#", path_start);
  parts.path = url.substr(path_start, query_start == std::string::npos ? std::string::npos : query_start - path_start);
  if (parts.path.empty()) parts.path = "/";
  if (query_start != std::string::npos && url[query_start] == '?') {
    const size_t fragment = url.find('#', query_start);
    parts.query =
        url.substr(query_start + 1, fragment == std::string::npos ? std::string::npos : fragment - query_start - 1);
  }
  return parts;
}

bool AllOf(absl::string_view text, absl::string_view extra) {
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && extra.find(c) == absl::string_view::npos) return false;
  }
  return true;
}

absl::StatusOr<std::string> GoogleChat(const std::string& url) {
  const UrlParts parts = Split(url);
  const std::vector<absl::string_view> segments = absl::StrSplit(parts.path, '/');
  // "", "v1", "spaces", <space>, "messages"
  if (segments.size() < 4 || segments[segments.size() - 1] != "messages" || segments[segments.size() - 3] != "spaces" ||
      segments[segments.size() - 2].empty()) {
    return Invalid(kUrlField, "a Google Chat webhook's path ends in /spaces/<space>/messages");
  }
  for (absl::string_view param : absl::StrSplit(parts.query, '&', absl::SkipEmpty())) {
    if (absl::StartsWith(param, "messageReplyOption=")) return url;  // the caller chose
  }
  // Without it Chat ignores the thread key and every change opens a thread of its own.
  const size_t fragment = url.find('#');
  const std::string base = url.substr(0, fragment);
  return absl::StrCat(base, parts.query.empty() ? (absl::EndsWith(base, "?") ? "" : "?") : "&",
                      "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD");
}

absl::Status Telegram(const std::string& url, const std::string& chat_id) {
  const UrlParts parts = Split(url);
  const std::vector<absl::string_view> segments = absl::StrSplit(parts.path, '/');
  if (segments.size() < 3 || segments[segments.size() - 1] != "sendMessage" ||
      !absl::StartsWith(segments[segments.size() - 2], "bot") || segments[segments.size() - 2].size() < 4) {
    return Invalid(kUrlField, "a Telegram target is https://api.telegram.org/bot<token>/sendMessage");
  }
  if (!parts.query.empty()) return Invalid(kUrlField, "the chat id goes in the secret, not in the url's query");
  if (chat_id.empty()) return Invalid("secret", "is required for TELEGRAM: the chat id (\"-100...\" or \"@channel\")");
  const absl::string_view digits = absl::StripPrefix(chat_id, "-");
  const bool numeric = !digits.empty() && digits.size() <= 20 && std::all_of(digits.begin(), digits.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
  const bool channel = chat_id.size() >= 6 && chat_id.size() <= 33 && chat_id[0] == '@' &&
                       AllOf(absl::string_view(chat_id).substr(1), "_");
  if (!numeric && !channel) {
    return Invalid("secret", "a Telegram chat id is a number (\"-1001234567890\") or \"@channel_name\"");
  }
  return absl::OkStatus();
}

absl::Status Ntfy(const std::string& url, const std::string& token) {
  const UrlParts parts = Split(url);
  const absl::string_view topic = absl::string_view(parts.path).substr(parts.path.rfind('/') + 1);
  if (topic.empty() || topic.size() > 64 || !AllOf(topic, "_-")) {
    return Invalid(kUrlField, "an ntfy target is <server>/<topic>, the topic 1..64 of A-Z a-z 0-9 _ -");
  }
  if (!parts.query.empty()) return Invalid(kUrlField, "an ntfy topic url has no query");
  if (token.size() > 256) return Invalid("secret", "an ntfy access token is at most 256 characters");
  for (unsigned char c : token) {
    if (c < 0x21 || c > 0x7e) return Invalid("secret", "an ntfy access token is printable ASCII without spaces");
  }
  return absl::OkStatus();
}

absl::Status Mattermost(const std::string& url) {
  if (!absl::StrContains(Split(url).path, "/hooks/")) {
    return Invalid(kUrlField, "a Mattermost or Rocket.Chat incoming webhook's path contains /hooks/");
  }
  return absl::OkStatus();
}

}  // namespace

bool TakesSecret(v1::WebhookTarget::Kind kind) {
  return kind == v1::WebhookTarget::GENERIC_JSON || kind == v1::WebhookTarget::TELEGRAM ||
         kind == v1::WebhookTarget::NTFY || kind == v1::WebhookTarget::EMAIL;
}

bool NeedsSecret(v1::WebhookTarget::Kind kind) { return kind == v1::WebhookTarget::TELEGRAM; }

absl::StatusOr<std::string> CheckChannelTarget(v1::WebhookTarget::Kind kind, const std::string& url,
                                               const std::string& secret) {
  switch (kind) {
    case v1::WebhookTarget::GOOGLE_CHAT:
      return GoogleChat(url);
    case v1::WebhookTarget::TELEGRAM:
      if (absl::Status s = Telegram(url, secret); !s.ok()) return s;
      return url;
    case v1::WebhookTarget::NTFY:
      if (absl::Status s = Ntfy(url, secret); !s.ok()) return s;
      return url;
    case v1::WebhookTarget::MATTERMOST:
      if (absl::Status s = Mattermost(url); !s.ok()) return s;
      return url;
    default:
      return url;
  }
}

}  // namespace statusphere::notify
