// A TCP forwarder on 127.0.0.1 that a test switches on and off: with it off, connections
// to its port are refused, as if the service behind it were down; with it on, each
// connection is relayed to the target port. Tests use it to take a database away from a
// server and give it back without stopping the database.
#ifndef STATUSPHERE_TESTS_SUPPORT_TCP_FORWARDER_H_
#define STATUSPHERE_TESTS_SUPPORT_TCP_FORWARDER_H_

#include <atomic>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace statusphere::testing {

class TcpForwarder {
 public:
  // Picks a free port for itself, to forward to `target_port` once started; off until then.
  explicit TcpForwarder(int target_port);
  ~TcpForwarder();  // stops

  int port() const { return port_; }
  // Starts listening on port() and relaying.
  absl::Status Start();
  // Stops listening and cuts every relayed connection.
  void Stop();

 private:
  void AcceptLoop();
  void Relay(int client);

  const int target_port_;
  int port_ = 0;
  int listen_fd_ = -1;
  std::atomic<bool> running_{false};
  std::thread acceptor_;
  absl::Mutex mu_;
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> relays_ ABSL_GUARDED_BY(mu_);
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_TCP_FORWARDER_H_
