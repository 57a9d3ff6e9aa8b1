#include "server/notify/webhook_sender.h"

#include <curl/curl.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/http/connection_guard.h"
#include "common/http/retry_after.h"

namespace statusphere::notify {
namespace {

// Error texts are stored and shown through the API: keep them short and printable ASCII
// (PostgreSQL TEXT also refuses invalid UTF-8).
std::string Printable(absl::string_view text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  return std::string(absl::StripAsciiWhitespace(out));
}

struct Exchange {
  std::string body;  // first bytes of the response, for the error message
  absl::Duration retry_after;
  const std::atomic<bool>* cancel = nullptr;
  http::ConnectionGuard guard;  // the SSRF guard on this exchange's connections
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* e = static_cast<Exchange*>(user);
  const size_t n = size * count;
  if (e->body.size() < 512) e->body.append(data, std::min(n, 512 - e->body.size()));
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* e = static_cast<Exchange*>(user);
  const size_t n = size * count;
  absl::string_view line(data, n);
  const size_t colon = line.find(':');
  if (colon != absl::string_view::npos && absl::EqualsIgnoreCase(line.substr(0, colon), "retry-after")) {
    e->retry_after = http::ParseRetryAfter(line.substr(colon + 1), absl::Now());
  }
  return n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* e = static_cast<Exchange*>(user);
  return e->cancel != nullptr && e->cancel->load() ? 1 : 0;  // non-zero aborts the transfer
}

// The URL's host, lowercase; empty when it does not parse.
std::string HostOf(const std::string& url) {
  CURLU* parsed = curl_url();
  std::string host;
  char* part = nullptr;
  if (curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
    host = absl::AsciiStrToLower(part);
    curl_free(part);
  }
  curl_url_cleanup(parsed);
  return host;
}

}  // namespace

WebhookSender::WebhookSender(SenderOptions options) : options_(std::move(options)) {
  // curl_global_init is not thread-safe: once, before any sender thread runs.
  static const bool initialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)initialized;
}

SendResult WebhookSender::Post(const std::string& url, const WebhookRequest& request,
                               const std::atomic<bool>* cancel) const {
  SendResult result;
  if (!options_.allowed_hosts.empty() && options_.allowed_hosts.count(HostOf(url)) == 0) {
    result.permanent = true;
    result.error = absl::StrCat("host '", Printable(HostOf(url), 200), "' is not in the notify_allowed_hosts list");
    return result;
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    result.error = "libcurl: cannot create a handle";
    return result;
  }
  Exchange exchange;
  exchange.cancel = cancel;
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, absl::StrCat(name, ": ", value).c_str());
  // libcurl would send "Expect: 100-continue" for larger bodies and wait for an answer
  // many webhook endpoints never give.
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  exchange.guard.policy = &options_.addresses;
  http::InstallConnectionGuard(curl, &exchange.guard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &exchange);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);

  result.http_status = static_cast<int>(status);
  result.retry_after = exchange.retry_after;
  if (!exchange.guard.refused.empty()) {
    result.error = absl::StrCat("refused to connect: ", exchange.guard.refused);
    result.permanent = true;  // the address will not become public by retrying
    return result;
  }
  if (code != CURLE_OK) {
    result.error = code == CURLE_ABORTED_BY_CALLBACK ? "interrupted by shutdown"
                                                     : absl::StrCat("transport: ", curl_easy_strerror(code));
    if (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT) result.permanent = true;
    return result;
  }
  if (status >= 200 && status < 300) {
    result.delivered = true;
    return result;
  }
  result.error = absl::StrCat("HTTP ", status);
  if (const std::string snippet = Printable(exchange.body, 200); !snippet.empty()) absl::StrAppend(&result.error, ": ", snippet);
  return result;
}

}  // namespace statusphere::notify
