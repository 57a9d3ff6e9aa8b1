#include "server/notify/webhook_sender.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace statusphere::notify {
namespace {

// Error texts are stored and shown through the API: keep them short and printable ASCII
// (PostgreSQL TEXT also refuses invalid UTF-8).
std::string Printable(absl::string_view text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  return std::string(absl::StripAsciiWhitespace(out));
}

http::ClientOptions ClientOptionsFor(const SenderOptions& options) {
  http::ClientOptions client;
  client.total_timeout = options.timeout;
  client.connect_timeout = options.connect_timeout;
  client.user_agent = options.user_agent;
  client.addresses = options.addresses;
  client.follow_redirects = false;
  // Only the first bytes of an answer are kept, for the error message.
  client.max_body_bytes = 512;
  client.truncate_long_body = true;
  client.accept_compressed = false;
  client.max_concurrency = 1;
  client.max_per_host = 1;
  return client;
}

}  // namespace

WebhookSender::WebhookSender(SenderOptions options)
    : allowed_hosts_(std::move(options.allowed_hosts)), client_(ClientOptionsFor(options)) {}

SendResult WebhookSender::Post(const std::string& url, const WebhookRequest& request,
                               const std::atomic<bool>* cancel) const {
  SendResult result;
  if (const std::string host = http::ConnectHost(url); !allowed_hosts_.empty() && allowed_hosts_.count(host) == 0) {
    result.permanent = true;
    result.error = absl::StrCat("host '", Printable(host, 200), "' is not in the notify_allowed_hosts list");
    return result;
  }
  // A client per call: the delivery threads post at once, and a client is one thread's.
  http::Client client(client_);
  const http::Response response = client.Send({http::Method::kPost, url, request.headers, request.body}, cancel);
  result.http_status = response.http_status;
  result.retry_after = response.retry_after;
  switch (response.error) {
    case http::ErrorKind::kNone:
      break;
    case http::ErrorKind::kBlocked:
      result.error = response.error_detail;
      result.permanent = true;  // the address will not become public by retrying
      return result;
    case http::ErrorKind::kCancelled:
      result.error = "interrupted by shutdown";
      return result;
    case http::ErrorKind::kBadUrl:
      result.permanent = true;
      [[fallthrough]];
    case http::ErrorKind::kTooLarge:          // not with a truncated body; listed for completeness
    case http::ErrorKind::kTooManyRedirects:  // redirects are not followed
    case http::ErrorKind::kTimeout:
    case http::ErrorKind::kTransport:
      result.error = absl::StrCat("transport: ", response.error_detail);
      return result;
  }
  if (response.http_status >= 200 && response.http_status < 300) {
    result.delivered = true;
    return result;
  }
  result.error = absl::StrCat("HTTP ", response.http_status);
  if (const std::string snippet = Printable(response.body, 200); !snippet.empty())
    absl::StrAppend(&result.error, ": ", snippet);
  return result;
}

}  // namespace statusphere::notify
