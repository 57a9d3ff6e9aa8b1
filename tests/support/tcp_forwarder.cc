#include "tests/support/tcp_forwarder.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "absl/strings/str_cat.h"

namespace statusphere::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

// A port nothing listens on right now (bound once, then let go).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(0);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TcpForwarder::TcpForwarder(int target_port) : target_port_(target_port), port_(FreePort()) {}

TcpForwarder::~TcpForwarder() { Stop(); }

absl::Status TcpForwarder::Start() {
  if (running_) return absl::OkStatus();
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr = Loopback(port_);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(listen_fd_, 64) != 0) {
    const int error = errno;
    ::close(listen_fd_);
    listen_fd_ = -1;
    return absl::UnavailableError(absl::StrCat("cannot listen on 127.0.0.1:", port_, ": errno ", error));
  }
  running_ = true;
  acceptor_ = std::thread([this] { AcceptLoop(); });
  return absl::OkStatus();
}

void TcpForwarder::Stop() {
  if (!running_.exchange(false)) return;
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  std::vector<std::thread> relays;
  {
    absl::MutexLock lock(&mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    relays.swap(relays_);
  }
  for (auto& relay : relays) relay.join();
}

void TcpForwarder::AcceptLoop() {
  while (running_) {
    const int client = ::accept(listen_fd_, nullptr, nullptr);
    if (client < 0) {
      if (!running_) return;
      continue;
    }
    absl::MutexLock lock(&mu_);
    open_fds_.push_back(client);
    relays_.emplace_back([this, client] { Relay(client); });
  }
}

// Copies bytes both ways until either side closes, then closes both.
void TcpForwarder::Relay(int client) {
  const int target = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = Loopback(target_port_);
  if (::connect(target, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    {
      absl::MutexLock lock(&mu_);
      open_fds_.push_back(target);
    }
    pollfd fds[2] = {{client, POLLIN, 0}, {target, POLLIN, 0}};
    char buffer[16384];
    bool open = true;
    while (open && running_) {
      if (::poll(fds, 2, 200) < 0) break;
      for (int i = 0; i < 2 && open; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const ssize_t n = ::recv(fds[i].fd, buffer, sizeof(buffer), 0);
        if (n <= 0) {
          open = false;
          break;
        }
        for (ssize_t sent = 0; sent < n;) {
          const ssize_t m = ::send(fds[1 - i].fd, buffer + sent, static_cast<size_t>(n - sent), MSG_NOSIGNAL);
          if (m <= 0) {
            open = false;
            break;
          }
          sent += m;
        }
      }
    }
  }
  absl::MutexLock lock(&mu_);
  for (int fd : {client, target}) {
    ::close(fd);
    open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
  }
}

}  // namespace statusphere::testing
