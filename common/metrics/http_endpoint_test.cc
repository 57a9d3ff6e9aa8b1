#include "common/metrics/http_endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace statusphere::metrics {
namespace {

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  return fd;
}

// Sends `request` and reads until the server closes the connection.
std::string Exchange(int port, const std::string& request) {
  const int fd = Connect(port);
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) response.append(buffer, static_cast<size_t>(n));
  ::close(fd);
  return response;
}

class HttpEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.AddCounter("t_requests_total", "Requests.", {"code"}).With({"OK"}).Increment(3);
    EndpointOptions options;
    options.connection_timeout = absl::Milliseconds(300);
    options.max_request_bytes = 1024;
    absl::StatusOr<std::unique_ptr<HttpEndpoint>> endpoint = HttpEndpoint::Start("127.0.0.1:0", registry_, options);
    ASSERT_TRUE(endpoint.ok()) << endpoint.status();
    endpoint_ = *std::move(endpoint);
    ASSERT_GT(endpoint_->port(), 0);
  }
  Registry registry_;
  std::unique_ptr<HttpEndpoint> endpoint_;
};

TEST_F(HttpEndpointTest, ServesTheRegistryAtMetrics) {
  const std::string response = Exchange(endpoint_->port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string body =
      "# HELP t_requests_total Requests.\n# TYPE t_requests_total counter\n"
      "t_requests_total{code=\"OK\"} 3\n";
  EXPECT_TRUE(absl::StartsWith(response, "HTTP/1.1 200 OK\r\n")) << response;
  EXPECT_TRUE(absl::StrContains(response, "Content-Type: text/plain; version=0.0.4")) << response;
  EXPECT_TRUE(absl::StrContains(response, "Content-Length: " + std::to_string(body.size()) + "\r\n")) << response;
  EXPECT_TRUE(absl::EndsWith(response, "\r\n\r\n" + body)) << response;
  // A query string (some scrapers add one) is ignored; HEAD has no body.
  EXPECT_TRUE(absl::EndsWith(Exchange(endpoint_->port(), "GET /metrics?x=1 HTTP/1.0\r\n\r\n"), body));
  const std::string head = Exchange(endpoint_->port(), "HEAD /metrics HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(head, "HTTP/1.1 200 OK\r\n")) << head;
  EXPECT_TRUE(absl::EndsWith(head, "\r\n\r\n")) << head;
}

TEST_F(HttpEndpointTest, OtherRequestsGetClearErrors) {
  EXPECT_TRUE(absl::StartsWith(Exchange(endpoint_->port(), "GET / HTTP/1.1\r\n\r\n"), "HTTP/1.1 404 Not Found"));
  const std::string post = Exchange(endpoint_->port(), "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(post, "HTTP/1.1 405 Method Not Allowed")) << post;
  EXPECT_TRUE(absl::StrContains(post, "Allow: GET, HEAD")) << post;
  EXPECT_TRUE(absl::StartsWith(Exchange(endpoint_->port(), "hello\r\n\r\n"), "HTTP/1.1 400 Bad Request"));
  const std::string huge = "GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(5000, 'a') + "\r\n\r\n";
  EXPECT_TRUE(absl::StartsWith(Exchange(endpoint_->port(), huge), "HTTP/1.1 431"));
}

TEST_F(HttpEndpointTest, AStalledClientIsDroppedAndOthersAreServed) {
  const int stalled = Connect(endpoint_->port());
  ASSERT_EQ(::send(stalled, "GET /met", 8, MSG_NOSIGNAL), 8);
  const absl::Time start = absl::Now();
  const std::string response = Exchange(endpoint_->port(), "GET /metrics HTTP/1.1\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(response, "HTTP/1.1 200 OK")) << response;
  // Served after the stalled connection's 300 ms, well before a test timeout.
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  char byte;
  EXPECT_EQ(::recv(stalled, &byte, 1, 0), 0);  // closed without an answer
  ::close(stalled);
}

TEST(HttpEndpoint, RefusesBadAddressesAndTakenPorts) {
  Registry registry;
  EXPECT_EQ(HttpEndpoint::Start("no-port", registry).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HttpEndpoint::Start("127.0.0.1:99999", registry).status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::unique_ptr<HttpEndpoint>> first = HttpEndpoint::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(first.ok());
  absl::StatusOr<std::unique_ptr<HttpEndpoint>> second =
      HttpEndpoint::Start("127.0.0.1:" + std::to_string((*first)->port()), registry);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(second.status().message(), "cannot listen for metrics")) << second.status();
}

}  // namespace
}  // namespace statusphere::metrics
