#include "tests/support/test_certs.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace statusphere::testing {
namespace {

absl::Status Run(const std::string& dir, const std::string& command) {
  const std::string full = absl::StrCat("cd '", dir, "' && ", command, " >>openssl.log 2>&1");
  if (std::system(full.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("openssl failed: ", command, "\n", TestCerts::Read(dir + "/openssl.log")));
  }
  return absl::OkStatus();
}

// EC keys: generated in milliseconds, unlike RSA.
constexpr char kNewKey[] = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

}  // namespace

std::string TestCerts::Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<TestCerts> MakeTestCerts(const std::string& dir) {
  std::ofstream(dir + "/server.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n";
  std::ofstream(dir + "/client.ext") << "extendedKeyUsage=clientAuth\n";
  const std::string steps[] = {
      absl::StrCat("openssl req -x509 ", kNewKey,
                   " -keyout ca.key -out ca.pem -days 2 -subj '/CN=statusphere test CA'"),
      absl::StrCat("openssl req -x509 ", kNewKey,
                   " -keyout other-ca.key -out other-ca.pem -days 2 -subj '/CN=other CA'"),
      absl::StrCat("openssl req ", kNewKey, " -keyout server.key -out server.csr -subj '/CN=localhost'"),
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 "
      "-extfile server.ext",
      absl::StrCat("openssl req ", kNewKey, " -keyout client.key -out client.csr -subj '/CN=statusphere-scraper'"),
      "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 "
      "-extfile client.ext",
  };
  for (const std::string& step : steps) {
    if (absl::Status s = Run(dir, step); !s.ok()) return s;
  }
  TestCerts certs;
  certs.dir = dir;
  certs.ca_file = dir + "/ca.pem";
  certs.server_cert_file = dir + "/server.pem";
  certs.server_key_file = dir + "/server.key";
  certs.client_cert_file = dir + "/client.pem";
  certs.client_key_file = dir + "/client.key";
  certs.other_ca_file = dir + "/other-ca.pem";
  return certs;
}

}  // namespace statusphere::testing
