// The real server with mutual TLS behind the real gateway: the gateway's --backend_tls_*
// flags get it through; without its client certificate the backend stays unreachable (503).
#include <iostream>
#include <string>

#include "gtest/gtest.h"
#include "tests/gateway/http_client.h"
#include "tests/gateway/rest_assertions.h"
#include "tests/gateway/stack.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_certs.h"

namespace statusphere::testing {
namespace {

TEST(GatewayTlsTest, ReachesAMutualTlsBackendWithItsClientCertificate) {
  absl::StatusOr<TestCerts> certs = MakeTestCerts(FreshTempDir("gateway_tls_certs"));
  ASSERT_TRUE(certs.ok()) << certs.status();
  GatewayStack stack("gateway_tls");
  struct DumpLogsOnFailure {
    GatewayStack& stack;
    ~DumpLogsOnFailure() {
      if (::testing::Test::HasFailure()) std::cerr << stack.Logs();
    }
  } dump{stack};
  absl::Status started =
      stack.StartServer(0, {"--tls_cert_file=" + certs->server_cert_file, "--tls_key_file=" + certs->server_key_file,
                            "--tls_client_ca_file=" + certs->ca_file});
  ASSERT_TRUE(started.ok()) << started;
  const std::string backend = "--backend=" + stack.server_address();
  started = stack.StartGateway({"--listen=127.0.0.1:0", backend, "--backend_tls_ca_file=" + certs->ca_file,
                                "--backend_tls_client_cert_file=" + certs->client_cert_file,
                                "--backend_tls_client_key_file=" + certs->client_key_file});
  ASSERT_TRUE(started.ok()) << started;
  EXPECT_EQ(JsonOk(Get(stack.Url("/api/v1/statusPages/count")), "over mutual TLS")["statusPageCount"], 0);
  EXPECT_EQ(Get(stack.Url("/healthz")).status, 200);

  started = stack.StartGateway({"--listen=127.0.0.1:0", backend, "--backend_tls_ca_file=" + certs->ca_file});
  ASSERT_TRUE(started.ok()) << started;
  ErrorMessage(Get(stack.Url("/api/v1/statusPages/count")), 503, "without a client certificate");
}

}  // namespace
}  // namespace statusphere::testing
