#include "server/notify/validation.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/page_url.h"
#include "common/status_macros.h"
#include "common/url.h"
#include "common/vocabulary.h"
#include "server/notify/channel_targets.h"
#include "server/notify/email_target.h"
#include "server/notify/filter.h"

namespace statusphere::notify {
namespace {

constexpr size_t kMaxUrlLength = 2048;
constexpr size_t kMaxText = 200;
constexpr int kMaxPages = 1000;
constexpr int kMaxComponents = 100;

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

bool HasControlCharacters(absl::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

absl::Status CheckTargetUrl(const std::string& url) {
  const std::string field = "subscription.target.url";
  if (url.empty()) return Invalid(field, "is required");
  if (url.size() > kMaxUrlLength) return Invalid(field, absl::StrCat("is longer than ", kMaxUrlLength, " characters"));
  if (HasControlCharacters(url) || absl::StrContains(url, ' '))
    return Invalid(field, "contains spaces or control characters");
  if (!absl::StartsWithIgnoreCase(url, "http://") && !absl::StartsWithIgnoreCase(url, "https://")) {
    return Invalid(field, absl::StrCat("'", RedactUrl(url), "' is not an http:// or https:// URL"));
  }
  // The page-URL normalizer knows what a well-formed absolute http(s) URL is; the webhook
  // URL itself is stored exactly as given.
  if (absl::StatusOr<std::string> parsed = NormalizePageUrl(url); !parsed.ok()) {
    return Invalid(field, parsed.status().message());
  }
  return absl::OkStatus();
}

// The routing key (PagerDuty) or API key (Opsgenie): the target's credential.
absl::Status CheckAlertingKey(v1::WebhookTarget::Kind kind, const std::string& key) {
  if (kind == v1::WebhookTarget::PAGERDUTY) {
    // An Events API v2 integration's routing key: 32 letters and digits.
    const bool well_formed =
        key.size() == 32 && std::all_of(key.begin(), key.end(), [](unsigned char c) { return absl::ascii_isalnum(c); });
    if (!well_formed)
      return Invalid("secret", "must be the PagerDuty integration's routing key: 32 letters and digits");
    return absl::OkStatus();
  }
  if (key.size() < 8 || key.size() > 128) return Invalid("secret", "must be the Opsgenie API key: 8 to 128 characters");
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) return Invalid("secret", "must be printable ASCII without spaces");
  }
  return absl::OkStatus();
}

}  // namespace

std::string DefaultTargetUrl(v1::WebhookTarget::Kind kind) {
  switch (kind) {
    case v1::WebhookTarget::PAGERDUTY:
      return "https://events.pagerduty.com/v2/enqueue";
    case v1::WebhookTarget::OPSGENIE:
      return "https://api.opsgenie.com";
    default:
      return "";
  }
}

std::string RedactUrl(const std::string& url) {
  if (IsRelayTarget(url)) return "mailto:...";  // the recipients, like a webhook's path
  const UrlParts parts = SplitUrl(url);
  if (!parts.absolute) return "...";
  return absl::StrCat(absl::AsciiStrToLower(parts.scheme), "://", parts.authority,
                      parts.origin.size() < url.size() ? "/..." : "");
}

