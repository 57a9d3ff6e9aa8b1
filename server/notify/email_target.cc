#include "server/notify/email_target.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace statusphere::notify {
namespace {

absl::Status Invalid(absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("subscription.target.url: ", problem));
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
    if (text[i] == '%' && i + 2 < text.size() &&
        absl::SimpleHexAtoi(text.substr(i + 1, 2), &value)) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<EmailTarget> ParseEmailTarget(const std::string& url) {
  EmailTarget target;
  const bool smtps = absl::StartsWithIgnoreCase(url, "smtps://");
  if (!smtps && !absl::StartsWithIgnoreCase(url, "smtp://")) return Invalid("an EMAIL target is smtp:// or smtps://");
  const size_t authority_start = url.find("://") + 3;
  const size_t authority_end = url.find_first_of("/?#", authority_start);
  const std::string authority = url.substr(authority_start, authority_end == std::string::npos ? std::string::npos
                                                                                               : authority_end - authority_start);
  if (authority.empty()) return Invalid("names no mail server");
  for (char c : authority) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && absl::string_view(".-:[]").find(c) == absl::string_view::npos) {
      return Invalid("the mail server is host[:port] (user and password do not go in the url)");
    }
  }
  target.server = absl::StrCat(smtps ? "smtps://" : "smtp://", absl::AsciiStrToLower(authority));
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
      for (absl::string_view address : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
        address = absl::StripAsciiWhitespace(address);
        if (!IsMailAddress(address)) return Invalid(absl::StrCat("to: '", address, "' is not a mail address"));
        target.to.emplace_back(address);
      }
    } else if (kv.first == "user") {
      if (value.empty() || value.size() > 256) return Invalid("user: must be 1 to 256 characters");
      for (unsigned char c : value) {
        if (c <= 0x20 || c >= 0x7f) return Invalid("user: must be printable ASCII without spaces");
      }
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
