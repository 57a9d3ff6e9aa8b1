// The one HTTP client of statusphere, over libcurl's multi interface: the scraper's batches
// of GETs and the webhook sender's POSTs. It owns what every outbound request needs alike:
// libcurl's global init, the SSRF guard on every connection, time, size and redirect caps,
// Retry-After, and giving up on a stop. A hostile or broken server yields a typed error,
// never a crash. One Client per thread; it keeps its connections alive between calls.
#ifndef STATUSPHERE_COMMON_HTTP_CLIENT_H_
#define STATUSPHERE_COMMON_HTTP_CLIENT_H_

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/address_policy.h"

namespace statusphere::http {

struct ClientOptions {
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration total_timeout = absl::Seconds(30);
  // Decompressed bytes. A longer body (or a gzip bomb) fails the transfer with kTooLarge,
  // unless truncate_long_body: then the body is cut there and the transfer goes on (for
  // callers that only want a snippet of the answer, such as a webhook's error text).
  size_t max_body_bytes = 16 << 20;
  bool truncate_long_body = false;
  // When false, a 3xx is the answer (a webhook that moved is a configuration error, and
  // following it could leak the payload); when true, more than max_redirects fail with
  // kTooManyRedirects. Redirects only ever go to http(s).
  bool follow_redirects = true;
  int max_redirects = 5;
  // Asks for every encoding libcurl decodes (gzip, br, ...).
  bool accept_compressed = true;
  // Transfers in flight at once in one SendAll call, and per host.
  int max_concurrency = 16;
  int max_per_host = 6;
  // The SSRF guard: every connection (the first and each redirect's) is checked against
  // it after DNS resolution, so neither a redirect nor a DNS answer that changed since the
  // URL was accepted can reach a private address.
  AddressPolicy addresses;
  std::string user_agent = "statusphere/1.0 (+https://github.com/statusphere/statusphere)";
};

enum class Method { kGet, kPost };

struct Request {
  Method method = Method::kGet;
  std::string url;
  // Sent as given ("If-None-Match", "Content-Type", ...), after the User-Agent.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // POST only
  // A Server-Sent Events stream, which never ends by itself: the transfer ends, as a
  // success with the body so far, once an event of this name has arrived whole (its lines
  // and the blank line after them). Empty: the body is read to its end.
  std::string end_after_event;
};

// Why a transfer failed; an HTTP error status is an answer, not a failure.
enum class ErrorKind {
  kNone,
  kBlocked,           // the SSRF guard refused the address a connection would go to
  kTooLarge,          // the body passed max_body_bytes
  kTimeout,           // connect_timeout or total_timeout ran out
  kTooManyRedirects,  // more than max_redirects
  kBadUrl,            // the URL does not parse, or names another protocol than http(s)
  kCancelled,         // the caller's cancel flag turned true first
  kTransport,         // anything else on the way: refused, reset, TLS, DNS, ...
};

struct Response {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  int http_status = 0;    // 0 when no response arrived
  std::string content_type;
  std::string etag;
  std::string last_modified;
  absl::Duration retry_after = absl::ZeroDuration();
  // How long the response says it stays fresh (Cache-Control, Expires: freshness.h).
  absl::Duration fresh_for = absl::ZeroDuration();
  std::string body;  // empty when the transfer failed: a partial body is never used
  ErrorKind error = ErrorKind::kNone;
  // For people, naming the request: "GET <url>: refused to connect: address 127.0.0.1 is
  // a loopback, not a public address".
  std::string error_message;
  // The same without "GET <url>: ", for callers whose URLs are secrets (webhook URLs often
  // carry a token) and must not be repeated in errors stored for users.
  std::string error_detail;

  bool ok() const { return error == ErrorKind::kNone; }
};

class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends all requests concurrently; responses are in request order. When `cancel` is set
  // and turns true (the process is stopping), transfers in flight are given up within a
  // quarter of a second, as kCancelled, instead of running to their timeouts: a stop must
  // not wait for a slow server or a hanging DNS lookup.
  std::vector<Response> SendAll(const std::vector<Request>& requests, const std::atomic<bool>* cancel = nullptr);
  Response Send(const Request& request, const std::atomic<bool>* cancel = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The host the client connects to for `url`, as libcurl parses it (so that userinfo or
// odd escapes cannot make a check see another host than the connection), lowercase, an
// IPv6 address in brackets; empty when the URL does not parse.
std::string ConnectHost(absl::string_view url);

}  // namespace statusphere::http

#endif  // STATUSPHERE_COMMON_HTTP_CLIENT_H_
