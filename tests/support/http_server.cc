#include "tests/support/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace statusphere::testing {
namespace {

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

HttpServer::HttpServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  ::listen(listen_fd_, 512);
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

HttpServer::~HttpServer() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  acceptor_.join();
  std::vector<std::thread> workers;
  {
    absl::MutexLock lock(&mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
}

std::string HttpServer::Url(const std::string& path) const { return absl::StrCat("http://127.0.0.1:", port_, path); }

void HttpServer::Set(const std::string& path, HttpResponse response) {
  absl::MutexLock lock(&mu_);
  handlers_.erase(path);
  responses_[path] = std::move(response);
}

void HttpServer::SetHandler(const std::string& path, HttpHandler handler) {
  absl::MutexLock lock(&mu_);
  responses_.erase(path);
  handlers_[path] = std::move(handler);
}

int HttpServer::RequestCount(const std::string& path) {
  absl::MutexLock lock(&mu_);
  return counts_[path];
}

int HttpServer::MaxInFlight(const std::string& path) {
  absl::MutexLock lock(&mu_);
  return max_in_flight_[path];
}

std::vector<RecordedRequest> HttpServer::Requests() {
  absl::MutexLock lock(&mu_);
  return requests_;
}

void HttpServer::AcceptLoop() {
  while (!stopping_) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    absl::MutexLock lock(&mu_);
    if (stopping_) {
      ::close(fd);
      break;
    }
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

void HttpServer::Serve(int fd) {
  std::string buffer;
  char chunk[4096];
  while (!stopping_) {
    // Read one request head, then its body when it declares a Content-Length (webhook
    // senders POST; chunked request bodies are not supported).
    size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0) {
        ::close(fd);
        absl::MutexLock lock(&mu_);
        open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
        return;
      }
      buffer.append(chunk, static_cast<size_t>(n));
    }
    const std::string head = buffer.substr(0, head_end);
    buffer.erase(0, head_end + 4);
    std::vector<std::string> lines = absl::StrSplit(head, "\r\n");
    std::vector<std::string> request_line = absl::StrSplit(lines[0], ' ');
    RecordedRequest request;
    request.method = request_line.size() > 0 ? request_line[0] : "";
    request.path = request_line.size() > 1 ? request_line[1] : "";
    for (size_t i = 1; i < lines.size(); ++i) {
      const size_t colon = lines[i].find(':');
      if (colon == std::string::npos) continue;
      request.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
          std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
    }
    size_t content_length = 0;
    if (auto it = request.headers.find("content-length"); it != request.headers.end()) {
      content_length = static_cast<size_t>(std::strtoull(it->second.c_str(), nullptr, 10));
    }
    bool closed = false;
    while (buffer.size() < content_length) {
      const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0) {
        closed = true;
        break;
      }
      buffer.append(chunk, static_cast<size_t>(n));
    }
    if (closed) break;
    request.body = buffer.substr(0, content_length);
    buffer.erase(0, content_length);
    HttpResponse response;
    bool known;
    HttpHandler handler;
    {
      absl::MutexLock lock(&mu_);
      ++counts_[request.path];
      int& in_flight = ++in_flight_[request.path];
      max_in_flight_[request.path] = std::max(max_in_flight_[request.path], in_flight);
      requests_.push_back(request);
      auto it = responses_.find(request.path);
      known = it != responses_.end();
      if (known) response = it->second;
      if (auto h = handlers_.find(request.path); h != handlers_.end()) handler = h->second;
    }
    // Counted out when this request's answer is over, whichever way it ends.
    struct InFlight {
      HttpServer* server;
      std::string path;
      ~InFlight() {
        absl::MutexLock lock(&server->mu_);
        --server->in_flight_[path];
      }
    } in_flight{this, request.path};
    if (handler) {
      response = handler(request);
      known = true;
    }
    if (!known) {
      response.status = 404;
      response.body = "not found";
    }
    if (response.reset) break;
    if (response.delay > absl::ZeroDuration()) absl::SleepFor(response.delay);
    if (!response.etag.empty() && request.headers["if-none-match"] == response.etag) {
      response.status = 304;
      response.body.clear();
      response.stream_bytes = 0;
    }
    std::string out = absl::StrCat("HTTP/1.1 ", response.status, " ", Reason(response.status), "\r\n");
    long long length = response.stream_bytes > 0 ? response.stream_bytes : static_cast<long long>(response.body.size());
    if (response.declared_length >= 0) length = response.declared_length;
    for (const auto& [name, value] : response.headers) absl::StrAppend(&out, name, ": ", value, "\r\n");
    if (!response.etag.empty()) absl::StrAppend(&out, "ETag: ", response.etag, "\r\n");
    if (response.status != 304) absl::StrAppend(&out, "Content-Length: ", length, "\r\n");
    out += "\r\n";
    if (!SendAll(fd, out.data(), out.size())) break;
    bool ok = true;
    if (response.stream_bytes > 0) {
      const std::string block(64 * 1024, 'x');
      for (long long sent = 0; ok && sent < response.stream_bytes && !stopping_; sent += block.size()) {
        ok = SendAll(fd, block.data(),
                     static_cast<size_t>(std::min<long long>(block.size(), response.stream_bytes - sent)));
      }
    } else if (response.drip_bytes > 0) {
      for (size_t i = 0; ok && i < response.body.size() && !stopping_; i += response.drip_bytes) {
        ok = SendAll(fd, response.body.data() + i, std::min(response.drip_bytes, response.body.size() - i));
        absl::SleepFor(response.drip_interval);
      }
    } else {
      ok = SendAll(fd, response.body.data(), response.body.size());
    }
    if (!ok) break;
  }
  ::close(fd);
  absl::MutexLock lock(&mu_);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
}

std::string Gzip(const std::string& plain) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + 15, 9, Z_DEFAULT_STRATEGY);  // 16+: gzip framing
  std::string out(deflateBound(&z, plain.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace statusphere::testing
