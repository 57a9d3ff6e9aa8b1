#include "server/notify/mail_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/http/client.h"
#include "common/http/connection_guard.h"

namespace statusphere::notify {
namespace {

struct Upload {
  absl::string_view rest;
  const std::atomic<bool>* cancel;
};

size_t Read(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* upload = static_cast<Upload*>(user);
  return upload->cancel != nullptr && upload->cancel->load() ? 1 : 0;  // non-zero aborts
}

}  // namespace

MailSender::MailSender(SenderOptions options) : options_(std::move(options)) {
  // Thread-safe in the libcurl Debian ships (7.84 and later); the HTTP client does the same.
  static const bool initialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)initialized;
}

SendResult MailSender::Send(const EmailTarget& target, const std::string& password, const std::string& mail,
                            const std::atomic<bool>* cancel) const {
  SendResult result;
  if (const std::string host = http::ConnectHost(target.server);
      !options_.allowed_hosts.empty() && options_.allowed_hosts.count(host) == 0) {
    result.permanent = true;
    result.error = absl::StrCat("host '", host, "' is not in the notify_allowed_hosts list");
    return result;
  }
  CURL* easy = curl_easy_init();
  if (easy == nullptr) {
    result.error = "transport: cannot start libcurl";
    return result;
  }
  Upload upload{mail, cancel};
  http::ConnectionGuard guard{&options_.addresses, ""};
  char curl_error[CURL_ERROR_SIZE] = {};
  curl_slist* recipients = nullptr;
  for (const std::string& to : target.to)
    recipients = curl_slist_append(recipients, absl::StrCat("<", to, ">").c_str());
  const std::string from = absl::StrCat("<", target.from, ">");

  curl_easy_setopt(easy, CURLOPT_URL, target.server.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, &Read);
  curl_easy_setopt(easy, CURLOPT_READDATA, &upload);
  curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.size()));
  // smtps:// is TLS from the start; smtp:// must upgrade with STARTTLS or fail, unless the
  // target chose a plain connection.
  curl_easy_setopt(easy, CURLOPT_USE_SSL,
                   (target.starttls || absl::StartsWith(target.server, "smtps://"))
                       ? static_cast<long>(CURLUSESSL_ALL)
                       : static_cast<long>(CURLUSESSL_NONE));
  if (!target.user.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERNAME, target.user.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, password.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &Progress);
  curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &upload);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, curl_error);
  http::InstallConnectionGuard(easy, &guard);

  const CURLcode code = curl_easy_perform(easy);
  long smtp_code = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &smtp_code);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(easy);

  if (code == CURLE_OK) {
    result.delivered = true;
    return result;
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    result.error = "interrupted by shutdown";
    return result;
  }
  if (!guard.refused.empty()) {
    result.permanent = true;  // the address will not become public by retrying
    result.error = guard.refused;
    return result;
  }
  // libcurl's messages name the step ("RCPT failed: 550", "Login denied"), not credentials.
  result.error = absl::StrCat("smtp: ", curl_error[0] != '\0' ? curl_error : curl_easy_strerror(code));
  if (smtp_code > 0) absl::StrAppend(&result.error, " (server answered ", smtp_code, ")");
  // http_status stays 0: an SMTP 4xx is transient, unlike an HTTP one.
  result.permanent = code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED || code == CURLE_UNSUPPORTED_PROTOCOL ||
                     code == CURLE_URL_MALFORMAT || (smtp_code >= 500 && smtp_code < 600);
  return result;
}

}  // namespace statusphere::notify
