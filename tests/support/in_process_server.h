// The real StatusphereServer in the test's own process, built as the binary builds it
// (StatusphereServer::Start from options), for tests that reach into the store or swap a
// part of the options; ServerProcess runs the binary itself. Defaults: a private in-memory
// SQLite store, 127.0.0.1 with a free port, plaintext, the test tokens of server_process.h,
// every registered provider, pages allowed at any address (tests add public names without
// DNS lookups: CI is offline), no schedule jitter, no catalog.
#ifndef STATUSPHERE_TESTS_SUPPORT_IN_PROCESS_SERVER_H_
#define STATUSPHERE_TESTS_SUPPORT_IN_PROCESS_SERVER_H_

#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "server/server.h"

namespace statusphere::testing {

class InProcessServer {
 public:
  // The defaults above, then `configure`'s changes.
  static ServerOptions DefaultOptions();
  static absl::StatusOr<std::unique_ptr<InProcessServer>> Start(absl::FunctionRef<void(ServerOptions&)> configure =
                                                                    [](ServerOptions&) {});
  // Shuts the server down with a second of grace.
  ~InProcessServer();

  int port() const { return server_->port(); }
  int internal_port() const { return server_->internal_port(); }
  std::string address() const;
  // A plaintext channel to the server (TLS tests make their own).
  std::shared_ptr<grpc::Channel> Channel() const;
  store::Store& store() { return server_->store(); }
  StatusphereServer& server() { return *server_; }

 private:
  explicit InProcessServer(std::unique_ptr<StatusphereServer> server) : server_(std::move(server)) {}
  std::unique_ptr<StatusphereServer> server_;
};

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_IN_PROCESS_SERVER_H_
