// gRPC over TLS and mutual TLS, in process on 127.0.0.1, with a throwaway PKI: the right
// client gets in, plaintext, certificate-less and wrongly-trusting clients do not.
#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/tls_credentials.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"
#include "tests/support/in_process_server.h"
#include "tests/support/server_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_certs.h"

namespace statusphere {
namespace {

using statusphere::testing::TestCerts;

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<TestCerts> certs = statusphere::testing::MakeTestCerts(statusphere::testing::FreshTempDir("tls"));
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = *certs;
  }

  void Start(bool mutual) {
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        MakeServerCredentials({certs_.server_cert_file, certs_.server_key_file, mutual ? certs_.ca_file : ""});
    ASSERT_TRUE(credentials.ok()) << credentials.status();
    auto server = statusphere::testing::InProcessServer::Start(
        [&](ServerOptions& options) { options.credentials = *credentials; });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }

  grpc::Status Count(std::shared_ptr<grpc::ChannelCredentials> credentials, const std::string& host = "127.0.0.1") {
    auto channel = grpc::CreateChannel(absl::StrCat(host, ":", server_->port()), credentials);
    auto stub = v1::StatusPageService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
    v1::CountStatusPagesResponse response;
    return stub->CountStatusPages(&context, v1::CountStatusPagesRequest(), &response);
  }

  std::shared_ptr<grpc::ChannelCredentials> Client(const ClientTlsFiles& files) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = MakeChannelCredentials(files);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    return credentials.ok() ? *credentials : grpc::InsecureChannelCredentials();
  }

  TestCerts certs_;
  std::unique_ptr<statusphere::testing::InProcessServer> server_;
};

TEST_F(TlsTest, ServerTlsAcceptsTrustingClientsOnly) {
  Start(/*mutual=*/false);
  EXPECT_TRUE(Count(Client({certs_.ca_file, "", ""})).ok());
  EXPECT_TRUE(Count(Client({certs_.ca_file, "", ""}), "localhost").ok());  // the SAN's name
  EXPECT_EQ(Count(grpc::InsecureChannelCredentials()).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Count(Client({certs_.other_ca_file, "", ""})).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRequiresAClientCertificateFromTheCa) {
  Start(/*mutual=*/true);
  EXPECT_TRUE(Count(Client({certs_.ca_file, certs_.client_cert_file, certs_.client_key_file})).ok());
  EXPECT_EQ(Count(Client({certs_.ca_file, "", ""})).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Count(grpc::InsecureChannelCredentials()).error_code(), grpc::StatusCode::UNAVAILABLE);
  // A certificate the server's CA did not sign (the server's own key pair from the other
  // CA's point of view is not a client certificate of this CA either).
  EXPECT_EQ(Count(Client({certs_.ca_file, certs_.other_ca_file, certs_.dir + "/other-ca.key"})).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MisconfigurationIsAClearError) {
  auto server_error = [](const ServerTlsFiles& files) {
    return std::string(MakeServerCredentials(files).status().message());
  };
  EXPECT_EQ(server_error({certs_.server_cert_file, "", ""}), "tls_cert_file and tls_key_file go together");
  EXPECT_EQ(server_error({"", "", certs_.ca_file}), "tls_client_ca_file needs tls_cert_file and tls_key_file");
  EXPECT_EQ(server_error({"/no/such.pem", certs_.server_key_file, ""}), "tls_cert_file: cannot read '/no/such.pem'");
  EXPECT_EQ(server_error({certs_.dir + "/server.ext", certs_.server_key_file, ""}),
            absl::StrCat("tls_cert_file: '", certs_.dir, "/server.ext' holds no PEM data"));
  auto client_error = [](const ClientTlsFiles& files) {
    return std::string(MakeChannelCredentials(files).status().message());
  };
  EXPECT_EQ(client_error({"", certs_.client_cert_file, certs_.client_key_file}),
            "tls_client_cert_file needs tls_ca_file (TLS) as well");
  EXPECT_EQ(client_error({certs_.ca_file, certs_.client_cert_file, ""}),
            "tls_client_cert_file and tls_client_key_file go together");
}

}  // namespace
}  // namespace statusphere
