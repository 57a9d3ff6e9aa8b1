#include "server/notify/email_target.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace statusphere::notify {
namespace {

absl::Status Invalid(absl::string_view problem, absl::string_view field = "subscription.target.url") {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// local@domain, printable ASCII without spaces, quotes, angle brackets, commas or
// semicolons: what goes between <> in MAIL FROM / RCPT TO and in the From/To headers.
bool IsMailAddress(absl::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const size_t at = address.rfind('@');
  if (at == 0 || at == absl::string_view::npos || at + 1 == address.size()) return false;
  for (unsigned char c : address) {
    if (c <= 0x20 || c >= 0x7f || absl::string_view("<>()[]\\,;:\"").find(c) != absl::string_view::npos) return false;
  }
  return address.substr(at + 1).find('.') != absl::string_view::npos || address.substr(at + 1) == "localhost";
}

// %40 for '@' and %2C for ',' are what a URL-aware caller may have written.
std::string PercentDecode(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    int value = 0;
    if (text[i] == '%' && i + 2 < text.size() && absl::SimpleHexAtoi(text.substr(i + 1, 2), &value)) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// "smtp://host:port" or "smtps://host:port" from the url's host[:port], lowercased; the
// problem (for `field`) when it is anything else.
absl::StatusOr<std::string> MailServer(bool smtps, absl::string_view host, absl::string_view field) {
  if (host.empty()) return Invalid("names no mail server", field);
  for (char c : host) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        absl::string_view(".-:[]").find(c) == absl::string_view::npos) {
      return Invalid("the mail server is host[:port] (user and password do not go in the url)", field);
    }
  }
  return absl::StrCat(smtps ? "smtps://" : "smtp://", absl::AsciiStrToLower(host));
}

// Appends the comma-separated addresses of `list` to `to`.
absl::Status AppendAddresses(absl::string_view list, std::vector<std::string>* to) {
  for (absl::string_view address : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    address = absl::StripAsciiWhitespace(address);
    if (!IsMailAddress(address)) return Invalid(absl::StrCat("to: '", address, "' is not a mail address"));
    to->emplace_back(address);
  }
  return absl::OkStatus();
}

absl::Status CheckUser(absl::string_view user, absl::string_view field) {
  if (user.empty() || user.size() > 256) return Invalid("user: must be 1 to 256 characters", field);
  for (unsigned char c : user) {
    if (c <= 0x20 || c >= 0x7f) return Invalid("user: must be printable ASCII without spaces", field);
  }
  return absl::OkStatus();
}

}  // namespace

bool IsRelayTarget(const std::string& url) { return absl::StartsWithIgnoreCase(url, "mailto:"); }

absl::StatusOr<std::vector<std::string>> ParseRelayRecipients(const std::string& url) {
  if (!IsRelayTarget(url)) return Invalid("a relay target is mailto:<address>[,<address>...]");
  if (url.find_first_of("?#") != std::string::npos) {
    return Invalid("mailto: names recipients only (the relay decides the rest)");
  }
  std::vector<std::string> to;
  if (absl::Status s = AppendAddresses(PercentDecode(url.substr(7)), &to); !s.ok()) return s;
  if (to.empty()) return Invalid("mailto: names no recipient");
  if (to.size() > 50) return Invalid("to: at most 50 addresses");
  return to;
}

absl::StatusOr<EmailTarget> ParseRelay(const std::string& url, const std::string& from) {
  // Messages never repeat the url: a password someone put there must not reach a log.
  constexpr absl::string_view kField = "--smtp_relay";
  EmailTarget relay;
  const bool smtps = absl::StartsWithIgnoreCase(url, "smtps://");
  if (!smtps && !absl::StartsWithIgnoreCase(url, "smtp://")) return Invalid("is smtp:// or smtps://", kField);
  const size_t start = url.find("://") + 3;
  const size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (const size_t at = authority.rfind('@'); at != std::string::npos) {
    const std::string user = PercentDecode(authority.substr(0, at));
    if (user.find(':') != std::string::npos) {
      return Invalid("the password goes in --smtp_password_file, not in the url", kField);
    }
    if (absl::Status s = CheckUser(user, kField); !s.ok()) return s;
    relay.user = user;
    authority = authority.substr(at + 1);
  }
  absl::StatusOr<std::string> server = MailServer(smtps, authority, kField);
  if (!server.ok()) return server.status();
  relay.server = *server;
  relay.starttls = !smtps;
  if (end != std::string::npos) {
    const absl::string_view rest = absl::string_view(url).substr(end);
    if (rest != "?tls=none" || smtps) return Invalid("takes no path, and only ?tls=none (smtp:// only)", kField);
    relay.starttls = false;
  }
  if (!IsMailAddress(from)) return Invalid("is required with --smtp_relay: the sender's mail address", "--smtp_from");
  relay.from = from;
  return relay;
}

absl::StatusOr<EmailTarget> ParseEmailTarget(const std::string& url) {
  EmailTarget target;
  const bool smtps = absl::StartsWithIgnoreCase(url, "smtps://");
  if (!smtps && !absl::StartsWithIgnoreCase(url, "smtp://")) return Invalid("an EMAIL target is smtp:// or smtps://");
  const size_t authority_start = url.find("://") + 3;
  const size_t authority_end = url.find_first_of("/?#", authority_start);
  const std::string authority = url.substr(
      authority_start, authority_end == std::string::npos ? std::string::npos : authority_end - authority_start);
  absl::StatusOr<std::string> server = MailServer(smtps, authority, "subscription.target.url");
  if (!server.ok()) return server.status();
  target.server = *server;
  target.starttls = !smtps;
  const size_t query = url.find('?');
  if (query == std::string::npos) return Invalid("needs ?from=<address>&to=<address>");
  bool has_from = false;
  for (absl::string_view param : absl::StrSplit(absl::string_view(url).substr(query + 1), '&', absl::SkipEmpty())) {
    const std::pair<std::string, std::string> kv = absl::StrSplit(param, absl::MaxSplits('=', 1));
    const std::string value = PercentDecode(kv.second);
    if (kv.first == "from") {
      if (!IsMailAddress(value)) return Invalid(absl::StrCat("from: '", value, "' is not a mail address"));
      target.from = value;
      has_from = true;
    } else if (kv.first == "to") {
      if (absl::Status s = AppendAddresses(value, &target.to); !s.ok()) return s;
    } else if (kv.first == "user") {
      if (absl::Status s = CheckUser(value, "subscription.target.url"); !s.ok()) return s;
      target.user = value;
    } else if (kv.first == "tls") {
      if (value == "none" && !smtps) {
        target.starttls = false;
      } else if (value != "starttls" || smtps) {
        return Invalid("tls: is starttls (the default) or none, and only for smtp://");
      }
    } else {
      return Invalid(absl::StrCat("unknown parameter '", kv.first, "' (from, to, user, tls)"));
    }
  }
  if (!has_from) return Invalid("from: is required");
  if (target.to.empty()) return Invalid("to: is required");
  if (target.to.size() > 50) return Invalid("to: at most 50 addresses");
  return target;
}

}  // namespace statusphere::notify
