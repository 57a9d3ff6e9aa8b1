// A throwaway PKI for TLS tests, made with the openssl command line: a CA, a server
// certificate for 127.0.0.1/localhost and a client certificate signed by it, and a second,
// unrelated CA for the cases that must be refused.
#ifndef STATUSPHERE_TESTS_SUPPORT_TEST_CERTS_H_
#define STATUSPHERE_TESTS_SUPPORT_TEST_CERTS_H_

#include <string>

#include "absl/status/statusor.h"

namespace statusphere::testing {

struct TestCerts {
  std::string dir;
  std::string ca_file;           // ca.pem
  std::string server_cert_file;  // server.pem (SAN IP:127.0.0.1, DNS:localhost)
  std::string server_key_file;
  std::string client_cert_file;  // client.pem (clientAuth), signed by the CA
  std::string client_key_file;
  std::string other_ca_file;  // a CA that signed nothing here

  static std::string Read(const std::string& path);
};

// Creates the files under `dir` (which must exist).
absl::StatusOr<TestCerts> MakeTestCerts(const std::string& dir);

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_SUPPORT_TEST_CERTS_H_
