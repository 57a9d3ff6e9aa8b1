#include "common/http/connection_guard.h"

#include <sys/socket.h>

namespace statusphere::http {
namespace {

curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<ConnectionGuard*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN) {
    absl::StatusOr<IpAddress> ip = IpAddress::FromSockaddr(&address->addr);
    absl::Status verdict = ip.ok() ? guard->policy->Check(*ip) : ip.status();
    if (!verdict.ok()) {
      guard->refused = std::string(verdict.message());
      return CURL_SOCKET_BAD;  // libcurl tries the host's next address, if any
    }
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

}  // namespace

void InstallConnectionGuard(CURL* easy, ConnectionGuard* guard) {
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &OnOpenSocket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, guard);
}

}  // namespace statusphere::http
