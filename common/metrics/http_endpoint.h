// A minimal HTTP/1.1 responder for Prometheus: GET /metrics answers the registry's text,
// anything else a short error, every response with Connection: close. Connections are
// served one at a time by one thread; each gets a few seconds and a few KiB of request
// in total, so a client that stalls or floods holds the endpoint briefly at worst.
// Meant for loopback or a cluster network, not the open internet (no TLS, no auth).
#ifndef STATUSPHERE_COMMON_METRICS_HTTP_ENDPOINT_H_
#define STATUSPHERE_COMMON_METRICS_HTTP_ENDPOINT_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/metrics/metrics.h"

namespace statusphere::metrics {

struct EndpointOptions {
  // Time a connection gets to send its request and read the answer.
  absl::Duration connection_timeout = absl::Seconds(5);
  // Largest request head (request line and headers) read; longer ones get 431.
  size_t max_request_bytes = 8192;
};

class HttpEndpoint {
 public:
  // Listens on `address` ("host:port", "[v6]:port"; port 0 picks a free one) and serves
  // `registry`, which must outlive the endpoint.
  static absl::StatusOr<std::unique_ptr<HttpEndpoint>> Start(absl::string_view address, const Registry& registry,
                                                             EndpointOptions options = {});
  ~HttpEndpoint();  // stops serving and joins the thread
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  int port() const { return port_; }

 private:
  HttpEndpoint(int listen_fd, int wake_fd, int port, const Registry& registry, EndpointOptions options);
  void Serve();
  void Answer(int fd);

  const int listen_fd_;
  const int wake_fd_;  // an eventfd: written to stop the loop
  const int port_;
  const Registry& registry_;
  const EndpointOptions options_;
  std::thread thread_;
};

}  // namespace statusphere::metrics

#endif  // STATUSPHERE_COMMON_METRICS_HTTP_ENDPOINT_H_
