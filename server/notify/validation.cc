#include "server/notify/validation.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/page_url.h"
#include "common/url.h"
#include "common/vocabulary.h"
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
  if (HasControlCharacters(url) || absl::StrContains(url, ' ')) return Invalid(field, "contains spaces or control characters");
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

}  // namespace

std::string RedactUrl(const std::string& url) {
  const UrlParts parts = SplitUrl(url);
  if (!parts.absolute) return "...";
  return absl::StrCat(absl::AsciiStrToLower(parts.scheme), "://", parts.authority,
                      parts.origin.size() < url.size() ? "/..." : "");
}

absl::StatusOr<store::SubscriptionRecord> ValidateNewSubscription(const v1::CreateSubscriptionRequest& request) {
  if (!request.has_subscription()) return Invalid("subscription", "is required");
  const v1::Subscription& in = request.subscription();
  store::SubscriptionRecord out;
  v1::Subscription& s = out.subscription;

  const std::string description(absl::StripAsciiWhitespace(in.description()));
  if (description.size() > kMaxText) return Invalid("subscription.description", absl::StrCat("is longer than ", kMaxText, " characters"));
  if (HasControlCharacters(description)) return Invalid("subscription.description", "contains control characters");
  s.set_description(description);

  if (!in.has_target()) return Invalid("subscription.target", "is required");
  const v1::WebhookTarget::Kind kind = in.target().kind();
  if (kind == v1::WebhookTarget::KIND_UNSPECIFIED || !v1::WebhookTarget::Kind_IsValid(kind)) {
    return Invalid("subscription.target.kind", "must be SLACK, DISCORD, TEAMS or GENERIC_JSON");
  }
  const std::string url(absl::StripAsciiWhitespace(in.target().url()));
  if (absl::Status st = CheckTargetUrl(url); !st.ok()) return st;
  s.mutable_target()->set_kind(kind);
  s.mutable_target()->set_url(url);

  const v1::SubscriptionFilter& filter = in.filter();
  v1::SubscriptionFilter* f = s.mutable_filter();
  if (filter.status_page_urls_size() > kMaxPages) {
    return Invalid("subscription.filter.status_page_urls", absl::StrCat("has more than ", kMaxPages, " entries"));
  }
  std::set<std::string> pages;
  for (int i = 0; i < filter.status_page_urls_size(); ++i) {
    absl::StatusOr<std::string> page = NormalizePageUrl(filter.status_page_urls(i));
    if (!page.ok()) return Invalid(absl::StrCat("subscription.filter.status_page_urls[", i, "]"), page.status().message());
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

  if (!request.secret().empty()) {
    if (kind != v1::WebhookTarget::GENERIC_JSON) {
      return Invalid("secret", "only GENERIC_JSON webhooks are signed; leave it empty for this kind");
    }
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
