#include "server/metrics/rpc_metrics.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/metrics/metrics.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "statusphere/v1/status_page_service.grpc.pb.h"

namespace statusphere::metrics {
namespace {

TEST(RpcMetrics, MethodNamesSplitIntoServiceAndMethod) {
  EXPECT_EQ(SplitMethod("/statusphere.v1.StatusPageService/ListStatusPages"),
            (std::pair<std::string, std::string>{"statusphere.v1.StatusPageService", "ListStatusPages"}));
  EXPECT_EQ(SplitMethod("/grpc.health.v1.Health/Check"),
            (std::pair<std::string, std::string>{"grpc.health.v1.Health", "Check"}));
  EXPECT_EQ(SplitMethod(""), (std::pair<std::string, std::string>{"unknown", "unknown"}));
  EXPECT_EQ(SplitMethod("/nonsense"), (std::pair<std::string, std::string>{"unknown", "unknown"}));
}

TEST(RpcMetrics, CodesAreNamedAsGrpcNamesThem) {
  EXPECT_EQ(CodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(CodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_EQ(CodeName(grpc::StatusCode::RESOURCE_EXHAUSTED), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(CodeName(static_cast<grpc::StatusCode>(99)), "UNKNOWN");
}

// A real server with the interceptor: a method of a compiled-in service is counted by name
// (here answered UNIMPLEMENTED, as a base service does), any other path under "unknown".
TEST(RpcMetrics, UnknownMethodsAreCountedAsUnknownNotByTheirName) {
  v1::StatusPageService::Service unimplemented;  // every method answers UNIMPLEMENTED
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&unimplemented);
  builder.experimental().SetInterceptorCreators(RpcMetricsInterceptors());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  grpc::GenericStub stub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  auto call = [&](const std::string& method) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::Slice empty_message("");  // an empty request: every method's request message parses from it
    grpc::ByteBuffer request(&empty_message, 1), response;
    absl::Notification done;
    grpc::Status status;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
      status = s;
      done.Notify();
    });
    done.WaitForNotification();
    return status.error_code();
  };
  EXPECT_EQ(call("/statusphere.v1.StatusPageService/ListStatusPages"), grpc::StatusCode::UNIMPLEMENTED);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(call(absl::StrCat("/attacker.Chosen/Name", i)), grpc::StatusCode::UNIMPLEMENTED);
  }
  EXPECT_EQ(call("/statusphere.v1.StatusPageService/NoSuchMethod"), grpc::StatusCode::UNIMPLEMENTED);
  server->Shutdown();

  const std::string exposition = DefaultRegistry().Render();
  EXPECT_NE(exposition.find("statusphere_api_requests_total{service=\"statusphere.v1.StatusPageService\","
                            "method=\"ListStatusPages\",code=\"UNIMPLEMENTED\"} 1"),
            std::string::npos)
      << exposition;
  EXPECT_NE(exposition.find("statusphere_api_requests_total{service=\"unknown\",method=\"unknown\","
                            "code=\"UNIMPLEMENTED\"} 6"),
            std::string::npos)
      << exposition;
  EXPECT_EQ(exposition.find("attacker"), std::string::npos) << exposition;
  EXPECT_EQ(exposition.find("NoSuchMethod"), std::string::npos) << exposition;
}

TEST(RpcMetrics, MethodLabelsKnowOnlyCompiledInMethods) {
  EXPECT_EQ(MethodLabels("/statusphere.v1.StatusPageService/GetCurrentStatus"),
            (std::pair<std::string, std::string>{"statusphere.v1.StatusPageService", "GetCurrentStatus"}));
  EXPECT_EQ(MethodLabels("/statusphere.v1.StatusPageService/getcurrentstatus"),
            (std::pair<std::string, std::string>{"unknown", "unknown"}));
  EXPECT_EQ(MethodLabels("/statusphere.v1.Nope/GetCurrentStatus"),
            (std::pair<std::string, std::string>{"unknown", "unknown"}));
  EXPECT_EQ(MethodLabels("/a/b/c"), (std::pair<std::string, std::string>{"unknown", "unknown"}));
  EXPECT_EQ(MethodLabels(""), (std::pair<std::string, std::string>{"unknown", "unknown"}));
}

}  // namespace
}  // namespace statusphere::metrics