absl::StatusOr<store::SubscriptionRecord> ValidateNewSubscription(const v1::CreateSubscriptionRequest& request,
                                                                  const ValidationOptions& options) {
  if (!request.has_subscription()) return Invalid("subscription", "is required");
  const v1::Subscription& in = request.subscription();
  store::SubscriptionRecord out;
  v1::Subscription& s = out.subscription;

  const std::string description(absl::StripAsciiWhitespace(in.description()));
  if (description.size() > kMaxText)
    return Invalid("subscription.description", absl::StrCat("is longer than ", kMaxText, " characters"));
  if (HasControlCharacters(description)) return Invalid("subscription.description", "contains control characters");
  s.set_description(description);

  if (!in.has_target()) return Invalid("subscription.target", "is required");
  const v1::WebhookTarget::Kind kind = in.target().kind();
  if (kind == v1::WebhookTarget::KIND_UNSPECIFIED || !v1::WebhookTarget::Kind_IsValid(kind)) {
    return Invalid(
        "subscription.target.kind",
        "must be SLACK, DISCORD, TEAMS, GENERIC_JSON, PAGERDUTY, OPSGENIE, EMAIL, GOOGLE_CHAT, TELEGRAM, NTFY "
        "or MATTERMOST");
  }
  std::string url(absl::StripAsciiWhitespace(in.target().url()));
  if (url.empty()) url = DefaultTargetUrl(kind);
  if (kind == v1::WebhookTarget::EMAIL) {
    if (url.size() > kMaxUrlLength)
      return Invalid("subscription.target.url", absl::StrCat("is longer than ", kMaxUrlLength, " characters"));
    if (IsRelayTarget(url)) {
      if (!options.mail_relay) {
        return Invalid("subscription.target.url",
                       "mailto: sends through the server's SMTP relay and this server has none (--smtp_relay); "
                       "name the mail server instead: smtp:// or smtps://");
      }
      RETURN_IF_ERROR(ParseRelayRecipients(url).status());
      if (!request.secret().empty()) {
        return Invalid("secret", "a mailto: target takes none: the relay's password is the operator's");
      }
    } else {
      absl::StatusOr<EmailTarget> mail = ParseEmailTarget(url);
      if (!mail.ok()) return mail.status();
      if (!mail->user.empty() && request.secret().empty())
        return Invalid("secret", "is required: the SMTP password of user");
      if (mail->user.empty() && !request.secret().empty())
        return Invalid("secret", "an SMTP password needs user= in the url");
    }
  } else if (absl::Status st = CheckTargetUrl(url); !st.ok()) {
    return st;
  }
  absl::StatusOr<std::string> stored_url = CheckChannelTarget(kind, url, request.secret());
  if (!stored_url.ok()) return stored_url.status();
  s.mutable_target()->set_kind(kind);
  s.mutable_target()->set_url(*stored_url);
  if (const int digest = in.target().digest_minutes(); digest != 0) {
    if (kind != v1::WebhookTarget::EMAIL) {
      return Invalid("subscription.target.digest_minutes", "is for EMAIL targets only; leave it 0 for this kind");
    }
    if (digest < 1 || digest > 1440) {
      return Invalid("subscription.target.digest_minutes",
                     absl::StrCat(digest, " is not 1 to 1440 minutes (0: one mail per change)"));
    }
    s.mutable_target()->set_digest_minutes(digest);
  }

  const v1::SubscriptionFilter& filter = in.filter();
  v1::SubscriptionFilter* f = s.mutable_filter();
  if (filter.status_page_urls_size() > kMaxPages) {
    return Invalid("subscription.filter.status_page_urls", absl::StrCat("has more than ", kMaxPages, " entries"));
  }
  std::set<std::string> pages;
  for (int i = 0; i < filter.status_page_urls_size(); ++i) {
    absl::StatusOr<std::string> page = NormalizePageUrl(filter.status_page_urls(i));
    if (!page.ok())
      return Invalid(absl::StrCat("subscription.filter.status_page_urls[", i, "]"), page.status().message());
    if (pages.insert(*page).second) f->add_status_page_urls(*page);
  }
  const std::string impact = absl::AsciiStrToLower(absl::StripAsciiWhitespace(filter.min_impact()));
  if (!impact.empty() && ImpactRank(impact) < 0) {
    return Invalid("subscription.filter.min_impact",
                   absl::StrCat("'", filter.min_impact(), "' is not one of none, minor, major, critical"));
  }
  f->set_min_impact(impact.empty() ? vocabulary::kImpactNone : impact);
  f->set_include_maintenance(filter.include_maintenance());
  if (filter.component_names_size() > kMaxComponents) {
    return Invalid("subscription.filter.component_names", absl::StrCat("has more than ", kMaxComponents, " entries"));
  }
  for (int i = 0; i < filter.component_names_size(); ++i) {
    const std::string field = absl::StrCat("subscription.filter.component_names[", i, "]");
    const std::string name(absl::StripAsciiWhitespace(filter.component_names(i)));
    if (name.empty()) return Invalid(field, "is empty");
    if (name.size() > kMaxText) return Invalid(field, absl::StrCat("is longer than ", kMaxText, " characters"));
    if (HasControlCharacters(name)) return Invalid(field, "contains control characters");
    f->add_component_names(name);
  }
  for (int i = 0; i < filter.events_size(); ++i) {
    const std::string events = absl::AsciiStrToLower(absl::StripAsciiWhitespace(filter.events(i)));
    if (events != kIncidentEvents && events != kComponentEvents) {
      return Invalid(absl::StrCat("subscription.filter.events[", i, "]"),
                     absl::StrCat("'", filter.events(i), "' is not one of incident, component"));
    }
    if (std::find(f->events().begin(), f->events().end(), events) == f->events().end()) f->add_events(events);
  }

  if (kind == v1::WebhookTarget::PAGERDUTY || kind == v1::WebhookTarget::OPSGENIE) {
    RETURN_IF_ERROR(CheckAlertingKey(kind, request.secret()));
    out.secret = request.secret();
  } else if (!request.secret().empty() && !TakesSecret(kind)) {
    return Invalid("secret",
                   "only GENERIC_JSON (signing key), PAGERDUTY (routing key), OPSGENIE (API key), TELEGRAM (chat id), "
                   "NTFY (access token) and EMAIL (password) take one; leave it empty for this kind");
  } else if (!request.secret().empty() && kind != v1::WebhookTarget::GENERIC_JSON) {
    out.secret = request.secret();  // checked with the target above
  } else if (!request.secret().empty()) {
    if (request.secret().size() < 32 || request.secret().size() > 256) {
      return Invalid("secret", "must be 32 to 256 characters");
    }
    for (unsigned char c : request.secret()) {
      if (c < 0x21 || c > 0x7e) return Invalid("secret", "must be printable ASCII without spaces");
    }
    out.secret = request.secret();
  }
  return out;
}

}  // namespace statusphere::notify
