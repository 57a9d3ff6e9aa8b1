// A real HTTP/1.1 server on 127.0.0.1 for tests: it plays status pages and webhook
// receivers. Each path gets a programmable response (status, headers, body, delay, slow
// drip, abrupt close) or a handler that decides per request, and the responses can be
// changed while the test runs. It counts and records the requests each path got, bodies
// (sent with Content-Length) included.
#ifndef STATUSPHERE_TESTS_SUPPORT_HTTP_SERVER_H_
#define STATUSPHERE_TESTS_SUPPORT_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace statusphere::testing {

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Length is added
  std::string body;
  absl::Duration delay = absl::ZeroDuration();  // before the headers
  // When > 0: send the body in chunks of this many bytes, sleeping drip_interval between.
  size_t drip_bytes = 0;
  absl::Duration drip_interval = absl::ZeroDuration();
  // Close the connection right after reading the request, without answering.
  bool reset = false;
  // Claim this Content-Length but send `body` (which may be shorter or streamed huge).
  long long declared_length = -1;
  // Stream this many bytes of 'x' after the headers instead of `body` (for huge bodies).
  long long stream_bytes = 0;
  // Answer 304 Not Modified when the request carries If-None-Match equal to this ETag.
  std::string etag;
};

struct RecordedRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

using HttpHandler = std::function<HttpResponse(const RecordedRequest&)>;

// A 200 with `body` as application/json.
inline HttpResponse JsonResponse(const std::string& body) {
  HttpResponse r;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = body;
  return r;
}

// `plain` gzip-compressed, for responses served with Content-Encoding: gzip (bombs too).
std::string Gzip(const std::string& plain);

class HttpServer {
 public:
  HttpServer();  // binds 127.0.0.1 on an ephemeral port and starts serving
  ~HttpServer();

  int port() const { return port_; }
  std::string Url(const std::string& path) const;  // "http://127.0.0.1:<port><path>"

  void Set(const std::string& path, HttpResponse response);
  // Answers requests for `path` with whatever `handler` returns (called on the connection's
  // thread, one request at a time per connection); replaces a Set() response.
  void SetHandler(const std::string& path, HttpHandler handler);
  // Unknown paths answer 404.
  int RequestCount(const std::string& path);
  // The most requests for `path` that were being answered at one moment (from reading the
  // request to the last byte sent): a page leased to two scrapers at once shows here as 2.
  int MaxInFlight(const std::string& path);
  std::vector<RecordedRequest> Requests();

 private:
  void AcceptLoop();
  void Serve(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  absl::Mutex mu_;
  std::map<std::string, HttpResponse> responses_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, HttpHandler> handlers_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> counts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> in_flight_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> max_in_flight_ ABSL_GUARDED_BY(mu_);
  std::vector<RecordedRequest> requests_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> workers_ ABSL_GUARDED_BY(mu_);
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_HTTP_SERVER_H_
