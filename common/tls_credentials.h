// gRPC transport security from PEM files, shared by the server and its clients (scraper,
// CLI). Plaintext stays the default for a loopback deployment; TLS (and mutual TLS) turn on
// by naming files, so that a misconfiguration shows as a clear start-up error, not as a
// silently insecure channel.
#ifndef STATUSPHERE_COMMON_TLS_CREDENTIALS_H_
#define STATUSPHERE_COMMON_TLS_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace statusphere {

struct ServerTlsFiles {
  std::string cert_file;       // server certificate chain (PEM); empty: plaintext
  std::string key_file;        // its private key (PEM)
  std::string client_ca_file;  // when set, clients must present a certificate signed by it
};

struct ClientTlsFiles {
  std::string ca_file;    // CA that signed the server's certificate; empty: plaintext
  std::string cert_file;  // client certificate for mutual TLS (optional)
  std::string key_file;
};

// INVALID_ARGUMENT naming the file when one is unreadable or a pair is incomplete.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(const ServerTlsFiles& files);
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(const ClientTlsFiles& files);

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_TLS_CREDENTIALS_H_
