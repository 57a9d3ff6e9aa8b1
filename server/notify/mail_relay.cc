#include "server/notify/mail_relay.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace statusphere::notify {

absl::StatusOr<std::optional<MailRelay>> LoadMailRelay(const std::string& url, const std::string& from,
                                                       const std::string& password_file) {
  if (url.empty()) {
    if (!password_file.empty() || !from.empty()) {
      return absl::InvalidArgumentError("--smtp_from and --smtp_password_file need --smtp_relay");
    }
    return std::nullopt;
  }
  MailRelay relay;
  absl::StatusOr<EmailTarget> target = ParseRelay(url, from);
  if (!target.ok()) return target.status();
  relay.target = *std::move(target);
  if (relay.target.user.empty() != password_file.empty()) {
    return absl::InvalidArgumentError(
        "--smtp_password_file goes with a user in --smtp_relay (smtp://<user>@host), and only with one");
  }
  if (password_file.empty()) return relay;
  std::ifstream in(password_file);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read --smtp_password_file '", password_file, "'"));
  std::stringstream content;
  content << in.rdbuf();
  relay.password = std::string(absl::StripAsciiWhitespace(content.str()));
  if (relay.password.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--smtp_password_file '", password_file, "' is empty"));
  }
  return relay;
}

}  // namespace statusphere::notify
